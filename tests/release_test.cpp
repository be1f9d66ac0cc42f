// tito release: stubs in place of solutions, hidden tests and grade ids left
// out, release.json with the hashes, and nothing written when it cannot be
// done right; on temporary course folders.

#include "tito/release.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.hpp"
#include "tito/error.hpp"
#include "tito/fsutil.hpp"
#include "tito/sha256.hpp"
#include "tito/version.hpp"

namespace tito {
namespace {

namespace fs = std::filesystem;
using testing::TempCourse;
using testing::TempDir;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

constexpr const char* kClassAndFunction = R"(#include "tinytorch/core/not_implemented.hpp"

namespace demo {

class Counter {
 public:
  int next(int step) {
    if (step < 0) throw std::invalid_argument("negative step");
    // BEGIN SOLUTION Task 01.1: Counter::next
    value_ += step;  // keep the running total
    return value_;
    // END SOLUTION
  }

 private:
  int value_ = 0;
};

int twice(int x) {
  // BEGIN SOLUTION Task 01.2: twice "quoted"
  return 2 * x;
  // END SOLUTION
}

}  // namespace demo
)";

constexpr const char* kClassAndFunctionStubbed = R"(#include "tinytorch/core/not_implemented.hpp"

namespace demo {

class Counter {
 public:
  int next(int step) {
    if (step < 0) throw std::invalid_argument("negative step");
    // BEGIN SOLUTION Task 01.1: Counter::next
    throw tinytorch::NotImplemented("Task 01.1: Counter::next");
    // END SOLUTION
  }

 private:
  int value_ = 0;
};

int twice(int x) {
  // BEGIN SOLUTION Task 01.2: twice "quoted"
  throw tinytorch::NotImplemented("Task 01.2: twice \"quoted\"");
  // END SOLUTION
}

}  // namespace demo
)";

constexpr const char* kRegistry = R"(# The registry of module 01.

[[unit]]
id = "counter"
tests = ["Counter.Next"]
points = 10
task = "01.1"

# Instructor-only: the edge cases.
[[unit]]
id = "counter-edges"
tests = ["CounterHidden.Overflow",
         "CounterHidden.Negative"]
points = 5
hidden = true

# Twice, in the open.
[[unit]]
id = "twice"
tests = ["Twice.Doubles"]
points = 5
hidden = false

[[integration]]
id = "workflow"
tests = ["Workflow.All"]
points = 20

[[integration]]
id = "secret-workflow"
tests = ["WorkflowHidden.All"]
points = 20
hidden = true
)";

constexpr const char* kRegistryReleased = R"(# The registry of module 01.

[[unit]]
id = "counter"
tests = ["Counter.Next"]
points = 10
task = "01.1"

# Twice, in the open.
[[unit]]
id = "twice"
tests = ["Twice.Doubles"]
points = 5
hidden = false

[[integration]]
id = "workflow"
tests = ["Workflow.All"]
points = 20

)";

// A course with two modules, sources with markers, hidden tests, and the folders a release leaves out.
struct ReleaseCourse : TempCourse {
  ReleaseCourse() {
    add_module(1, "counter");
    add_module(2, "more", {1});
    write("modules/01_counter/src/counter.cpp", kClassAndFunction);
    write("modules/01_counter/include/counter.hpp", "#pragma once\n");
    write("modules/01_counter/tests/unit_counter.cpp", "// TEST(Counter, Next)\n");
    write("modules/01_counter/tests/hidden_counter.cpp", "// TEST(CounterHidden, Overflow)\n");
    write("modules/01_counter/tests/fixtures/data.json", "{}\n");
    write("modules/01_counter/tests/grading.toml", kRegistry);
    write("modules/02_more/src/more.cpp", "int more() {\n  // BEGIN SOLUTION Task 02.1: more\n  return 1;\n"
                                          "  // END SOLUTION\n}\n");
    write("modules/02_more/bench/.keep", "");
    write("README.md", "# Course\n");
    write("tito", "#!/bin/sh\necho launcher\n");
    fs::permissions(path() / "tito", fs::perms::owner_exec, fs::perm_options::add);
    write("cmake/TitoModule.cmake", "# helpers\n");
    write(".ci/run", "#!/bin/sh\n");
    for (const char* left : {"build/CMakeCache.txt", "package/manifest.json", ".tito/progress.json", ".git/HEAD"}) {
      write(left, "not released\n");
    }
  }

  Config config() const { return load_config(path() / "tito.toml"); }

  ReleaseSummary release(const fs::path& out, const std::vector<int>& modules = {}) const {
    const Config loaded = config();
    return release_course(loaded, Course::discover(loaded), ReleaseOptions{out, modules});
  }

  // The message of the usage error a release throws, or "" when it succeeds.
  std::string release_error(const fs::path& out) const {
    try {
      release(out);
    } catch (const Error& error) {
      EXPECT_EQ(error.code(), ExitCode::kUsage);
      return error.what();
    }
    return "";
  }
};

// Every file under `root`, relative.
std::set<std::string> files_in(const fs::path& root) {
  std::set<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) files.insert(fs::relative(entry.path(), root).generic_string());
  }
  return files;
}

TEST(Release, StubsReplaceBodiesIndentedLikeTheirMarkers) {
  TempDir dir;
  const auto file = dir.write("counter.cpp", kClassAndFunction);
  EXPECT_EQ(stub_source(file), kClassAndFunctionStubbed);
  EXPECT_EQ(stub_statement("Task 14.2: KVCache::update"),
            "throw tinytorch::NotImplemented(\"Task 14.2: KVCache::update\");");
}

TEST(Release, HiddenItemsAreCutFromTheRegistryText) {
  TempDir dir;
  int removed = 0;
  EXPECT_EQ(strip_hidden_items(dir.write("grading.toml", kRegistry), &removed), kRegistryReleased);
  EXPECT_EQ(removed, 2);
  const auto all_hidden = dir.write("hidden.toml", "[[unit]]\nid = \"a\"\ntests = [\"A.B\"]\npoints = 1\n"
                                                   "[[integration]]\nid = \"b\"\ntests = [\"B.C\"]\npoints = 1\n"
                                                   "hidden = true\n");
  try {
    strip_hidden_items(all_hidden);
    FAIL() << "an all-hidden registry was released";
  } catch (const Error& error) {
    EXPECT_TRUE(contains(error.what(), "every [[integration]] item is hidden")) << error.what();
  }
}

TEST(Release, WritesTheCourseWithStubsAndWithoutHiddenTests) {
  ReleaseCourse course;
  TempDir target;
  const fs::path out = target.path() / "student";
  const ReleaseSummary summary = course.release(out);
  EXPECT_EQ(summary.modules, (std::vector<int>{1, 2}));
  EXPECT_EQ(summary.stubs, 3);
  EXPECT_EQ(summary.hidden_files, 1);
  EXPECT_EQ(summary.hidden_items, 2);

  const std::set<std::string> expected = {
      ".ci/run", "README.md", "cmake/TitoModule.cmake", "modules/01_counter/include/counter.hpp",
      "modules/01_counter/module.toml", "modules/01_counter/src/counter.cpp",
      "modules/01_counter/tests/fixtures/data.json", "modules/01_counter/tests/grading.toml",
      "modules/01_counter/tests/unit_counter.cpp", "modules/02_more/bench/.keep", "modules/02_more/module.toml",
      "modules/02_more/src/more.cpp", "release.json", "tito", "tito.toml"};
  EXPECT_EQ(files_in(out), expected);
  EXPECT_EQ(summary.files, static_cast<int>(expected.size()));
  EXPECT_EQ(read_file(out / "modules/01_counter/src/counter.cpp"), kClassAndFunctionStubbed);
  EXPECT_EQ(read_file(out / "modules/01_counter/tests/grading.toml"), kRegistryReleased);
  EXPECT_EQ(read_file(out / "modules/02_more/src/more.cpp"),
            "int more() {\n  // BEGIN SOLUTION Task 02.1: more\n  throw tinytorch::NotImplemented(\"Task 02.1: "
            "more\");\n  // END SOLUTION\n}\n");
  EXPECT_NE(fs::status(out / "tito").permissions() & fs::perms::owner_exec, fs::perms::none);
  // Nothing is left beside it.
  EXPECT_EQ(std::distance(fs::directory_iterator(target.path()), fs::directory_iterator()), 1);
}

TEST(Release, OnlyTheSelectedModulesAreStubbed) {
  ReleaseCourse course;
  TempDir target;
  const ReleaseSummary summary = course.release(target.path() / "out", {2});
  EXPECT_EQ(summary.modules, std::vector<int>{2});
  EXPECT_EQ(read_file(target.path() / "out/modules/01_counter/src/counter.cpp"), kClassAndFunction);
  EXPECT_TRUE(contains(read_file(target.path() / "out/modules/02_more/src/more.cpp"), "NotImplemented"));
  // Hidden tests never ship, whichever modules are stubbed.
  EXPECT_FALSE(fs::exists(target.path() / "out/modules/01_counter/tests/hidden_counter.cpp"));
}

TEST(Release, ReleaseJsonHasTheHashOfEveryModuleSourceAndTestFile) {
  ReleaseCourse course;
  TempDir target;
  const fs::path out = target.path() / "out";
  course.release(out);
  const auto json = nlohmann::json::parse(read_file(out / "release.json"));
  EXPECT_EQ(json["tito_version"], kVersion);
  EXPECT_EQ(json["course"], "Test course");
  EXPECT_EQ(json["released_at"].get<std::string>().size(), std::string("2026-12-04T10:31:05Z").size());
  std::set<std::string> listed;
  for (const auto& [file, hash] : json["files"].items()) {
    listed.insert(file);
    EXPECT_EQ(hash, sha256_file(out / file)) << file;
  }
  const std::set<std::string> expected = {
      "modules/01_counter/src/counter.cpp", "modules/01_counter/tests/fixtures/data.json",
      "modules/01_counter/tests/grading.toml", "modules/01_counter/tests/unit_counter.cpp",
      "modules/02_more/src/more.cpp"};
  EXPECT_EQ(listed, expected);
  EXPECT_EQ(json["files"]["modules/01_counter/src/counter.cpp"], sha256_hex(kClassAndFunctionStubbed));
}

TEST(Release, AnEmptyFolderIsFineAFolderWithFilesIsRefused) {
  ReleaseCourse course;
  TempDir target;
  fs::create_directories(target.path() / "empty");
  course.release(target.path() / "empty");
  EXPECT_TRUE(fs::exists(target.path() / "empty/release.json"));

  const auto kept = target.write("full/notes.txt", "mine\n");
  EXPECT_TRUE(contains(course.release_error(target.path() / "full"), "full: the release folder exists and is not "
                                                                     "empty"));
  EXPECT_EQ(files_in(target.path() / "full"), std::set<std::string>{"notes.txt"});
  EXPECT_TRUE(contains(course.release_error(course.path() / "modules/release"), "would be copied into itself"));
}

TEST(Release, UnpairedMarkersWriteNothing) {
  ReleaseCourse course;
  course.write("modules/02_more/src/broken.cpp", "int f() {\n  // BEGIN SOLUTION Task 02.2: f\n  return 1;\n}\n");
  TempDir target;
  const std::string error = course.release_error(target.path() / "out");
  EXPECT_TRUE(contains(error, "02_more/src/broken.cpp:2: BEGIN SOLUTION is never closed")) << error;
  EXPECT_TRUE(fs::is_empty(target.path())) << "a release or its staging folder was left behind";
}

TEST(ReleaseCli, ExitCodes) {
  ReleaseCourse course;
  TempDir target;
  auto result = testing::run_tito(course.path(), {"release", "--out", (target.path() / "a").string(), "1"});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "2 solution block(s) stubbed in module(s) 1")) << result.output;
  EXPECT_TRUE(contains(result.output, "1 hidden test file(s), 2 hidden grade id(s)")) << result.output;
  result = testing::run_tito(course.path(), {"release", "--out", (target.path() / "a").string()});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "exists and is not empty")) << result.output;
  result = testing::run_tito(course.path(), {"release"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  result = testing::run_tito(course.path(), {"release", "--out", (target.path() / "b").string(), "9"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_FALSE(fs::exists(target.path() / "b"));
}

}  // namespace
}  // namespace tito
