#include "tito/package.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>

#include "tito/error.hpp"
#include "tito/fault.hpp"
#include "tito/fsutil.hpp"
#include "tito/sha256.hpp"
#include "tito/version.hpp"

namespace tito {
namespace {

constexpr const char* kCMakeDir = "lib/cmake/TinyTorch";

std::string module_cmake(const Course& course, const Module& module, bool has_library) {
  std::vector<std::string> links;
  for (int dep : module.depends) links.push_back("TinyTorch::" + course.by_number(dep)->slug);
  std::string text = fmt::format("# TinyTorch::{0}: module {1:02d} ({2}), version {3}, exported by tito {4}.\n",
                                 module.slug, module.number, module.title, module.version, kVersion);
  text += fmt::format("if(NOT TARGET TinyTorch::{})\n", module.slug);
  if (has_library) {
    text += fmt::format("  add_library(TinyTorch::{0} STATIC IMPORTED)\n"
                        "  set_target_properties(TinyTorch::{0} PROPERTIES\n"
                        "    IMPORTED_LOCATION \"${{TinyTorch_PREFIX}}/lib/libtinytorch_{0}.a\")\n",
                        module.slug);
  } else {
    text += fmt::format("  add_library(TinyTorch::{} INTERFACE IMPORTED)\n", module.slug);
  }
  std::string link_list = "Threads::Threads";
  for (const std::string& link : links) link_list += ";" + link;
  text += fmt::format("  set_target_properties(TinyTorch::{} PROPERTIES\n"
                      "    INTERFACE_INCLUDE_DIRECTORIES \"${{TinyTorch_PREFIX}}/include\"\n"
                      "    INTERFACE_COMPILE_FEATURES \"cxx_std_20\"\n"
                      "    INTERFACE_LINK_LIBRARIES \"{}\")\n",
                      module.slug, link_list);
  text += "endif()\n";
  return text;
}

std::string config_cmake(const std::vector<std::string>& slugs) {
  std::string text =
      "# TinyTorch: the modules a learner completed, exported by tito.\n"
      "#   find_package(TinyTorch CONFIG REQUIRED [COMPONENTS slug ...])\n"
      "#   target_link_libraries(app PRIVATE TinyTorch::<slug>)\n"
      "include(CMakeFindDependencyMacro)\n"
      "find_dependency(Threads)\n"
      "get_filename_component(TinyTorch_PREFIX \"${CMAKE_CURRENT_LIST_DIR}/../../..\" ABSOLUTE)\n";
  for (const std::string& slug : slugs) {
    text += fmt::format("include(\"${{CMAKE_CURRENT_LIST_DIR}}/TinyTorch-{}.cmake\")\n", slug);
  }
  text += fmt::format("set(TinyTorch_MODULES {})\n", fmt::join(slugs, " "));
  text +=
      "foreach(_tt_component IN LISTS TinyTorch_FIND_COMPONENTS)\n"
      "  if(NOT TARGET TinyTorch::${_tt_component})\n"
      "    set(TinyTorch_FOUND FALSE)\n"
      "    set(TinyTorch_NOT_FOUND_MESSAGE \"module ${_tt_component} is not in the package; run: tito module complete "
      "${_tt_component}\")\n"
      "  endif()\n"
      "endforeach()\n";
  return text;
}

void copy_into(const std::filesystem::path& from, const std::filesystem::path& to) {
  std::filesystem::create_directories(to.parent_path());
  std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
}

// Files of `module` to export: every header under include/, and its library.
std::map<std::string, std::filesystem::path> module_sources(const Config& config, const Module& module) {
  std::map<std::string, std::filesystem::path> files;
  const auto include = module.dir / "include";
  if (std::filesystem::is_directory(include)) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(include)) {
      if (!entry.is_regular_file()) continue;
      files["include/" + std::filesystem::relative(entry.path(), include).generic_string()] = entry.path();
    }
  }
  const auto library = built_library(config, module);
  if (std::filesystem::exists(library)) files["lib/" + library.filename().string()] = library;
  return files;
}

std::string version_name() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return fmt::format("v{}-{}", std::chrono::duration_cast<std::chrono::microseconds>(now).count(), getpid());
}

}  // namespace

std::filesystem::path built_library(const Config& config, const Module& module) {
  return config.build_dir / "lib" / fmt::format("libtinytorch_{}.a", module.slug);
}

Package::Package(const Config& config)
    : config_(config), root_(config.package_dir), store_(config.state_dir / "package-store") {}

bool Package::exists() const { return std::filesystem::exists(root_ / "manifest.json"); }

Manifest Package::manifest() const {
  if (!exists()) {
    if (std::filesystem::exists(root_) && !std::filesystem::is_symlink(root_) &&
        !std::filesystem::is_empty(root_)) {
      throw Error(ExitCode::kEnvironment,
                  fmt::format("{} is not a package tito made (no manifest.json)", root_.string()),
                  "move it away or change [paths] package_dir in tito.toml");
    }
    Manifest empty;
    empty.course = config_.course_name;
    empty.tito_version = kVersion;
    return empty;
  }
  return read_manifest(root_ / "manifest.json");
}

std::unique_ptr<FileLock> Package::lock(const std::string& purpose) const {
  return std::make_unique<FileLock>(config_.state_dir / "package.lock", purpose);
}

void Package::replace(const Course& course, const std::vector<ExportItem>& add, const std::vector<int>& remove) const {
  const Manifest old = manifest();
  const std::filesystem::path current =
      std::filesystem::is_symlink(root_) ? std::filesystem::canonical(root_) : std::filesystem::path();

  // Versions left by a tito that was killed before it could clean up.
  std::filesystem::create_directories(store_);
  for (const auto& entry : std::filesystem::directory_iterator(store_)) {
    if (current.empty() || !std::filesystem::equivalent(entry.path(), current)) std::filesystem::remove_all(entry.path());
  }

  const auto stage = store_ / version_name();
  std::filesystem::create_directories(stage);
  Manifest next;
  next.course = config_.course_name;
  next.tito_version = kVersion;
  next.updated_at = utc_now();
  std::map<std::string, int> owner;  // file -> module number, to catch two modules shipping one header

  auto claim = [&](const std::string& file, int number) {
    auto [it, fresh] = owner.emplace(file, number);
    if (!fresh && it->second != number) {
      throw usage_error(fmt::format("modules {} and {} both export {}", it->second, number, file),
                        "give each header its own path under include/tinytorch/");
    }
  };
  auto replaced = [&](int number) {
    return std::count(remove.begin(), remove.end(), number) > 0 ||
           std::any_of(add.begin(), add.end(), [&](const ExportItem& item) { return item.module->number == number; });
  };

  for (const ManifestModule& kept : old.modules) {
    if (replaced(kept.number)) continue;
    for (const auto& [file, hash] : kept.files) {
      claim(file, kept.number);
      copy_into(current / file, stage / file);
    }
    next.modules.push_back(kept);
  }
  for (const ExportItem& item : add) {
    const Module& module = *item.module;
    ManifestModule entry;
    entry.number = module.number;
    entry.slug = module.slug;
    entry.version = module.version;
    entry.depends = module.depends;
    for (const GradeResult& grade : item.result.grades) {
      entry.tests_total += static_cast<int>(grade.tests.size());
      for (const TestResult& test : grade.tests) entry.tests_passed += test.status == Status::kPassed ? 1 : 0;
    }
    entry.points = item.result.earned();
    entry.points_possible = item.result.possible();
    entry.seconds = item.result.seconds;
    entry.completed_at = next.updated_at;
    entry.tito_version = kVersion;
    bool has_library = false;
    for (const auto& [file, source] : module_sources(config_, module)) {
      claim(file, module.number);
      copy_into(source, stage / file);
      has_library = has_library || file.starts_with("lib/");
    }
    const std::string cmake_file = fmt::format("{}/TinyTorch-{}.cmake", kCMakeDir, module.slug);
    claim(cmake_file, module.number);
    write_file_atomic(stage / cmake_file, module_cmake(course, module, has_library));
    for (const auto& [file, owner_number] : owner) {
      if (owner_number == module.number) entry.files[file] = sha256_file(stage / file);
    }
    next.modules.push_back(std::move(entry));
    fault_point("export:module-staged");
  }

  // Dependency order, so the config includes each module after what it links.
  std::map<int, std::size_t> rank;
  const auto order = course.dependency_order();
  for (std::size_t i = 0; i < order.size(); ++i) rank[order[i]->number] = i;
  std::sort(next.modules.begin(), next.modules.end(), [&](const ManifestModule& a, const ManifestModule& b) {
    return rank[a.number] < rank[b.number];
  });
  std::vector<std::string> slugs;
  for (const ManifestModule& module : next.modules) slugs.push_back(module.slug);
  const std::string config_file = fmt::format("{}/TinyTorchConfig.cmake", kCMakeDir);
  write_file_atomic(stage / config_file, config_cmake(slugs));
  next.shared_files[config_file] = sha256_file(stage / config_file);
  fault_point("export:config-written");
  write_file_atomic(stage / "manifest.json", next.to_json());
  fault_point("export:manifest-written");

  // The swap: one rename of a symlink, atomic on POSIX file systems.
  std::error_code ec;
  if (std::filesystem::exists(root_) && !std::filesystem::is_symlink(root_)) {
    std::filesystem::remove(root_, ec);  // an empty folder made by hand; a full one was refused above
  }
  std::filesystem::create_directories(root_.parent_path());
  const auto link = root_.parent_path() / fmt::format(".{}.swap-{}", root_.filename().string(), getpid());
  std::filesystem::remove(link, ec);
  std::filesystem::create_directory_symlink(std::filesystem::relative(stage, root_.parent_path()), link);
  fault_point("export:before-swap");
  std::filesystem::rename(link, root_);
  fault_point("export:after-swap");
  if (!current.empty()) std::filesystem::remove_all(current, ec);
}

}  // namespace tito
