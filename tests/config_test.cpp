// tito.toml: good files load, every kind of bad file is a usage error naming file:line:column.

#include "tito/config.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "tito/error.hpp"

namespace tito {
namespace {

using testing::TempDir;

// The message of the usage error load_config throws, or "" if it loads.
std::string load_error(const TempDir& dir) {
  try {
    load_config(dir.path() / "tito.toml");
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kUsage);
    return error.what();
  }
  return "";
}

TEST(Config, LoadsEveryKeyAndResolvesPaths) {
  TempDir dir;
  dir.write("tito.toml",
            "[course]\nname = \"C\"\nversion = \"2.1\"\n[paths]\nmodules_dir = \"mods\"\n"
            "package_dir = \"out/pkg\"\nbuild_dir = \"b\"\n[tests]\ntimeout = 7\n");
  std::filesystem::create_directories(dir.path() / "mods");
  const Config config = load_config(dir.path() / "tito.toml");
  EXPECT_EQ(config.course_name, "C");
  EXPECT_EQ(config.course_version, "2.1");
  EXPECT_EQ(config.modules_dir, dir.path() / "mods");
  EXPECT_EQ(config.package_dir, dir.path() / "out/pkg");
  EXPECT_EQ(config.build_dir, dir.path() / "b");
  EXPECT_EQ(config.test_timeout_s, 7);
}

TEST(Config, DefaultsForOptionalTables) {
  TempDir dir;
  dir.write("tito.toml", "[course]\nname = \"C\"\nversion = \"1\"\n");
  std::filesystem::create_directories(dir.path() / "modules");
  const Config config = load_config(dir.path() / "tito.toml");
  EXPECT_EQ(config.modules_dir, dir.path() / "modules");
  EXPECT_EQ(config.build_dir, dir.path() / "build");
  EXPECT_EQ(config.test_timeout_s, 60);
}

TEST(Config, SyntaxErrorNamesLineAndColumn) {
  TempDir dir;
  dir.write("tito.toml", "[course]\nname = \"C\"\nversion = 1.2.3\n");
  const std::string message = load_error(dir);
  EXPECT_NE(message.find("tito.toml:3:"), std::string::npos) << message;
  EXPECT_NE(message.find("syntax error"), std::string::npos) << message;
}

TEST(Config, UnknownKeyIsNamedWithPosition) {
  TempDir dir;
  dir.write("tito.toml", "[course]\nname = \"C\"\nversion = \"1\"\n[tests]\ntimeuot = 5\n");
  std::filesystem::create_directories(dir.path() / "modules");
  const std::string message = load_error(dir);
  EXPECT_NE(message.find("tito.toml:5:1: unknown key `timeuot` in [tests]"), std::string::npos) << message;
}

TEST(Config, UnknownTopLevelTable) {
  TempDir dir;
  dir.write("tito.toml", "[course]\nname = \"C\"\nversion = \"1\"\n[extra]\nx = 1\n");
  EXPECT_NE(load_error(dir).find("unknown key `extra` in tito.toml"), std::string::npos);
}

TEST(Config, WrongTypeNamesExpectedAndActual) {
  TempDir dir;
  dir.write("tito.toml", "[course]\nname = \"C\"\nversion = \"1\"\n[tests]\ntimeout = \"fast\"\n");
  std::filesystem::create_directories(dir.path() / "modules");
  const std::string message = load_error(dir);
  EXPECT_NE(message.find("tito.toml:5:11: `timeout` must be an integer, not string"), std::string::npos) << message;
}

TEST(Config, NonPositiveTimeoutRejected) {
  TempDir dir;
  dir.write("tito.toml", "[course]\nname = \"C\"\nversion = \"1\"\n[tests]\ntimeout = 0\n");
  std::filesystem::create_directories(dir.path() / "modules");
  EXPECT_NE(load_error(dir).find("timeout must be between 1 and 86400"), std::string::npos);
}

TEST(Config, MissingCourseTableAndKeys) {
  TempDir dir;
  dir.write("tito.toml", "[paths]\nbuild_dir = \"b\"\n");
  EXPECT_NE(load_error(dir).find("missing the [course] table"), std::string::npos);
  dir.write("tito.toml", "[course]\nname = \"C\"\n");
  EXPECT_NE(load_error(dir).find("missing required key `version`"), std::string::npos);
}

TEST(Config, MissingModulesFolderIsNamed) {
  TempDir dir;
  dir.write("tito.toml", "[course]\nname = \"C\"\nversion = \"1\"\n[paths]\nmodules_dir = \"nowhere\"\n");
  const std::string message = load_error(dir);
  EXPECT_NE(message.find("tito.toml:5:15: modules folder"), std::string::npos) << message;
  EXPECT_NE(message.find("nowhere does not exist"), std::string::npos) << message;
}

TEST(Config, FindsRootFromNestedFolder) {
  TempDir dir;
  dir.write("tito.toml", "[course]\nname = \"C\"\nversion = \"1\"\n");
  std::filesystem::create_directories(dir.path() / "a/b/c");
  EXPECT_EQ(find_course_root(dir.path() / "a/b/c"), dir.path());
}

TEST(Config, NoRootAnywhereIsUsageError) {
  TempDir dir;
  try {
    find_course_root(dir.path());
    // /tmp itself could hold a stray tito.toml; then the search must have found that.
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::temp_directory_path() / "tito.toml"));
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kUsage);
    EXPECT_NE(std::string(error.what()).find("no tito.toml"), std::string::npos);
  }
}

}  // namespace
}  // namespace tito
