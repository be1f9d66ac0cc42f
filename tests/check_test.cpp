// tito module check: the scorecard of a good module, and each kind of problem
// reported with its file:line, on temporary course folders.

#include "tito/check.hpp"
#include "tito/lesson.hpp"

#include <gtest/gtest.h>

#include "runner_course.hpp"
#include "test_support.hpp"

namespace tito {
namespace {

using testing::TempCourse;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

constexpr const char* kSource = R"(#include "tinytorch/core/not_implemented.hpp"

int twice(int x) {
  // BEGIN SOLUTION Task 01.1: twice
  return 2 * x;
  // END SOLUTION
}
)";

constexpr const char* kTests = R"(#include <gtest/gtest.h>
int twice(int x);
// Task 01.1
TEST(Twice, Doubles) { EXPECT_EQ(twice(2), 4); }
TEST(TwiceIntegration, Chains) { EXPECT_EQ(twice(twice(1)), 4); }
)";

constexpr const char* kRegistry = R"([[unit]]
id = "twice"
tests = ["Twice.Doubles"]
points = 10
task = "01.1"

[[integration]]
id = "chains"
tests = ["TwiceIntegration.Chains"]
points = 10
)";

constexpr const char* kLesson = R"(# Module 01

## Why
Because.

## The picture

```
x -> 2x
```

## Tasks

### Task 01.1: twice
Double it.

## How it is tested
Graded by `twice`.

## Measure it yourself
Nothing to measure.

## What's next
Module 02.
)";

// A course with one module, 01_good, that passes every check.
struct GoodCourse : TempCourse {
  GoodCourse() {
    add_module(1, "good");
    write("modules/01_good/src/good.cpp", kSource);
    write("modules/01_good/tests/unit_good.cpp", kTests);
    write("modules/01_good/tests/grading.toml", kRegistry);
    write("modules/01_good/README.md", kLesson);
  }

  ModuleCheck check() const {
    const Config config = load_config(path() / "tito.toml");
    const Course course = Course::discover(config);
    CheckOptions options;
    options.build_tests = false;
    return check_module(config, course.modules().front(), options);
  }
};

// Every problem of one category, as "where: message" lines.
std::string problems(const ModuleCheck& check, const std::string& category) {
  const CheckCategory* found = check.category(category);
  if (found == nullptr) return "no category " + category;
  std::string text;
  for (const CheckProblem& problem : found->problems) text += problem.where + ": " + problem.message + "\n";
  return text;
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(Check, AGoodModulePassesEveryCategory) {
  GoodCourse course;
  const ModuleCheck check = course.check();
  EXPECT_TRUE(check.ok());
  for (const char* name : {"module.toml", "registry", "solution markers", "tasks", "lesson"}) {
    const CheckCategory* category = check.category(name);
    ASSERT_NE(category, nullptr) << name;
    EXPECT_GT(category->checks, 0) << name;
    EXPECT_EQ(category->passed(), category->checks) << name << "\n" << problems(check, name);
  }
  EXPECT_EQ(check.category("lesson")->checks, 8);  // 6 sections, the diagram, one task heading
  EXPECT_EQ(check.category("tasks")->checks, 3);   // in the lesson, in the registry, in the tests
  EXPECT_EQ(check.category("registry = tests")->skipped, "not built (--no-build)");
}

TEST(Check, ALessonMissingASectionIsReportedWhereItBelongs) {
  GoodCourse course;
  course.write("modules/01_good/README.md", replace(kLesson, "## Measure it yourself\nNothing to measure.\n\n", ""));
  const ModuleCheck check = course.check();
  EXPECT_FALSE(check.ok());
  const std::string lesson = problems(check, "lesson");
  // It belongs before `## What's next`, now on line 20.
  EXPECT_TRUE(contains(lesson, "01_good/README.md:20: no `## Measure it yourself` section")) << lesson;
  EXPECT_EQ(check.category("lesson")->passed(), 7);
}

TEST(Check, APictureWithoutADiagramIsReported) {
  GoodCourse course;
  course.write("modules/01_good/README.md", replace(kLesson, "```\nx -> 2x\n```\n", "x doubles\n"));
  const std::string lesson = problems(course.check(), "lesson");
  EXPECT_TRUE(contains(lesson, "README.md:6: `## The picture` has no fenced code block")) << lesson;
}

TEST(Check, ATaskMissingFromTheLessonIsNamedWithItsMarker) {
  GoodCourse course;
  course.write("modules/01_good/src/more.cpp",
               "#include \"tinytorch/core/not_implemented.hpp\"\n\nint thrice(int x) {\n"
               "  // BEGIN SOLUTION Task 01.2: thrice\n  return 3 * x;\n  // END SOLUTION\n}\n");
  const ModuleCheck check = course.check();
  EXPECT_FALSE(check.ok());
  const std::string tasks = problems(check, "tasks");
  EXPECT_TRUE(contains(tasks, "src/more.cpp:4: Task 01.2 (thrice) is not in the lesson")) << tasks;
  EXPECT_TRUE(contains(tasks, "src/more.cpp:4: Task 01.2 (thrice) has no grade id")) << tasks;
  EXPECT_TRUE(contains(tasks, "src/more.cpp:4: Task 01.2 (thrice) is checked by no test")) << tasks;
  const std::string lesson = problems(check, "lesson");
  EXPECT_TRUE(contains(lesson, "README.md:12: no `### Task 01.2: ...` heading under `## Tasks`")) << lesson;
}

TEST(Check, ALessonTaskWithoutMarkersIsReported) {
  GoodCourse course;
  course.write("modules/01_good/README.md",
               replace(kLesson, "## How it is tested", "### Task 01.9: ghost\n\n## How it is tested"));
  const std::string lesson = problems(course.check(), "lesson");
  EXPECT_TRUE(contains(lesson, "README.md:17: `### Task 01.9: ghost` describes a task that no solution marker"))
      << lesson;
}

TEST(Check, UnpairedMarkersAreReportedWithFileAndLine) {
  GoodCourse course;
  course.write("modules/01_good/src/bad.cpp",
               "#include \"tinytorch/core/not_implemented.hpp\"\nint f() {\n  // BEGIN SOLUTION Task 01.1: f\n"
               "  return 1;\n}\n");
  course.write("modules/01_good/src/stray.cpp", "int g() {\n  return 1;\n  // END SOLUTION\n}\n");
  const ModuleCheck check = course.check();
  EXPECT_FALSE(check.ok());
  const std::string markers = problems(check, "solution markers");
  EXPECT_TRUE(contains(markers, "src/bad.cpp:3: BEGIN SOLUTION is never closed")) << markers;
  EXPECT_TRUE(contains(markers, "src/stray.cpp:3: END SOLUTION without a BEGIN SOLUTION")) << markers;
  // The good file is still checked: its task is still found in the lesson.
  EXPECT_TRUE(check.category("tasks")->ok()) << problems(check, "tasks");
}

TEST(Check, MarkersWithoutTheNotImplementedHeaderAreReported) {
  GoodCourse course;
  course.write("modules/01_good/src/good.cpp",
               replace(kSource, "#include \"tinytorch/core/not_implemented.hpp\"\n", ""));
  const std::string markers = problems(course.check(), "solution markers");
  EXPECT_TRUE(contains(markers, "src/good.cpp:3: solution markers, but no #include")) << markers;
}

TEST(Check, ARegistryErrorIsAFailedCategoryNotAnAbort) {
  GoodCourse course;
  course.write("modules/01_good/tests/grading.toml",
               "[[unit]]\nid = \"twice\"\ntests = [\"Twice.Doubles\"]\npoints = 10\n");
  const ModuleCheck check = course.check();
  EXPECT_FALSE(check.ok());
  const std::string registry = problems(check, "registry");
  EXPECT_TRUE(contains(registry, "the integration registry is empty")) << registry;
  EXPECT_EQ(check.category("registry = tests")->skipped, "needs a valid tests/grading.toml");
  // Without a registry the tasks are still checked against the lesson and the tests.
  EXPECT_EQ(check.category("tasks")->checks, 2);
}

TEST(Check, ATaskWithoutAGradeIdOrATestIsReported) {
  GoodCourse course;
  course.write("modules/01_good/tests/grading.toml", replace(kRegistry, "task = \"01.1\"\n", ""));
  course.write("modules/01_good/tests/unit_good.cpp", replace(kTests, "// Task 01.1\n", ""));
  const std::string tasks = problems(course.check(), "tasks");
  EXPECT_TRUE(contains(tasks, "src/good.cpp:4: Task 01.1 (twice) has no grade id: no item in")) << tasks;
  EXPECT_TRUE(contains(tasks, "src/good.cpp:4: Task 01.1 (twice) is checked by no test")) << tasks;
}

TEST(Check, ATestOfTheTasksGradeIdCountsAsATestOfTheTask) {
  GoodCourse course;
  course.write("modules/01_good/tests/unit_good.cpp", replace(kTests, "// Task 01.1\n", ""));
  const ModuleCheck check = course.check();
  EXPECT_TRUE(check.ok()) << problems(check, "tasks");
}

TEST(Check, EmptyFieldsAndAMissingBenchAreReportedInModuleToml) {
  GoodCourse course;
  course.write("modules/01_good/module.toml",
               "number = 1\nslug = \"good\"\ntitle = \"Good\"\nsummary = \"\"\nversion = \"0.1.0\"\n"
               "depends = []\nbench = \"bench_01_speed\"\n");
  const std::string toml = problems(course.check(), "module.toml");
  EXPECT_TRUE(contains(toml, "module.toml:4:11: `summary` is empty")) << toml;
  EXPECT_TRUE(contains(toml, "module.toml:7:9: bench = \"bench_01_speed\", but")) << toml;
  EXPECT_TRUE(contains(toml, "has no add_executable(bench_01_speed ...)")) << toml;

  course.write("modules/01_good/CMakeLists.txt", "tito_module()\nadd_executable(bench_01_speed bench/speed.cpp)\n");
  EXPECT_TRUE(contains(problems(course.check(), "module.toml"), "is not built from a file under"));
  course.write("modules/01_good/bench/speed.cpp", "int main() {}\n");
  EXPECT_FALSE(contains(problems(course.check(), "module.toml"), "bench"));
}

TEST(Check, NoLessonIsOneProblem) {
  GoodCourse course;
  std::filesystem::remove(course.path() / "modules/01_good/README.md");
  const ModuleCheck check = course.check();
  EXPECT_TRUE(contains(problems(check, "lesson"), "01_good/README.md: the module has no lesson"));
  EXPECT_TRUE(contains(problems(check, "tasks"), "Task 01.1 (twice) is not in the lesson"));
}

TEST(Lesson, HeadingsInsideCodeBlocksAreNotSections) {
  GoodCourse course;
  course.write("modules/01_good/README.md", replace(kLesson, "x -> 2x\n", "## Tasks\n### Task 01.7: drawn\n"));
  const ModuleCheck check = course.check();
  EXPECT_TRUE(check.ok()) << problems(check, "lesson");
}

TEST(Lesson, ATaskIdIsMentionedOnlyWhole) {
  EXPECT_TRUE(mentions_task("see Task 14.1: the cells", "14.1"));
  EXPECT_TRUE(mentions_task("(Task 14.1)", "14.1"));
  EXPECT_FALSE(mentions_task("see Task 14.12", "14.1"));
  EXPECT_FALSE(mentions_task("see Task 1401", "14.1"));
  EXPECT_FALSE(mentions_task("see 14.1", "14.1"));
}

TEST(Check, TheRegistryIsComparedWithTheBuiltTestExecutable) {
  // Module 3 of the shared runner course registers a test that does not exist.
  const Config config = load_config(testing::runner_course() / "tito.toml");
  const Course course = Course::discover(config);
  const ModuleCheck check = check_module(config, *course.by_number(3), CheckOptions{});
  const std::string matches = problems(check, "registry = tests");
  EXPECT_TRUE(contains(matches, "grading.toml:5:1: grade id `missing` lists Bad.Missing, which is not in the test "
                                "executable"))
      << matches;
  EXPECT_EQ(check.category("registry = tests")->passed(), 1);  // it built
}

TEST(Check, StubsThatDoNotCompileAreReportedAndTheirDependentsSkipped) {
  TempCourse course;
  course.write("CMakeLists.txt", "cmake_minimum_required(VERSION 3.25)\nproject(stubs CXX)\n"
                                 "include(" TITO_SOURCE_DIR "/cmake/TitoModule.cmake)\ntito_add_course_modules()\n");
  course.add_module(1, "base");
  course.add_module(2, "broken", {1});
  course.add_module(3, "top", {2});
  for (const char* folder : {"01_base", "02_broken", "03_top"}) {
    course.write(std::string("modules/") + folder + "/CMakeLists.txt", "tito_module()\n");
  }
  course.write("modules/01_base/include/tinytorch/core/not_implemented.hpp",
               "#pragma once\n#include <exception>\n#include <string>\nnamespace tinytorch {\n"
               "struct NotImplemented : std::exception {\n  explicit NotImplemented(const std::string&) {}\n};\n}\n");
  course.write("modules/01_base/src/base.cpp", kSource);
  // The stub needs tinytorch::NotImplemented, which this file does not include.
  course.write("modules/02_broken/src/broken.cpp",
               "int thrice(int x) {\n  // BEGIN SOLUTION Task 02.1: thrice\n  return 3 * x;\n  // END SOLUTION\n}\n");
  course.write("modules/03_top/src/top.cpp", "int top() { return 3; }\n");
  const Config config = load_config(course.path() / "tito.toml");
  const Course found = Course::discover(config);
  std::vector<ModuleCheck> checks;
  for (const Module& module : found.modules()) {
    checks.push_back(ModuleCheck{module.number, module.folder_name(), module.title, {}});
  }
  check_stubs(config, found, checks);
  EXPECT_TRUE(checks[0].ok()) << problems(checks[0], "stubs build");
  EXPECT_EQ(checks[0].category("stubs build")->checks, 1);
  const std::string broken = problems(checks[1], "stubs build");
  EXPECT_TRUE(contains(broken, "broken.cpp:3")) << broken;
  EXPECT_TRUE(contains(broken, "tinytorch")) << broken;
  EXPECT_EQ(checks[2].category("stubs build")->skipped, "module 02's stubs do not build");
  EXPECT_FALSE(std::filesystem::exists(course.path() / "build")) << "the stubs are built in a scratch copy";
}

TEST(CheckCli, ScorecardAndExitCodes) {
  GoodCourse course;
  auto result = testing::run_tito(course.path(), {"module", "check", "1", "--no-build"});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "ok   lesson               8/8")) << result.output;
  EXPECT_TRUE(contains(result.output, "skipped: not built (--no-build)")) << result.output;
  EXPECT_TRUE(contains(result.output, "checked 1 module(s): 1 passed, 0 with problems")) << result.output;

  course.write("modules/01_good/README.md", replace(kLesson, "## Why\nBecause.\n\n", ""));
  result = testing::run_tito(course.path(), {"module", "check", "--all", "--no-build"});
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_TRUE(contains(result.output, "FAIL lesson               7/8")) << result.output;
  EXPECT_TRUE(contains(result.output, "modules/01_good/README.md:3: no `## Why` section")) << result.output;
  EXPECT_TRUE(contains(result.output, "1 with problems (01)")) << result.output;

  result = testing::run_tito(course.path(), {"module", "check"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  result = testing::run_tito(course.path(), {"module", "check", "7"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
}

}  // namespace
}  // namespace tito
