// Registries: what a good grading.toml gives, and each inconsistency as an error naming the file.

#include "tito/registry.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "tito/error.hpp"

namespace tito {
namespace {

using testing::TempCourse;

constexpr const char* kGood =
    "[[unit]]\nid = \"a\"\ntests = [\"S.One\", \"S.Two\"]\npoints = 10\ntask = \"14.1\"\n"
    "[[integration]]\nid = \"b\"\ntests = [\"I.All\"]\npoints = 20\nhidden = true\n";

Module module_with_registry(const TempCourse& course, const std::string& registry) {
  course.add_module(14, "kv");
  course.write("modules/14_kv/tests/grading.toml", registry);
  return read_module(course.path() / "modules/14_kv");
}

std::string registry_error(const TempCourse& course, const std::string& text,
                           const std::vector<std::string>& executable = {}) {
  try {
    const Registry registry = read_registry(module_with_registry(course, text));
    check_registry_matches(registry, executable);
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kUsage);
    return error.what();
  }
  return "";
}

TEST(Registry, ReadsUnitThenIntegration) {
  TempCourse course;
  const Registry registry = read_registry(module_with_registry(course, kGood));
  ASSERT_EQ(registry.items.size(), 2u);
  EXPECT_EQ(registry.items[0].kind, RegistryKind::kUnit);
  EXPECT_EQ(registry.items[0].tests, (std::vector<std::string>{"S.One", "S.Two"}));
  EXPECT_EQ(registry.items[0].task, "14.1");
  EXPECT_FALSE(registry.items[0].hidden);
  EXPECT_EQ(registry.items[1].kind, RegistryKind::kIntegration);
  EXPECT_TRUE(registry.items[1].hidden);
  EXPECT_EQ(registry.total_points(), 30);
  EXPECT_NO_THROW(check_registry_matches(registry, {"S.One", "I.All", "S.Two"}));
}

TEST(Registry, MissingFileIsNamed) {
  TempCourse course;
  course.add_module(14, "kv");
  try {
    read_registry(read_module(course.path() / "modules/14_kv"));
    FAIL();
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("14_kv/tests/grading.toml: module 14 has no grading registry"),
              std::string::npos);
  }
}

TEST(Registry, TestMissingFromExecutable) {
  TempCourse course;
  const std::string message = registry_error(course, kGood, {"S.One", "I.All"});
  EXPECT_NE(message.find("grading.toml:1:1: grade id `a` lists S.Two, which is not in the test executable"),
            std::string::npos)
      << message;
}

TEST(Registry, UnclaimedTestInExecutable) {
  TempCourse course;
  const std::string message = registry_error(course, kGood, {"S.One", "S.Two", "I.All", "S.Extra"});
  EXPECT_NE(message.find("grading.toml: no grade id claims S.Extra"), std::string::npos) << message;
}

TEST(Registry, EmptyRegistries) {
  TempCourse course;
  EXPECT_NE(registry_error(course, "").find("the unit registry is empty"), std::string::npos);
  EXPECT_NE(registry_error(course, "[[unit]]\nid = \"a\"\ntests = [\"S.A\"]\npoints = 1\n")
                .find("the integration registry is empty"),
            std::string::npos);
}

TEST(Registry, DuplicateIdNamesBothPlaces) {
  TempCourse course;
  const std::string message = registry_error(
      course, std::string(kGood) + "[[integration]]\nid = \"a\"\ntests = [\"I.Other\"]\npoints = 1\n");
  EXPECT_NE(message.find("grading.toml:11:1: duplicate grade id `a` (first at"), std::string::npos) << message;
}

TEST(Registry, TestInTwoItems) {
  TempCourse course;
  const std::string message = registry_error(
      course, std::string(kGood) + "[[integration]]\nid = \"c\"\ntests = [\"S.One\"]\npoints = 1\n");
  EXPECT_NE(message.find("test S.One belongs to both `a` and `c`"), std::string::npos) << message;
}

TEST(Registry, BadValues) {
  TempCourse course;
  EXPECT_NE(registry_error(course, "[[unit]]\nid = \"a\"\ntests = [\"S.A\"]\npoints = 0\n").find("points of `a`"),
            std::string::npos);
  EXPECT_NE(registry_error(course, "[[unit]]\nid = \"a\"\ntests = []\npoints = 1\n").find("lists no tests"),
            std::string::npos);
  EXPECT_NE(registry_error(course, "[[unit]]\nid = \"a\"\ntests = [\"NoDot\"]\npoints = 1\n")
                .find("`NoDot` is not a GoogleTest name"),
            std::string::npos);
  EXPECT_NE(registry_error(course, "[[unit]]\nid = \"a\"\ntests = [\"S.A\"]\npoints = 1\nweight = 2\n")
                .find("unknown key `weight` in [[unit]]"),
            std::string::npos);
  EXPECT_NE(registry_error(course, "[[unit]]\nid = \"a\"\ntests = [\"S.A\"]\npoints = \"ten\"\n")
                .find("`points` must be an integer"),
            std::string::npos);
}

TEST(Registry, ParsesGtestListing) {
  const std::string listing =
      "Running main() from gtest_main.cc\nSuite.\n  One\n  Two\nParam/Case.\n  Run/0  # GetParam() = 3\n"
      "Typed/0.  # TypeParam = int\n  Works\n";
  EXPECT_EQ(parse_gtest_list(listing),
            (std::vector<std::string>{"Suite.One", "Suite.Two", "Param/Case.Run/0", "Typed/0.Works"}));
}

}  // namespace
}  // namespace tito
