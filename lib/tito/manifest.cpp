#include "tito/manifest.hpp"

#include <fmt/format.h>

#include <ctime>
#include <set>

#include <nlohmann/json.hpp>

#include "tito/error.hpp"
#include "tito/fsutil.hpp"
#include "tito/sha256.hpp"

namespace tito {

using Json = nlohmann::ordered_json;

const ManifestModule* Manifest::find(int number) const {
  for (const ManifestModule& module : modules) {
    if (module.number == number) return &module;
  }
  return nullptr;
}

std::string Manifest::to_json() const {
  Json root;
  root["format"] = 1;
  root["course"] = course;
  root["tito_version"] = tito_version;
  root["updated_at"] = updated_at;
  root["shared_files"] = shared_files;
  root["modules"] = Json::array();
  for (const ManifestModule& m : modules) {
    root["modules"].push_back({{"number", m.number},
                               {"slug", m.slug},
                               {"version", m.version},
                               {"depends", m.depends},
                               {"tests_passed", m.tests_passed},
                               {"tests_total", m.tests_total},
                               {"points", m.points},
                               {"points_possible", m.points_possible},
                               {"seconds", m.seconds},
                               {"completed_at", m.completed_at},
                               {"tito_version", m.tito_version},
                               {"files", m.files}});
  }
  return root.dump(2) + "\n";
}

Manifest read_manifest(const std::filesystem::path& path) {
  const std::string text = read_file(path);
  try {
    const Json root = Json::parse(text);
    if (root.at("format").get<int>() != 1) throw std::runtime_error("unknown format");
    Manifest manifest;
    manifest.course = root.at("course").get<std::string>();
    manifest.tito_version = root.at("tito_version").get<std::string>();
    manifest.updated_at = root.at("updated_at").get<std::string>();
    manifest.shared_files = root.at("shared_files").get<std::map<std::string, std::string>>();
    for (const Json& m : root.at("modules")) {
      ManifestModule module;
      module.number = m.at("number").get<int>();
      module.slug = m.at("slug").get<std::string>();
      module.version = m.at("version").get<std::string>();
      module.depends = m.at("depends").get<std::vector<int>>();
      module.tests_passed = m.at("tests_passed").get<int>();
      module.tests_total = m.at("tests_total").get<int>();
      module.points = m.at("points").get<int>();
      module.points_possible = m.at("points_possible").get<int>();
      module.seconds = m.at("seconds").get<double>();
      module.completed_at = m.at("completed_at").get<std::string>();
      module.tito_version = m.at("tito_version").get<std::string>();
      module.files = m.at("files").get<std::map<std::string, std::string>>();
      manifest.modules.push_back(std::move(module));
    }
    return manifest;
  } catch (const std::exception& error) {
    throw Error(ExitCode::kEnvironment, fmt::format("{}: not a valid manifest: {}", path.string(), error.what()),
                "the package is damaged; `tito module complete N` rebuilds it");
  }
}

std::vector<std::string> verify_package(const std::filesystem::path& root, const Manifest& manifest) {
  std::vector<std::string> problems;
  std::set<std::string> listed{"manifest.json"};
  auto check = [&](const std::string& file, const std::string& expected) {
    listed.insert(file);
    const auto path = root / file;
    if (!std::filesystem::is_regular_file(path)) {
      problems.push_back(fmt::format("missing: {}", file));
    } else if (sha256_file(path) != expected) {
      problems.push_back(fmt::format("changed: {} (SHA-256 differs from the manifest)", file));
    }
  };
  for (const auto& [file, hash] : manifest.shared_files) check(file, hash);
  for (const ManifestModule& module : manifest.modules) {
    for (const auto& [file, hash] : module.files) check(file, hash);
  }
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    const std::string file = std::filesystem::relative(entry.path(), root).generic_string();
    if (listed.count(file) == 0) problems.push_back(fmt::format("not in the manifest: {}", file));
  }
  return problems;
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return buffer;
}

}  // namespace tito
