// End to end: the built tito binary on temporary course folders.

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "tito/doctor.hpp"

namespace tito {
namespace {

using testing::run_tito;
using testing::TempCourse;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(Cli, VersionAndHelpListEveryCommandAndExitCode) {
  TempCourse course;
  const auto version = run_tito(course.path(), {"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_TRUE(contains(version.output, "tito 0.")) << version.output;
  const auto help = run_tito(course.path(), {"--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* line : {"module list", "module info", "system doctor", "selftest", "Exit codes:",
                           "2  usage or configuration error", "3  build failed", "4  environment problem"}) {
    EXPECT_TRUE(contains(help.output, line)) << line << "\n" << help.output;
  }
}

TEST(Cli, ModuleListShowsNumbersTitlesAndDependencies) {
  TempCourse course;
  course.add_module(1, "tensor");
  course.add_module(2, "activations", {1});
  const auto result = run_tito(course.path(), {"module", "list"});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "2 module(s)")) << result.output;
  EXPECT_TRUE(contains(result.output, "02  activations      Title of activations")) << result.output;
  EXPECT_TRUE(contains(result.output, "depends on: 01")) << result.output;
  EXPECT_FALSE(contains(result.output, "\x1b[")) << "colour codes in a pipe";
}

TEST(Cli, ModuleInfoAcceptsEveryForm) {
  TempCourse course;
  course.add_module(1, "tensor");
  const auto dir = course.add_module(14, "kvcaching", {1});
  course.write("modules/14_kvcaching/src/kv.cpp",
               "void f() {\n  // BEGIN SOLUTION Task 14.1: KVCache::update\n  // END SOLUTION\n}\n");
  for (const char* argument : {"14", "014", "14_kvcaching", "kvcaching"}) {
    const auto result = run_tito(course.path(), {"module", "info", argument});
    EXPECT_EQ(result.exit_code, 0) << result.output;
    EXPECT_TRUE(contains(result.output, "Module 14: Title of kvcaching")) << result.output;
    EXPECT_TRUE(contains(result.output, "01 tensor")) << result.output;
    EXPECT_TRUE(contains(result.output, "Task 14.1: KVCache::update")) << result.output;
    EXPECT_TRUE(contains(result.output, "src/kv.cpp:2")) << result.output;
  }
}

TEST(Cli, UnknownModuleSuggestsAndExits2) {
  TempCourse course;
  course.add_module(1, "tensor");
  course.add_module(14, "kvcaching", {1});
  const auto result = run_tito(course.path(), {"module", "info", "41"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(contains(result.output, "no module 41; did you mean 14 (kvcaching)?")) << result.output;
  EXPECT_TRUE(contains(result.output, "1 (tensor), 14 (kvcaching)")) << result.output;
}

TEST(Cli, UnknownCommandSuggestsAndExits2) {
  TempCourse course;
  auto result = run_tito(course.path(), {"modle", "list"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(contains(result.output, "did you mean `module`?")) << result.output;
  result = run_tito(course.path(), {"module", "lst"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(contains(result.output, "no command `lst` in tito module; did you mean `list`?")) << result.output;
  result = run_tito(course.path(), {"module"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(contains(result.output, "`tito module` needs a command")) << result.output;
  result = run_tito(course.path(), {"module", "info"});
  EXPECT_EQ(result.exit_code, 2) << "CLI11's own codes are 100+; tito maps them to 2";
}

TEST(Cli, MalformedConfigIsOneMessageAndExit2) {
  TempCourse course;
  course.write("tito.toml", "[course]\nname = \"x\"\nversion = \"1\"\n[paths]\nmodules_dir = 5\n");
  const auto result = run_tito(course.path(), {"module", "list"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(contains(result.output, "tito.toml:5:15: `modules_dir` must be a string, not integer"))
      << result.output;
  EXPECT_TRUE(contains(result.output, "hint:")) << result.output;
  EXPECT_FALSE(contains(result.output, "terminate")) << result.output;
}

TEST(Cli, BrokenModuleTomlIsNamed) {
  TempCourse course;
  course.add_module(2, "activations", {1});
  const auto result = run_tito(course.path(), {"module", "list"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(contains(result.output, "02_activations/module.toml: depends on module 1")) << result.output;
}

TEST(Cli, NoCourseFolderIsExit2) {
  testing::TempDir empty;
  const auto result = run_tito(empty.path(), {"module", "list"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(contains(result.output, "no tito.toml")) << result.output;
}

TEST(Cli, DoctorChecksEveryPackageAndFolder) {
  TempCourse course;
  const auto result = run_tito(course.path(), {"system", "doctor"});
  EXPECT_TRUE(result.exit_code == 0 || result.exit_code == 4) << result.output;
  for (const std::string& package : required_packages()) {
    EXPECT_TRUE(contains(result.output, package)) << package;
  }
  EXPECT_TRUE(contains(result.output, "cmake")) << result.output;
  EXPECT_TRUE(contains(result.output, "build folder")) << result.output;
  EXPECT_TRUE(contains(result.output, "will be created")) << result.output;
}

}  // namespace
}  // namespace tito
