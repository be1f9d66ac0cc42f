#pragma once
// Running a child process: in its own process group (so a kill takes its
// children too), with an optional timeout, its output merged and captured.

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tito {

/// Limits applied in the child after fork, before exec (setrlimit, then setgid/setuid); an unset
/// field keeps tito's own. For untrusted code: `tito grade` runs student tests with them.
struct ProcessLimits {
  std::optional<unsigned long> cpu_seconds;   ///< RLIMIT_CPU: SIGXCPU, then SIGKILL, past it
  std::optional<unsigned long> memory_bytes;  ///< RLIMIT_AS: allocations fail past it
  std::optional<unsigned long> processes;     ///< RLIMIT_NPROC of the user (does not bind root)
  std::optional<unsigned long> file_bytes;    ///< RLIMIT_FSIZE: SIGXFSZ when a file grows past it
  std::optional<unsigned> uid;                ///< run as this user (tito must be root to switch)
  std::optional<unsigned> gid;                ///< ... and this group (supplementary groups dropped)

  /// True when no field is set (the child runs as tito would).
  bool empty() const { return !cpu_seconds && !memory_bytes && !processes && !file_bytes && !uid && !gid; }
};

/// What to run and how.
struct ProcessSpec {
  std::vector<std::string> argv;                 ///< program and arguments (PATH is searched)
  std::filesystem::path cwd;                     ///< working folder; empty: tito's own
  std::vector<std::string> extra_env;            ///< "NAME=value" added to tito's environment
  std::optional<std::chrono::milliseconds> timeout;  ///< killed (whole group) after this
  std::size_t max_output_bytes = 4 << 20;        ///< captured output is cut past this (the rest is drained)
  std::function<void(std::string_view line)> on_line;  ///< called per output line as it arrives
  ProcessLimits limits;                          ///< resource limits and user of the child; none by default
};

/// How it ended.
struct ProcessResult {
  int exit_code = -1;             ///< exit status, or -1 when killed by a signal
  int signal = 0;                 ///< the signal that ended it, 0 if none
  bool timed_out = false;         ///< tito killed it at the timeout
  bool output_truncated = false;  ///< more than max_output_bytes were printed
  std::string output;             ///< stdout and stderr, interleaved
  std::chrono::milliseconds elapsed{0};

  /// True when it exited by itself with status 0.
  bool ok() const { return exit_code == 0 && signal == 0 && !timed_out; }
};

/// Runs `spec` to the end; a program that cannot be started is an exit code of 127.
ProcessResult run_process(const ProcessSpec& spec);

/// Runs `argv` with tito's own standard input and output (for interactive programs such as a
/// benchmark that redraws its progress line); returns its exit code, or 128 + signal.
int run_attached(const std::vector<std::string>& argv);

/// Signal name for messages: "SIGSEGV".
std::string signal_name(int signal);

/// Installs SIGINT/SIGTERM handlers so that a Ctrl-C kills the running children's groups first.
void install_interrupt_handlers();
/// True once SIGINT or SIGTERM has been received.
bool interrupted();

}  // namespace tito
