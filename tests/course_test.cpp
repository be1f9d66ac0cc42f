// Module discovery and its errors, on temporary course folders.

#include "tito/course.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "tito/error.hpp"

namespace tito {
namespace {

using testing::TempCourse;

Course discover(const TempCourse& course) { return Course::discover(load_config(course.path() / "tito.toml")); }

std::string discover_error(const TempCourse& course) {
  try {
    discover(course);
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kUsage);
    return error.what();
  }
  return "";
}

TEST(Course, FindsModulesSortedWithFields) {
  TempCourse course;
  course.add_module(2, "activations", {1});
  course.add_module(1, "tensor");
  course.write("modules/README.md", "not a module");
  const Course found = discover(course);
  ASSERT_EQ(found.modules().size(), 2u);
  EXPECT_EQ(found.modules()[0].number, 1);
  EXPECT_EQ(found.modules()[1].slug, "activations");
  EXPECT_EQ(found.modules()[1].depends, std::vector<int>{1});
  EXPECT_EQ(found.modules()[1].title, "Title of activations");
  EXPECT_EQ(found.modules()[1].dir, course.path() / "modules/02_activations");
}

TEST(Course, OptionalTimeoutAndBench) {
  TempCourse course;
  course.write("modules/03_x/module.toml", testing::module_toml(3, "x") + "timeout = 9\nbench = \"bench_x\"\n");
  const Course found = discover(course);
  EXPECT_EQ(found.modules()[0].timeout_s, 9);
  EXPECT_EQ(found.modules()[0].bench, "bench_x");
}

TEST(Course, ResolvesEveryArgumentForm) {
  TempCourse course;
  course.add_module(1, "tensor");
  course.add_module(14, "kvcaching", {1});
  const Course found = discover(course);
  for (const char* argument : {"14", "014", "14_kvcaching", "kvcaching"}) {
    EXPECT_EQ(found.resolve(argument).number, 14) << argument;
  }
}

TEST(Course, UnknownModuleSuggestsNearest) {
  TempCourse course;
  course.add_module(1, "tensor");
  course.add_module(11, "embeddings", {1});
  course.add_module(14, "kvcaching", {1});
  const Course found = discover(course);
  try {
    found.resolve("41");
    FAIL() << "41 resolved";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kUsage);
    EXPECT_STREQ(error.what(), "no module 41; did you mean 14 (kvcaching)?");
    EXPECT_NE(error.hint().find("1 (tensor), 11 (embeddings), 14 (kvcaching)"), std::string::npos);
  }
  try {
    found.resolve("kvcahcing");
    FAIL();
  } catch (const Error& error) {
    EXPECT_STREQ(error.what(), "no module kvcahcing; did you mean 14 (kvcaching)?");
  }
  try {
    found.resolve("zzzzzzzzzz");
    FAIL();
  } catch (const Error& error) {
    EXPECT_STREQ(error.what(), "no module zzzzzzzzzz");
  }
}

TEST(Course, DuplicateNumberNamesBothFiles) {
  TempCourse course;
  course.add_module(1, "tensor");
  course.write("modules/01_other/module.toml", testing::module_toml(1, "other"));
  const std::string message = discover_error(course);
  EXPECT_NE(message.find("module number 1 is also used by"), std::string::npos) << message;
  EXPECT_NE(message.find("01_other/module.toml"), std::string::npos) << message;
  EXPECT_NE(message.find("01_tensor/module.toml"), std::string::npos) << message;
}

TEST(Course, MissingDependencyIsNamed) {
  TempCourse course;
  course.add_module(2, "activations", {1});
  const std::string message = discover_error(course);
  EXPECT_NE(message.find("02_activations/module.toml: depends on module 1, which does not exist"),
            std::string::npos)
      << message;
}

TEST(Course, CycleIsShownAsPath) {
  TempCourse course;
  course.add_module(1, "a", {3});
  course.add_module(2, "b", {1});
  course.add_module(3, "c", {2});
  const std::string message = discover_error(course);
  EXPECT_NE(message.find("dependency cycle: 1 -> 3 -> 2 -> 1"), std::string::npos) << message;
}

TEST(Course, SelfDependencyRejected) {
  TempCourse course;
  course.add_module(1, "a", {1});
  EXPECT_NE(discover_error(course).find("depends on itself"), std::string::npos);
}

TEST(Course, FolderDisagreeingWithTomlIsNamed) {
  TempCourse course;
  course.write("modules/05_tensor/module.toml", testing::module_toml(6, "tensor"));
  const std::string message = discover_error(course);
  EXPECT_NE(message.find("say the folder should be 06_tensor, but it is 05_tensor"), std::string::npos) << message;
}

TEST(Course, BadFolderNameAndMissingToml) {
  TempCourse course;
  std::filesystem::create_directories(course.path() / "modules/tensor");
  EXPECT_NE(discover_error(course).find("must be named NN_slug"), std::string::npos);
  std::filesystem::remove(course.path() / "modules/tensor");
  std::filesystem::create_directories(course.path() / "modules/07_empty");
  EXPECT_NE(discover_error(course).find("07_empty: module folder without module.toml"), std::string::npos);
}

TEST(Course, UnknownKeyAndWrongTypeInModuleToml) {
  TempCourse course;
  course.write("modules/01_a/module.toml", testing::module_toml(1, "a") + "colour = \"red\"\n");
  std::string message = discover_error(course);
  EXPECT_NE(message.find("module.toml:7:1: unknown key `colour` in module.toml"), std::string::npos) << message;
  course.write("modules/01_a/module.toml",
               "number = \"one\"\nslug = \"a\"\ntitle = \"t\"\nsummary = \"s\"\nversion = \"1\"\n");
  message = discover_error(course);
  EXPECT_NE(message.find("module.toml:1:10: `number` must be an integer, not string"), std::string::npos) << message;
  course.write("modules/01_a/module.toml",
               "number = 1\nslug = \"a\"\ntitle = \"t\"\nsummary = \"s\"\nversion = \"1\"\ndepends = [\"x\"]\n");
  message = discover_error(course);
  EXPECT_NE(message.find("module.toml:6:12: `depends` must be an array of integers, not string"), std::string::npos)
      << message;
}

TEST(Course, DependencyOrderAndClosure) {
  TempCourse course;
  course.add_module(1, "a");
  course.add_module(2, "b", {1});
  course.add_module(3, "c", {1});
  course.add_module(4, "d", {3, 2});
  course.add_module(5, "e", {1});
  const Course found = discover(course);
  std::vector<int> order;
  for (const Module* module : found.dependency_order()) order.push_back(module->number);
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 4, 5}));
  std::vector<int> closure;
  for (const Module* module : found.closure(found.resolve("4"))) closure.push_back(module->number);
  EXPECT_EQ(closure, (std::vector<int>{1, 2, 3, 4}));
}

}  // namespace
}  // namespace tito
