// End to end: `tito module test` on a course whose tests pass, fail, crash,
// hang, throw and hit a stub (see runner_course.cpp).

#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <regex>

#include <nlohmann/json.hpp>

#include "runner_course.hpp"
#include "test_support.hpp"

namespace tito {
namespace {

using testing::run_tito;
using testing::runner_course;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The report line of one grade id, e.g. "segfaults  crashed (SIGSEGV)  0/1".
std::string grade_line(const std::string& output, const std::string& id) {
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    if (std::regex_search(line, std::regex("^    (ok  |FAIL|warn) " + id + " "))) return line;
  }
  return "";
}

TEST(RunnerE2E, EveryOutcomeIsReportedAndTheRestStillRun) {
  testing::TempDir scratch;
  const auto pid_file = scratch.path() / "grandchild.pid";
  ProcessSpec spec;
  spec.argv = {TITO_EXE, "--course", runner_course().string(), "module", "test", "1", "--jobs", "2"};
  spec.extra_env = {"NO_COLOR=1", "RUNNER_COURSE_PID_FILE=" + pid_file.string()};
  spec.timeout = std::chrono::seconds(300);
  const auto start = std::chrono::steady_clock::now();
  const ProcessResult result = run_process(spec);
  const auto& out = result.output;
  EXPECT_EQ(result.exit_code, 1) << out;

  EXPECT_TRUE(contains(grade_line(out, "passes"), "passed")) << out;
  EXPECT_TRUE(contains(grade_line(out, "passes"), "3/3")) << out;
  EXPECT_TRUE(contains(grade_line(out, "fails"), "failed")) << out;
  EXPECT_TRUE(contains(grade_line(out, "fails"), "0/2")) << out;
  EXPECT_TRUE(std::regex_search(out, std::regex("Mixed.WrongAnswer  \\S*unit_mixed.cpp:14"))) << out;
  EXPECT_TRUE(contains(out, "two and two")) << out;
  EXPECT_TRUE(contains(grade_line(out, "segfaults"), "crashed (SIGSEGV)")) << out;
  EXPECT_TRUE(contains(grade_line(out, "aborts"), "aborted (SIGABRT)")) << out;
  EXPECT_TRUE(contains(grade_line(out, "hangs"), "timed out after 2 s")) << out;
  EXPECT_TRUE(contains(grade_line(out, "throws"), "failed")) << out;
  EXPECT_TRUE(contains(out, "boom from the test")) << out;
  EXPECT_TRUE(contains(grade_line(out, "stub"), "not implemented")) << out;
  EXPECT_TRUE(contains(out, "not implemented: Task 01.2: mixed::todo")) << out;
  EXPECT_TRUE(contains(grade_line(out, "workflow"), "5/5")) << out;
  EXPECT_TRUE(contains(out, "2 passed, 2 failed, 2 crashed, 1 timed out, 1 not implemented · points: 8/18")) << out;
  EXPECT_TRUE(contains(out, "next: fix fails (Mixed.WrongAnswer), then: tito module test 1 --filter fails")) << out;
  EXPECT_LT(out.find("  unit"), out.find("  integration")) << "unit registry first";
  // Everything ran within the 2 s timeout of the hanging test plus build and overhead.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(120));

  // The hanging test's grandchild went with its process group.
  pid_t grandchild = 0;
  std::ifstream(pid_file) >> grandchild;
  ASSERT_GT(grandchild, 0) << "the hanging test did not record its child";
  EXPECT_TRUE(testing::process_gone(grandchild)) << "orphan left running: " << grandchild;
}

TEST(RunnerE2E, InterruptStopsTestsAndTheirChildren) {
  testing::TempDir scratch;
  const auto pid_file = scratch.path() / "grandchild.pid";
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c",
               std::string(TITO_EXE) + " --course " + runner_course().string() +
                   " module test 1 --filter hangs --timeout 100 & tito=$!; "
                   "while [ ! -s " + pid_file.string() + " ]; do sleep 0.1; done; "
                   "kill -INT $tito; wait $tito; echo tito-exit=$?"};
  spec.extra_env = {"NO_COLOR=1", "RUNNER_COURSE_PID_FILE=" + pid_file.string()};
  spec.timeout = std::chrono::seconds(60);
  const ProcessResult result = run_process(spec);
  EXPECT_FALSE(result.timed_out) << result.output;
  EXPECT_TRUE(contains(result.output, "tito-exit=130")) << result.output;
  EXPECT_TRUE(contains(result.output, "interrupted")) << result.output;
  pid_t grandchild = 0;
  std::ifstream(pid_file) >> grandchild;
  ASSERT_GT(grandchild, 0);
  EXPECT_TRUE(testing::process_gone(grandchild)) << "orphan left running after Ctrl-C: " << grandchild;
}

TEST(RunnerE2E, JsonReportHasEveryStatus) {
  const auto result = run_tito(runner_course(), {"module", "test", "1", "--format", "json"});
  EXPECT_EQ(result.exit_code, 1);
  const auto start = result.output.find("{\n");
  ASSERT_NE(start, std::string::npos) << result.output;
  const auto json = nlohmann::json::parse(result.output.substr(start));
  const auto& module = json["modules"][0];
  EXPECT_EQ(module["number"], 1);
  EXPECT_EQ(module["points"]["earned"], 8);
  EXPECT_EQ(module["points"]["possible"], 18);
  std::map<std::string, std::string> status;
  for (const auto& grade : module["grades"]) status[grade["id"]] = grade["status"];
  EXPECT_EQ(status["passes"], "passed");
  EXPECT_EQ(status["fails"], "failed");
  EXPECT_EQ(status["segfaults"], "crashed");
  EXPECT_EQ(status["aborts"], "crashed");
  EXPECT_EQ(status["hangs"], "timed out");
  EXPECT_EQ(status["throws"], "failed");
  EXPECT_EQ(status["stub"], "not implemented");
  EXPECT_EQ(module["grades"][1]["tests"][0]["location"].get<std::string>().find("unit_mixed.cpp:14") !=
                std::string::npos,
            true);
  EXPECT_EQ(json["summary"]["passed"], false);
}

TEST(RunnerE2E, JunitValidatesAgainstTheSchema) {
  testing::TempDir scratch;
  const auto xml = scratch.path() / "results.xml";
  const auto result = run_tito(runner_course(), {"module", "test", "1", "--format", "junit", "--output", xml.string(),
                                                 "--timeout", "1"});
  EXPECT_EQ(result.exit_code, 1) << result.output;
  ASSERT_TRUE(std::filesystem::exists(xml)) << result.output;
  ProcessSpec lint;
  lint.argv = {"xmllint", "--noout", "--schema", TITO_SOURCE_DIR "/tests/data/junit.xsd", xml.string()};
  const auto validation = run_process(lint);
  EXPECT_EQ(validation.exit_code, 0) << validation.output;
  std::ifstream in(xml);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(contains(text, "<testcase name=\"segfaults\"")) << text;
  EXPECT_TRUE(contains(text, "type=\"crashed\"")) << text;
  EXPECT_TRUE(contains(text, "message=\"timed out after 1 s\"")) << text;
  EXPECT_TRUE(contains(text, "tests=\"8\" failures=\"6\"")) << text;
}

TEST(RunnerE2E, PassingModuleSaysWhatIsNext) {
  const auto result = run_tito(runner_course(), {"module", "test", "good"});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "3 passed, 0 failed, 0 crashed, 0 timed out, 0 not implemented · points: 20/20"))
      << result.output;
  EXPECT_TRUE(contains(result.output, "all passed — next: tito module complete 2")) << result.output;
}

TEST(RunnerE2E, FiltersAndRegistrySelection) {
  auto result = run_tito(runner_course(), {"module", "test", "1", "--filter", "pass*,work*"});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "points: 8/8")) << result.output;
  result = run_tito(runner_course(), {"module", "test", "1", "--filter", "nothing-matches"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "no graded test selected")) << result.output;
  result = run_tito(runner_course(), {"module", "test", "1", "--integration-only"});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_FALSE(contains(result.output, "passes")) << result.output;
  result = run_tito(runner_course(), {"module", "test", "2", "--unit-only"});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "points: 10/10")) << result.output;
}

TEST(RunnerE2E, AllInDependencyOrderAndStopOnFail) {
  auto result = run_tito(runner_course(), {"module", "test", "--all", "--stop-on-fail", "--filter", "*"});
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_TRUE(contains(result.output, "Module 01")) << result.output;
  EXPECT_FALSE(contains(result.output, "Module 02")) << "stopped at the first failing module\n" << result.output;
}

TEST(RunnerE2E, RegistryOutOfStepIsExit2) {
  const auto result = run_tito(runner_course(), {"module", "test", "3"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "grading.toml:5:1: grade id `missing` lists Bad.Missing, which is not in the "
                                      "test executable"))
      << result.output;
}

TEST(RunnerE2E, BuildErrorShowsTheCompilerAndExits3) {
  testing::TempCourse course;
  course.write("CMakeLists.txt", "cmake_minimum_required(VERSION 3.25)\nproject(broken CXX)\n"
                                 "include(" TITO_SOURCE_DIR "/cmake/TitoModule.cmake)\ntito_add_course_modules()\n");
  const auto dir = course.add_module(1, "broken");
  course.write("modules/01_broken/CMakeLists.txt", "tito_module()\n");
  course.write("modules/01_broken/tests/unit.cpp", "#include <gtest/gtest.h>\nTEST(B, A) { int x = \"text\"; }\n");
  course.write("modules/01_broken/tests/grading.toml",
               "[[unit]]\nid = \"a\"\ntests = [\"B.A\"]\npoints = 1\n[[integration]]\nid = \"b\"\n"
               "tests = [\"B.B\"]\npoints = 1\n");
  const auto result = run_tito(course.path(), {"module", "test", "1"});
  EXPECT_EQ(result.exit_code, 3) << result.output;
  EXPECT_TRUE(contains(result.output, "unit.cpp:2")) << result.output;
  EXPECT_TRUE(contains(result.output, "invalid conversion")) << result.output;
}

TEST(RunnerE2E, UsageErrors) {
  testing::TempCourse fresh;
  fresh.add_module(1, "tensor");
  auto result = run_tito(fresh.path(), {"module", "test"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(contains(result.output, "no module named and no current module yet")) << result.output;
  result = run_tito(runner_course(), {"module", "test", "1", "--all"});
  EXPECT_EQ(result.exit_code, 2);
  result = run_tito(runner_course(), {"module", "test", "1", "--format", "xml"});
  EXPECT_EQ(result.exit_code, 2);
  result = run_tito(runner_course(), {"module", "test", "9"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(contains(result.output, "no module 9")) << result.output;
}

}  // namespace
}  // namespace tito
