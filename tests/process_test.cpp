// Child processes: exit codes, signals, timeouts that take the whole group.

#include "tito/process.hpp"

#include <gtest/gtest.h>
#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>

#include "test_support.hpp"

namespace tito {
namespace {

ProcessResult sh(const std::string& script, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", script};
  spec.timeout = timeout;
  return run_process(spec);
}

TEST(Process, CapturesOutputAndExitCode) {
  const auto result = sh("echo out; echo err >&2; exit 3");
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(result.signal, 0);
  EXPECT_FALSE(result.ok());
  EXPECT_NE(result.output.find("out\n"), std::string::npos);
  EXPECT_NE(result.output.find("err\n"), std::string::npos);
}

TEST(Process, ReportsTheSignal) {
  const auto result = sh("kill -SEGV $$");
  EXPECT_EQ(result.signal, SIGSEGV);
  EXPECT_EQ(signal_name(result.signal), "SIGSEGV");
}

TEST(Process, TimeoutKillsTheWholeGroup) {
  testing::TempDir dir;
  const auto pid_file = dir.path() / "child.pid";
  // The shell starts a grandchild that would outlive it, then hangs.
  const auto result = sh("sleep 300 & echo $! > " + pid_file.string() + "; wait", std::chrono::milliseconds(500));
  EXPECT_TRUE(result.timed_out);
  EXPECT_LT(result.elapsed, std::chrono::seconds(5));
  pid_t grandchild = 0;
  std::ifstream(pid_file) >> grandchild;
  ASSERT_GT(grandchild, 0);
  EXPECT_TRUE(testing::process_gone(grandchild)) << "the grandchild survived the timeout";
}

TEST(Process, LinesArriveAsPrinted) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", "printf 'a\\nb\\nc'"};
  std::vector<std::string> lines;
  spec.on_line = [&](std::string_view line) { lines.emplace_back(line); };
  run_process(spec);
  EXPECT_EQ(lines, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(Process, OutputIsCutAtTheLimit) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", "head -c 100000 /dev/zero"};
  spec.max_output_bytes = 1000;
  const auto result = run_process(spec);
  EXPECT_TRUE(result.ok());
  EXPECT_TRUE(result.output_truncated);
  EXPECT_EQ(result.output.size(), 1000u);
}

TEST(Process, AFileOverTheSizeLimitEndsTheChild) {
  testing::TempDir dir;
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", "head -c 2000000 /dev/zero > " + (dir.path() / "big").string()};
  spec.limits.file_bytes = 1 << 20;
  spec.timeout = std::chrono::seconds(20);
  const auto result = run_process(spec);
  EXPECT_FALSE(result.ok());
  EXPECT_LE(std::filesystem::file_size(dir.path() / "big"), 1u << 20);
}

TEST(Process, TheProcessLimitStopsAForkBomb) {
  ProcessSpec spec;
  // Process limits do not bind root: as root, the child runs as nobody.
  if (geteuid() == 0) {
    const passwd* nobody = getpwnam("nobody");
    if (nobody == nullptr) GTEST_SKIP() << "running as root and there is no user nobody";
    spec.limits.uid = nobody->pw_uid;
    spec.limits.gid = nobody->pw_gid;
    spec.cwd = "/";
  }
  spec.argv = {"/bin/sh", "-c", "i=0; while [ $i -lt 64 ]; do sleep 5 & i=$((i+1)); done; echo all-forked"};
  spec.limits.processes = 24;
  spec.timeout = std::chrono::seconds(20);
  const auto result = run_process(spec);
  ASSERT_EQ(result.output.find("cannot run"), std::string::npos) << "the shell itself must start\n" << result.output;
  EXPECT_FALSE(result.ok()) << result.output;
  EXPECT_NE(result.output.find("fork"), std::string::npos) << result.output;
  EXPECT_EQ(result.output.find("all-forked"), std::string::npos) << result.output;
  EXPECT_LT(result.elapsed, std::chrono::seconds(5)) << "the sleepers went with the group";
}

TEST(Process, EndlessOutputIsCutAndTimedOut) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", "yes spam"};
  spec.max_output_bytes = 1000;
  spec.limits.cpu_seconds = 10;
  spec.timeout = std::chrono::milliseconds(500);
  const auto result = run_process(spec);
  EXPECT_TRUE(result.timed_out);
  EXPECT_TRUE(result.output_truncated);
  EXPECT_EQ(result.output.size(), 1000u);
}

TEST(Process, MissingProgramIs127) {
  ProcessSpec spec;
  spec.argv = {"/nonexistent/program"};
  const auto result = run_process(spec);
  EXPECT_EQ(result.exit_code, 127);
  EXPECT_NE(result.output.find("cannot run /nonexistent/program"), std::string::npos);
}

}  // namespace
}  // namespace tito
