#pragma once
// The one result model of a test run, and its three renderings: text for
// people, JSON for tools, JUnit XML for CI.

#include <string>
#include <vector>

#include "tito/course.hpp"
#include "tito/registry.hpp"
#include "tito/term.hpp"

namespace tito {

/// How one test (or one grade id, the worst of its tests) ended.
enum class Status { kPassed, kFailed, kCrashed, kTimedOut, kNotImplemented };

/// "passed", "failed", "crashed", "timed out", "not implemented".
const char* status_name(Status status);

/// One GoogleTest test, run in its own process.
struct TestResult {
  std::string name;       ///< "Suite.Name"
  Status status = Status::kFailed;
  std::string reason;     ///< "crashed (SIGSEGV)", "timed out after 5 s", "not implemented: Task 14.2: ..."
  std::string message;    ///< first failure message (or the tail of the output for crashes)
  std::string location;   ///< "file:line" of the first failure, when GoogleTest gave one
  std::string output;     ///< everything the test printed
  double seconds = 0;
};

/// One grade id and its tests.
struct GradeResult {
  GradeItem item;
  Status status = Status::kFailed;  ///< passed only if every test passed; else the first other status
  int earned = 0;                   ///< item.points or 0
  double seconds = 0;
  std::vector<TestResult> tests;

  /// The first test that did not pass, or nullptr.
  const TestResult* first_problem() const;
};

/// One module's run.
struct ModuleResult {
  int number = 0;
  std::string slug;
  std::vector<GradeResult> grades;
  double seconds = 0;  ///< wall time of the run (build excluded)

  int earned() const;
  int possible() const;
  /// How many grade ids ended with `status`.
  int count(Status status) const;
  bool all_passed() const { return count(Status::kPassed) == static_cast<int>(grades.size()); }
};

/// Text for people: one line per grade id, first failure with file:line, a summary.
std::string format_text(const ModuleResult& result, const Style& style, bool verbose);
/// The summary line: "4 passed, 1 failed, 0 crashed, 0 timed out, 1 not implemented · points: 30/50 · 2.1 s".
std::string format_summary(const ModuleResult& result);
/// JSON for every module of a run (schema in README).
std::string format_json(const std::vector<ModuleResult>& results, const std::string& course_name);
/// JUnit XML: one testsuite per module, one testcase per grade id; crashes and timeouts are failures.
std::string format_junit(const std::vector<ModuleResult>& results);

}  // namespace tito
