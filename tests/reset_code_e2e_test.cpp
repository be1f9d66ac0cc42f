// End to end: in a student release, `tito module reset N --code` saves the
// learner's files as a backup and restores src/ as shipped; a backup comes
// back byte for byte; a kill in the middle leaves no mix; the instructor's
// tree is refused.

#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <regex>

#include "test_support.hpp"
#include "tito/fsutil.hpp"

namespace tito {
namespace {

using testing::run_tito;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

ProcessResult run_with_fault(const std::filesystem::path& course, const std::vector<std::string>& args,
                             const std::string& fault) {
  ProcessSpec spec;
  spec.argv = {TITO_EXE, "--course", course.string()};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.extra_env = {"NO_COLOR=1", "TITO_FAULT=" + fault};
  spec.timeout = std::chrono::seconds(60);
  return run_process(spec);
}

class ResetCodeE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    course_.add_module(1, "work");
    course_.write("modules/01_work/src/a.cpp",
                  "int a() {\n  // BEGIN SOLUTION Task 01.1: a\n  return 1;\n  // END SOLUTION\n}\n");
    course_.write("modules/01_work/src/b.cpp",
                  "int b() {\n  // BEGIN SOLUTION Task 01.2: b\n  return 2;\n  // END SOLUTION\n}\n");
    course_.write("modules/01_work/tests/grading.toml",
                  "[[unit]]\nid = \"a\"\ntests = [\"A.A\"]\npoints = 1\ntask = \"01.1\"\n"
                  "[[integration]]\nid = \"b\"\ntests = [\"B.B\"]\npoints = 1\n");
    const auto released = run_tito(course_.path(), {"release", "--out", release().string()});
    ASSERT_EQ(released.exit_code, 0) << released.output;
    shipped_a_ = read_file(file("a.cpp"));
    shipped_b_ = read_file(file("b.cpp"));
    ASSERT_TRUE(contains(shipped_a_, "throw tinytorch::NotImplemented(\"Task 01.1: a\");")) << shipped_a_;
  }

  std::filesystem::path release() const { return scratch_.path() / "student"; }
  std::filesystem::path file(const std::string& name) const { return release() / "modules/01_work/src" / name; }

  // The learner's partial work in both files.
  void write_partial() {
    std::ofstream(file("a.cpp")) << std::regex_replace(shipped_a_, std::regex("throw .*;"), "return 41;  // mine");
    std::ofstream(file("b.cpp")) << std::regex_replace(shipped_b_, std::regex("throw .*;"), "return 40;  // mine");
  }

  testing::TempCourse course_;
  testing::TempDir scratch_;
  std::string shipped_a_, shipped_b_;
};

TEST_F(ResetCodeE2E, BackupResetAndRestoreByteForByte) {
  write_partial();
  const std::string mine_a = read_file(file("a.cpp"));
  const std::string mine_b = read_file(file("b.cpp"));
  auto result = run_tito(release(), {"module", "reset", "1", "--code"});
  EXPECT_EQ(result.exit_code, 2) << "no terminal to ask: needs --force\n" << result.output;
  EXPECT_EQ(read_file(file("a.cpp")), mine_a);

  result = run_tito(release(), {"module", "reset", "1", "--code", "--force"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(read_file(file("a.cpp")), shipped_a_);
  EXPECT_EQ(read_file(file("b.cpp")), shipped_b_);
  std::smatch stamp;
  ASSERT_TRUE(std::regex_search(result.output, stamp, std::regex("saved as backup ([0-9T-]+)"))) << result.output;

  const auto list = run_tito(release(), {"module", "reset", "1", "--list-backups"});
  EXPECT_TRUE(contains(list.output, stamp[1].str())) << list.output;
  EXPECT_TRUE(contains(list.output, "2 file(s)")) << list.output;

  result = run_tito(release(), {"module", "reset", "1", "--restore-backup", stamp[1].str(), "--force"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(read_file(file("a.cpp")), mine_a) << "the partial solution is back, byte for byte";
  EXPECT_EQ(read_file(file("b.cpp")), mine_b);
  result = run_tito(release(), {"module", "reset", "1", "--restore-backup", "1999-01-01T00-00-00", "--force"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(contains(result.output, "no backup 1999-01-01T00-00-00")) << result.output;
}

TEST_F(ResetCodeE2E, EditsOutsideTheBlocksAndTheInstructorTreeAreRefused) {
  std::ofstream(file("a.cpp"), std::ios::app) << "int helper() { return 0; }\n";
  const std::string before = read_file(file("a.cpp"));
  auto result = run_tito(release(), {"module", "reset", "1", "--code", "--force"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "changed outside its solution blocks")) << result.output;
  EXPECT_EQ(read_file(file("a.cpp")), before);
  result = run_tito(course_.path(), {"module", "reset", "1", "--code", "--force"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "instructor's tree")) << result.output;
}

TEST_F(ResetCodeE2E, AKillMidwayLeavesOldOrNewNeverAMix) {
  for (const char* fault : {"reset:staged", "reset:swapped"}) {
    write_partial();
    const auto killed = run_with_fault(release(), {"module", "reset", "1", "--code", "--force"}, fault);
    EXPECT_EQ(killed.signal, SIGKILL) << fault << killed.output;
    const std::string a = read_file(file("a.cpp"));
    const std::string b = read_file(file("b.cpp"));
    const bool old_files = contains(a, "return 41") && contains(b, "return 40");
    const bool new_files = a == shipped_a_ && b == shipped_b_;
    EXPECT_TRUE(old_files || new_files) << "after a kill at " << fault << ":\n" << a << "\n" << b;
    const auto again = run_tito(release(), {"module", "reset", "1", "--code", "--force"});
    EXPECT_EQ(again.exit_code, 0) << again.output;
    EXPECT_EQ(read_file(file("a.cpp")), shipped_a_);
  }
}

}  // namespace
}  // namespace tito
