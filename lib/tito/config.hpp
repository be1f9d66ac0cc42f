#pragma once
// tito.toml: what the course is and where its folders are.

#include <filesystem>
#include <string>

namespace tito {

/// The course settings from tito.toml, with every path made absolute.
struct Config {
  std::filesystem::path file;         ///< the tito.toml that was read
  std::filesystem::path root;         ///< the folder holding tito.toml
  std::string course_name;            ///< [course] name
  std::string course_version;         ///< [course] version
  std::filesystem::path modules_dir;  ///< [paths] modules_dir (must exist)
  std::filesystem::path package_dir;  ///< [paths] package_dir (created on first use)
  std::filesystem::path build_dir;    ///< [paths] build_dir (created on first use)
  std::filesystem::path state_dir;    ///< tito's own state: progress, package versions, locks (.tito/)
  int test_timeout_s = 60;            ///< [tests] timeout: seconds one graded test may take
};

/// Reads and validates `file`; any problem is a usage error naming file:line:column.
/// $TITO_PACKAGE_DIR and $TITO_STATE_DIR, when set, override the package folder and the state
/// folder (default <course>/.tito): for CI jobs and tests that must not touch a learner's own.
Config load_config(const std::filesystem::path& file);

/// The folder holding tito.toml: `start` or the nearest of its parents that has one.
std::filesystem::path find_course_root(const std::filesystem::path& start);

}  // namespace tito
