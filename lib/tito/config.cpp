#include "tito/config.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include "tito/toml_file.hpp"

namespace tito {
namespace {

constexpr int kDefaultTimeoutS = 60;

std::filesystem::path resolve(const std::filesystem::path& root, const std::string& value) {
  return (root / value).lexically_normal();
}

}  // namespace

Config load_config(const std::filesystem::path& file) {
  const TomlFile toml = read_toml_file(file);
  const toml::table& top = toml.root;
  require_known_keys(toml, top, {"course", "paths", "tests"}, "tito.toml");

  Config config;
  config.file = std::filesystem::absolute(file).lexically_normal();
  config.root = config.file.parent_path();

  const toml::table* course = optional_table(toml, top, "course");
  if (course == nullptr) {
    throw usage_error(fmt::format("{}: missing the [course] table", file.string()),
                      "add [course] with name = \"...\" and version = \"...\"");
  }
  require_known_keys(toml, *course, {"name", "version"}, "[course]");
  config.course_name = required_string(toml, *course, "name");
  config.course_version = required_string(toml, *course, "version");

  toml::table no_paths;
  const toml::table* paths = optional_table(toml, top, "paths");
  if (paths == nullptr) paths = &no_paths;
  require_known_keys(toml, *paths, {"modules_dir", "package_dir", "build_dir"}, "[paths]");
  config.modules_dir = resolve(config.root, optional_string(toml, *paths, "modules_dir").value_or("modules"));
  config.package_dir = resolve(config.root, optional_string(toml, *paths, "package_dir").value_or("package"));
  config.build_dir = resolve(config.root, optional_string(toml, *paths, "build_dir").value_or("build"));

  config.state_dir = config.root / ".tito";
  if (const char* package = std::getenv("TITO_PACKAGE_DIR"); package != nullptr && package[0] != '\0') {
    config.package_dir = std::filesystem::absolute(package).lexically_normal();
  }
  if (const char* state = std::getenv("TITO_STATE_DIR"); state != nullptr && state[0] != '\0') {
    config.state_dir = std::filesystem::absolute(state).lexically_normal();
  }

  toml::table no_tests;
  const toml::table* tests = optional_table(toml, top, "tests");
  if (tests == nullptr) tests = &no_tests;
  require_known_keys(toml, *tests, {"timeout"}, "[tests]");
  const auto timeout = optional_integer(toml, *tests, "timeout").value_or(kDefaultTimeoutS);
  if (timeout <= 0 || timeout > 24 * 3600) {
    throw usage_error(fmt::format("{}: [tests] timeout must be between 1 and 86400 seconds, not {}",
                                  toml.where(*tests, "timeout"), timeout));
  }
  config.test_timeout_s = static_cast<int>(timeout);

  std::error_code ec;
  if (!std::filesystem::is_directory(config.modules_dir, ec)) {
    throw usage_error(fmt::format("{}: modules folder {} does not exist",
                                  paths->contains("modules_dir") ? toml.where(*paths, "modules_dir")
                                                                 : file.string(),
                                  config.modules_dir.string()),
                      "create it, or point [paths] modules_dir at the folder holding NN_slug/ modules");
  }
  return config;
}

std::filesystem::path find_course_root(const std::filesystem::path& start) {
  std::filesystem::path dir = std::filesystem::absolute(start).lexically_normal();
  while (true) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(dir / "tito.toml", ec)) return dir;
    if (dir == dir.root_path() || dir.empty()) break;
    dir = dir.parent_path();
  }
  throw usage_error(fmt::format("no tito.toml in {} or any folder above it", start.string()),
                    "run tito inside a course folder, or pass --course DIR");
}

}  // namespace tito
