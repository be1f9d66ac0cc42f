// End to end on the real course: `tito release` leaves no solution line in
// the student version, and module 01 of that release builds and reports every
// grade id as not implemented; `tito module check --all` finds no problem.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "test_support.hpp"
#include "tito/fsutil.hpp"
#include "tito/registry.hpp"
#include "tito/release.hpp"

namespace tito {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const std::regex kBegin(R"(^\s*//\s*BEGIN SOLUTION\b.*$)");
const std::regex kEnd(R"(^\s*//\s*END SOLUTION\b.*$)");
const std::regex kStub(R"(^\s*throw tinytorch::NotImplemented\("Task [0-9]+\.[0-9]+: .+"\);$)");

// The longest code line inside the first solution block of `file`: distinctive enough that it
// occurs nowhere else.
std::string distinctive_solution_line(const fs::path& file) {
  std::ifstream in(file);
  bool inside = false;
  std::string longest;
  for (std::string line; std::getline(in, line);) {
    if (std::regex_match(line, kBegin)) {
      inside = true;
    } else if (inside && std::regex_match(line, kEnd)) {
      break;
    } else if (inside && !std::regex_match(line, std::regex(R"(^\s*(//.*)?$)"))) {
      const std::string code = line.substr(line.find_first_not_of(" \t"));
      if (code.size() > longest.size()) longest = code;
    }
  }
  return longest;
}

// Every line between markers of every modules/*/src/ file that is not the stub, as "file:line: text";
// `blocks` counts the marker blocks seen.
std::vector<std::string> surviving_solution_lines(const fs::path& release, int& blocks) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(release / "modules")) {
    const fs::path relative = fs::relative(entry.path(), release / "modules");
    if (!entry.is_regular_file() || std::distance(relative.begin(), relative.end()) < 3) continue;
    if (*std::next(relative.begin()) != "src") continue;
    std::ifstream in(entry.path());
    bool inside = false;
    int number = 0;
    for (std::string line; std::getline(in, line);) {
      ++number;
      if (std::regex_match(line, kBegin)) {
        inside = true;
        ++blocks;
      } else if (std::regex_match(line, kEnd)) {
        inside = false;
      } else if (inside && !std::regex_match(line, kStub)) {
        found.push_back(entry.path().string() + ":" + std::to_string(number) + ": " + line);
      }
    }
  }
  return found;
}

std::string all_released_text(const fs::path& release) {
  std::string text;
  for (const auto& entry : fs::recursive_directory_iterator(release)) {
    if (entry.is_regular_file()) text += read_file(entry.path());
  }
  return text;
}

TEST(ReleaseE2E, NoSolutionSurvivesAndModuleOneReportsEveryGradeAsNotImplemented) {
  TITO_NEEDS_COURSE_SOLUTIONS();
  testing::TempDir scratch;
  const fs::path release = scratch.path() / "student";
  const auto released = testing::run_tito(TITO_SOURCE_DIR, {"release", "--out", release.string()});
  ASSERT_EQ(released.exit_code, 0) << released.output;
  ASSERT_TRUE(fs::exists(release / kReleaseManifest));

  int blocks = 0;
  const std::vector<std::string> survivors = surviving_solution_lines(release, blocks);
  EXPECT_GT(blocks, 50) << "the release should have the course's solution blocks, stubbed";
  EXPECT_TRUE(survivors.empty()) << survivors.size() << " solution line(s) survived, first: " << survivors.front();

  // Plant check: distinctive lines of real solutions appear nowhere in the release.
  const std::string text = all_released_text(release);
  for (const char* source : {"modules/01_tensor/src/tensor.cpp", "modules/14_kvcaching/src/kv_cache.cpp",
                             "modules/13_transformers/src/gpt.cpp"}) {
    const std::string line = distinctive_solution_line(fs::path(TITO_SOURCE_DIR) / source);
    ASSERT_GT(line.size(), 10u) << source;
    EXPECT_FALSE(contains(text, line)) << "solution line of " << source << " released: " << line;
  }

  // The student's first run: it builds, and every grade id meets a stub.
  ProcessSpec test;
  test.argv = {TITO_EXE, "--course", release.string(), "module", "test", "1", "--jobs", "2"};
  test.extra_env = {"NO_COLOR=1", "TITO_STATE_DIR=" + (scratch.path() / "state").string(),
                    "TITO_PACKAGE_DIR=" + (scratch.path() / "package").string()};
  test.timeout = std::chrono::minutes(10);
  const ProcessResult result = run_process(test);
  EXPECT_EQ(result.exit_code, 1) << result.output;
  const Module module = read_module(release / "modules/01_tensor");
  const Registry registry = read_registry(module);
  for (const GradeItem& item : registry.items) {
    const std::regex line("\n    warn " + item.id + " +not implemented ");
    EXPECT_TRUE(std::regex_search(result.output, line)) << item.id << "\n" << result.output;
  }
  EXPECT_TRUE(contains(result.output, fmt::format("0 passed, 0 failed, 0 crashed, 0 timed out, {} not implemented",
                                                  registry.items.size())))
      << result.output;
  EXPECT_TRUE(contains(result.output, "Task 01.1")) << result.output;
}

TEST(CheckE2E, TheRealCourseHasNoProblems) {
  TITO_NEEDS_COURSE_SOLUTIONS();
  // The test executables are those of the build this suite belongs to (bin/ holds tito and them).
  const fs::path build = fs::path(TITO_EXE).parent_path().parent_path();
  const auto result = testing::run_tito(TITO_SOURCE_DIR, {"module", "check", "--all", "--build-dir", build.string()});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "0 with problems")) << result.output;
}

}  // namespace
}  // namespace tito
