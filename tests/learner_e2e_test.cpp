// End to end: the learner's loop — start (prerequisites, lesson, first task),
// test and complete without a number (the current module), resume, status.

#include <gtest/gtest.h>

#include "package_course.hpp"
#include "test_support.hpp"

namespace tito {
namespace {

using testing::run_tito;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(LearnerE2E, StartChecksPrerequisitesAndPointsAtTheFirstTask) {
  testing::TempCourse course;
  course.add_module(1, "base");
  course.add_module(2, "next", {1});
  course.write("modules/02_next/src/work.cpp",
               "int later() {\n  // BEGIN SOLUTION Task 02.2: later\n  return 2;\n  // END SOLUTION\n}\n"
               "int first() {\n  // BEGIN SOLUTION Task 02.1: first\n  return 1;\n  // END SOLUTION\n}\n");
  course.write("modules/02_next/tests/grading.toml",
               "[[unit]]\nid = \"firsts\"\ntests = [\"A.B\"]\npoints = 1\ntask = \"02.1\"\n"
               "[[integration]]\nid = \"all\"\ntests = [\"A.C\"]\npoints = 1\n");
  auto result = run_tito(course.path(), {"module", "start", "2"});
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_TRUE(contains(result.output, "tito module complete 1")) << result.output;
  EXPECT_TRUE(contains(result.output, "nothing started")) << result.output;
  EXPECT_FALSE(std::filesystem::exists(course.path() / ".tito/progress.json")) << "nothing was marked";

  result = run_tito(course.path(), {"module", "start", "2", "--force"});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "lesson:  " + (course.path() / "modules/02_next/README.md").string()))
      << result.output;
  EXPECT_TRUE(contains(result.output, "edit:    " + (course.path() / "modules/02_next/src/work.cpp").string()));
  EXPECT_TRUE(contains(result.output, "first: Task 02.1: first, in src/work.cpp:7")) << "by task id, not file order\n"
                                                                                     << result.output;
  EXPECT_TRUE(contains(result.output, "test it: tito module test 2 --filter firsts")) << result.output;
  const auto status = run_tito(course.path(), {"module", "status"});
  EXPECT_TRUE(contains(status.output, "▶ 02")) << status.output;
}

TEST(LearnerE2E, CurrentModuleResumeAndStatusFollowTheRuns) {
  testing::PackageCourse course;
  ASSERT_EQ(run_tito(course.path(), {"module", "complete", "1"}).exit_code, 0);
  ASSERT_EQ(run_tito(course.path(), {"module", "start", "2"}).exit_code, 0);
  course.break_module("beta", true);
  auto result = run_tito(course.path(), {"module", "test"});  // no number: the current module, 2
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_TRUE(contains(result.output, "Module 02")) << result.output;
  result = run_tito(course.path(), {"module", "resume"});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "points: best 5/15")) << result.output;
  EXPECT_TRUE(contains(result.output, "first not passing: unit: failed")) << result.output;
  EXPECT_TRUE(contains(result.output, "next: tito module test 2 --filter unit")) << result.output;
  const auto status = run_tito(course.path(), {"module", "status"});
  EXPECT_TRUE(contains(status.output, "next: tito module test 2 --filter unit")) << status.output;

  course.break_module("beta", false);
  result = run_tito(course.path(), {"module", "complete"});  // again the current module
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "Module 02 exported")) << result.output;
  result = run_tito(course.path(), {"module", "resume"});
  EXPECT_TRUE(contains(result.output, "completed and in the package")) << result.output;
}

}  // namespace
}  // namespace tito
