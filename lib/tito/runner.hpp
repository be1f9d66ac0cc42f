#pragma once
// Running a module's graded tests: each test in its own child process (its
// own process group, with a timeout), classified as passed / failed /
// crashed / timed out / not implemented.

#include <functional>
#include <string>
#include <vector>

#include "tito/config.hpp"
#include "tito/process.hpp"
#include "tito/course.hpp"
#include "tito/registry.hpp"
#include "tito/report.hpp"

namespace tito {

/// What to run and how.
struct RunOptions {
  int timeout_s = 60;                  ///< per test
  int jobs = 1;                        ///< tests at once
  bool unit = true;                    ///< run the unit registry
  bool integration = true;             ///< run the integration registry
  std::vector<std::string> filters;    ///< grade-id patterns (* and ?); empty: all
  ProcessLimits limits;                ///< limits and user of each test process (tito grade); none by default
  std::function<void(const TestResult&, int done, int total)> on_test;  ///< progress
};

/// The registry items that `options` selects; a filter that selects nothing is a usage error.
std::vector<GradeItem> select_items(const Registry& registry, const RunOptions& options);

/// Lists the executable's tests (--gtest_list_tests); failure to run it is a build error.
std::vector<std::string> list_executable_tests(const std::filesystem::path& executable);

/// Runs the selected items' tests from `executable`, in parallel up to options.jobs.
ModuleResult run_graded_tests(const Module& module, const std::filesystem::path& executable,
                              const std::vector<GradeItem>& items, const RunOptions& options);

/// Runs one test in its own process and classifies the outcome.
TestResult run_one_test(const std::filesystem::path& executable, const std::string& test, int timeout_s,
                        const ProcessLimits& limits = {});

/// True when `text` matches the glob `pattern` (* and ?).
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace tito
