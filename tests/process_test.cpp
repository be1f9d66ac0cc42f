// Child processes: exit codes, signals, timeouts that take the whole group.

#include "tito/process.hpp"

#include <gtest/gtest.h>
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

TEST(Process, MissingProgramIs127) {
  ProcessSpec spec;
  spec.argv = {"/nonexistent/program"};
  const auto result = run_process(spec);
  EXPECT_EQ(result.exit_code, 127);
  EXPECT_NE(result.output.find("cannot run /nonexistent/program"), std::string::npos);
}

}  // namespace
}  // namespace tito
