#pragma once
// Helpers for toolkit tests: temporary course folders on the real file
// system, and running the built tito binary on them.

#include <filesystem>
#include <string>
#include <vector>

#include "tito/process.hpp"

namespace tito::testing {

/// A temporary folder, removed with everything in it when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  /// Writes `content` to `relative` (folders created as needed); returns the full path.
  std::filesystem::path write(const std::string& relative, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

/// A course folder: tito.toml plus modules written by the test.
class TempCourse : public TempDir {
 public:
  /// Writes a valid tito.toml and an empty modules/ folder.
  TempCourse();
  /// Writes modules/NN_slug/module.toml with the given dependencies.
  std::filesystem::path add_module(int number, const std::string& slug, const std::vector<int>& depends = {}) const;
};

/// The text of a module.toml with these fields.
std::string module_toml(int number, const std::string& slug, const std::vector<int>& depends = {});

/// True when `pid` has ended within a second (a zombie waiting for init counts as ended).
bool process_gone(int pid);

/// Configures (Release, Ninja) the CMake project `source` against the package `prefix`, builds it in
/// `build` and runs its executable `program`; the output of the first step that fails, or of the run.
ProcessResult build_and_run_consumer(const std::filesystem::path& source, const std::filesystem::path& build,
                                     const std::filesystem::path& prefix, const std::string& program);

/// False in a student release (release.json at the root of the sources), whose solutions are stubs.
bool course_has_solutions();

/// Runs the built tito with `args` on `course` (via --course); never throws on a non-zero exit.
ProcessResult run_tito(const std::filesystem::path& course, const std::vector<std::string>& args);

}  // namespace tito::testing

/// Skips a test that needs the course's own solutions: in the toolkit-only (sanitizer) build, which
/// builds no modules, and in a student release, where every solution is a stub.
#ifdef TITO_TOOLKIT_ONLY_BUILD
#define TITO_NEEDS_COURSE_SOLUTIONS() GTEST_SKIP() << "the toolkit-only (sanitizer) build has no course modules"
#else
#define TITO_NEEDS_COURSE_SOLUTIONS()                \
  if (!::tito::testing::course_has_solutions()) \
  GTEST_SKIP() << "a student release: the course's solutions are stubs"
#endif
