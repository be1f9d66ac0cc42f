#pragma once
// `tito module check`: a course consistency review, as a scorecard per
// module. Each category makes a number of checks; every failed check is a
// problem saying what is missing and where (file:line).
//
//   module.toml        title, summary, version set; a named bench is built from bench/
//   registry           tests/grading.toml reads, [[unit]] and [[integration]] non-empty
//   registry = tests   the module's test executable builds and its tests match the registry both ways
//   solution markers   BEGIN/END SOLUTION pair up in every src/ file
//   tasks              every task of the markers is in the lesson, the registry and the tests
//   lesson             README.md has the fixed sections, a diagram, a ### heading per task
//   stubs build        (--stubs) the module's library compiles with every solution stubbed

#include <filesystem>
#include <string>
#include <vector>

#include "tito/config.hpp"
#include "tito/course.hpp"

namespace tito {

/// One failed check: where (file:line when there is one), what is missing, and what to do.
struct CheckProblem {
  std::string where;    ///< "path:line", "path", or empty when the message names the place itself
  std::string message;
  std::string hint;
};

/// One line of the scorecard: how many of the category's checks passed, and the problems.
struct CheckCategory {
  std::string name;
  int checks = 0;                      ///< checks made
  std::vector<CheckProblem> problems;  ///< one per failed check
  std::string skipped;                 ///< why nothing was checked; empty when it was

  /// Counts a check that passed.
  void pass() { ++checks; }
  /// Counts a check that failed, with its problem.
  void fail(std::string where, std::string message, std::string hint = {});
  /// Checks that passed.
  int passed() const { return checks - static_cast<int>(problems.size()); }
  /// True when no check failed (a skipped category is ok).
  bool ok() const { return problems.empty(); }
};

/// The scorecard of one module.
struct ModuleCheck {
  int number = 0;
  std::string folder;                     ///< "14_kvcaching"
  std::string title;
  std::vector<CheckCategory> categories;  ///< in the order above

  /// True when every category is ok.
  bool ok() const;
  /// The category called `name`, or nullptr.
  const CheckCategory* category(const std::string& name) const;
};

/// What to check beyond the module's files.
struct CheckOptions {
  bool build_tests = true;             ///< build the test executable to compare it with the registry
  std::filesystem::path build_dir;     ///< where to build it; empty: tito.toml's build folder
};

/// Checks one module's files, and (with options.build_tests) its registry against its test executable.
ModuleCheck check_module(const Config& config, const Module& module, const CheckOptions& options);

/// Adds the "stubs build" category to each of `checks`: releases their modules with stubs into a
/// scratch copy of the course, then compiles each module's library there, dependencies first.
void check_stubs(const Config& config, const Course& course, std::vector<ModuleCheck>& checks);

}  // namespace tito
