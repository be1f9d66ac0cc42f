#pragma once
// The student version of a course: the whole tree, where in the selected
// modules every solution body becomes a stub that throws NotImplemented,
// without instructor-only tests, and with release.json listing every src/ and
// tests/ file of every module by SHA-256 (grading and reset compare against
// it). Staged beside the target folder and renamed into place: a marker error
// or a crash never leaves half a release.
//
//   // BEGIN SOLUTION Task 14.2: KVCache::update        // BEGIN SOLUTION Task 14.2: KVCache::update
//   for (const Tensor* t : {&key, &value}) {       ->   throw tinytorch::NotImplemented("Task 14.2: KVCache::update");
//   ...                                                 // END SOLUTION
//   // END SOLUTION

#include <filesystem>
#include <string>
#include <vector>

#include "tito/config.hpp"
#include "tito/course.hpp"

namespace tito {

/// The file at the root of a release that lists its module files with their SHA-256.
inline constexpr const char* kReleaseManifest = "release.json";

/// What to release, and where.
struct ReleaseOptions {
  std::filesystem::path out;  ///< must not exist, or be an empty folder
  std::vector<int> modules;   ///< modules whose solutions become stubs; empty: every module
};

/// What a release wrote.
struct ReleaseSummary {
  std::filesystem::path out;     ///< the release folder
  std::vector<int> modules;      ///< modules whose solutions were stubbed
  int files = 0;                 ///< files written (release.json included)
  int stubs = 0;                 ///< solution blocks replaced by stubs
  int hidden_files = 0;          ///< tests/hidden_*.cpp files left out
  int hidden_items = 0;          ///< `hidden = true` registry items removed
};

/// The statement a stub consists of: `throw tinytorch::NotImplemented("Task 14.2: KVCache::update");`.
std::string stub_statement(const std::string& label);

/// `file`'s text with every solution body replaced by its stub, indented like its BEGIN marker;
/// markers that do not pair up or nest are a usage error naming file:line.
std::string stub_source(const std::filesystem::path& file);

/// The text of the grading.toml `file` without its `hidden = true` items (comments and layout of the
/// rest kept); `removed` receives how many went. A registry left empty is a usage error.
std::string strip_hidden_items(const std::filesystem::path& file, int* removed = nullptr);

/// True for the files a release leaves out of a module's tests/: instructor-only `hidden_*.cpp`.
bool is_hidden_test_file(const std::filesystem::path& file);

/// Writes the student version of the course into options.out. A non-empty target, an unknown module or
/// a marker error is a usage error, and then nothing is written.
ReleaseSummary release_course(const Config& config, const Course& course, const ReleaseOptions& options);

}  // namespace tito
