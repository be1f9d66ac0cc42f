// End to end on the real course: release it, put the instructor's solution
// of module 01 back into the student copy, and grade modules 01 and 02 with
// `tito grade`: 01 earns every point, 02 (still stubs, graded against the
// instructor's module 01) earns none.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.hpp"
#include "tito/fsutil.hpp"

namespace tito {
namespace {

namespace fs = std::filesystem;

int module_points(const nlohmann::json& report, int number, const char* which) {
  for (const auto& module : report.at("modules")) {
    if (module.at("number") == number) return module.at("points").at(which).get<int>();
  }
  return -1;
}

TEST(GradeCourseE2E, OneModuleSolvedGetsFullPointsTheOthersZero) {
  TITO_NEEDS_COURSE_SOLUTIONS();
  testing::TempDir scratch;
  const fs::path student = scratch.path() / "student";
  const auto released = testing::run_tito(TITO_SOURCE_DIR, {"release", "--out", student.string()});
  ASSERT_EQ(released.exit_code, 0) << released.output;
  for (const auto& entry : fs::directory_iterator(TITO_SOURCE_DIR "/modules/01_tensor/src")) {
    fs::copy_file(entry.path(), student / "modules/01_tensor/src" / entry.path().filename(),
                  fs::copy_options::overwrite_existing);
  }
  const fs::path out = scratch.path() / "grades";
  ProcessSpec grade;
  grade.argv = {TITO_EXE, "--course", TITO_SOURCE_DIR, "grade", student.string(), "--out", out.string(),
                "--modules", "1,2", "--jobs", "1"};
  grade.extra_env = {"NO_COLOR=1", "TITO_STATE_DIR=" + (scratch.path() / "state").string()};
  grade.timeout = std::chrono::minutes(15);
  const auto graded = run_process(grade);
  ASSERT_EQ(graded.exit_code, 0) << graded.output;
  const auto report = nlohmann::json::parse(read_file(out / "student.json"));
  EXPECT_EQ(module_points(report, 1, "earned"), module_points(report, 1, "possible")) << report.dump(2);
  EXPECT_GT(module_points(report, 1, "earned"), 0);
  EXPECT_EQ(module_points(report, 2, "earned"), 0) << report.dump(2);
  EXPECT_GT(module_points(report, 2, "possible"), 0);
  EXPECT_TRUE(report.at("tampered").empty()) << report.at("tampered");
}

}  // namespace
}  // namespace tito
