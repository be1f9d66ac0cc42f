#pragma once
// manifest.json at the package root: which modules the package holds, how
// they passed, and every file with its SHA-256. Completion is read from here
// alone.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tito {

/// One exported module.
struct ManifestModule {
  int number = 0;
  std::string slug;
  std::string version;
  std::vector<int> depends;
  int tests_passed = 0;
  int tests_total = 0;
  int points = 0;
  int points_possible = 0;
  double seconds = 0;            ///< test run time
  std::string completed_at;      ///< UTC, ISO 8601
  std::string tito_version;
  std::map<std::string, std::string> files;  ///< package-relative path -> SHA-256
};

/// The whole manifest.
struct Manifest {
  std::string course;
  std::string tito_version;
  std::string updated_at;
  std::map<std::string, std::string> shared_files;  ///< files no single module owns (CMake config)
  std::vector<ManifestModule> modules;              ///< in dependency order

  /// The module with this number, or nullptr.
  const ManifestModule* find(int number) const;
  /// Serialised, stable key order.
  std::string to_json() const;
};

/// Reads `path`; a malformed manifest is an error naming it (the package is then not trusted).
Manifest read_manifest(const std::filesystem::path& path);

/// Differences between the files under `root` and the manifest: missing, changed, or not listed.
std::vector<std::string> verify_package(const std::filesystem::path& root, const Manifest& manifest);

/// Now, as UTC ISO 8601 ("2026-12-04T10:31:05Z").
std::string utc_now();

}  // namespace tito
