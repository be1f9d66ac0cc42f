#include "tito/process.hpp"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>

#include <fmt/format.h>

#include "tito/error.hpp"

extern char** environ;

namespace tito {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;

void on_interrupt(int) { g_interrupted = 1; }

// In the child: limits first (as root, setrlimit may raise them too), the user last, since an
// unprivileged user can no longer change either. Any failure ends the child: running untrusted code
// without the limits asked for is worse than not running it.
void apply_limits(const ProcessLimits& limits) {
  auto limit = [](int resource, const char* name, std::optional<unsigned long> value) {
    if (!value) return;
    rlimit lim{static_cast<rlim_t>(*value), static_cast<rlim_t>(*value)};
    // Only root may raise a hard limit; below it, a tighter existing limit stays.
    rlimit old{};
    if (getrlimit(resource, &old) == 0 && geteuid() != 0 && lim.rlim_max > old.rlim_max) {
      lim.rlim_cur = lim.rlim_max = old.rlim_max;
    }
    if (setrlimit(resource, &lim) != 0) {
      dprintf(STDERR_FILENO, "tito: cannot set %s: %s\n", name, std::strerror(errno));
      _exit(127);
    }
  };
  limit(RLIMIT_CPU, "RLIMIT_CPU", limits.cpu_seconds);
  limit(RLIMIT_AS, "RLIMIT_AS", limits.memory_bytes);
  limit(RLIMIT_NPROC, "RLIMIT_NPROC", limits.processes);
  limit(RLIMIT_FSIZE, "RLIMIT_FSIZE", limits.file_bytes);
  if (limits.gid && (setgroups(0, nullptr) != 0 || setgid(*limits.gid) != 0)) {
    dprintf(STDERR_FILENO, "tito: cannot switch to group %u: %s\n", *limits.gid, std::strerror(errno));
    _exit(127);
  }
  if (limits.uid && setuid(*limits.uid) != 0) {
    dprintf(STDERR_FILENO, "tito: cannot switch to user %u: %s\n", *limits.uid, std::strerror(errno));
    _exit(127);
  }
}

[[noreturn]] void exec_child(const ProcessSpec& spec, int out_fd) {
  setpgid(0, 0);
  dup2(out_fd, STDOUT_FILENO);
  dup2(out_fd, STDERR_FILENO);
  const int null_fd = open("/dev/null", O_RDONLY);
  if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
  if (!spec.cwd.empty() && chdir(spec.cwd.c_str()) != 0) {
    dprintf(STDERR_FILENO, "tito: cannot enter %s: %s\n", spec.cwd.c_str(), std::strerror(errno));
    _exit(127);
  }
  for (const std::string& assignment : spec.extra_env) putenv(const_cast<char*>(assignment.c_str()));
  std::vector<char*> args;
  for (const std::string& arg : spec.argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  if (!spec.limits.empty()) apply_limits(spec.limits);
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  execvp(args[0], args.data());
  dprintf(STDERR_FILENO, "tito: cannot run %s: %s\n", args[0], std::strerror(errno));
  _exit(127);
}

// Splits arriving bytes into lines for on_line and keeps up to the limit.
class OutputSink {
 public:
  explicit OutputSink(const ProcessSpec& spec, ProcessResult& result) : spec_(spec), result_(result) {}

  void add(const char* data, std::size_t size) {
    const std::size_t room = spec_.max_output_bytes - std::min(spec_.max_output_bytes, result_.output.size());
    if (size > room) result_.output_truncated = true;
    result_.output.append(data, std::min(size, room));
    if (!spec_.on_line) return;
    pending_.append(data, size);
    std::size_t start = 0;
    for (std::size_t newline; (newline = pending_.find('\n', start)) != std::string::npos; start = newline + 1) {
      spec_.on_line(std::string_view(pending_).substr(start, newline - start));
    }
    pending_.erase(0, start);
  }

  void finish() {
    if (spec_.on_line && !pending_.empty()) spec_.on_line(pending_);
    pending_.clear();
  }

 private:
  const ProcessSpec& spec_;
  ProcessResult& result_;
  std::string pending_;
};

}  // namespace

ProcessResult run_process(const ProcessSpec& spec) {
  ProcessResult result;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    throw Error(ExitCode::kEnvironment, fmt::format("cannot create a pipe: {}", std::strerror(errno)));
  }
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    throw Error(ExitCode::kEnvironment, fmt::format("cannot start {}: {}", spec.argv.at(0), std::strerror(errno)));
  }
  if (pid == 0) exec_child(spec, fds[1]);
  setpgid(pid, pid);  // also in the parent, so the group exists before any kill
  close(fds[1]);
  fcntl(fds[0], F_SETFL, O_NONBLOCK);

  OutputSink sink(spec, result);
  int status = 0;
  bool exited = false;
  bool pipe_open = true;
  std::chrono::steady_clock::time_point exit_time;
  char buffer[65536];
  while (pipe_open) {
    pollfd pfd{fds[0], POLLIN, 0};
    poll(&pfd, 1, 50);
    while (true) {
      const ssize_t n = read(fds[0], buffer, sizeof buffer);
      if (n > 0) {
        sink.add(buffer, static_cast<std::size_t>(n));
        continue;
      }
      if (n == 0) pipe_open = false;
      break;
    }
    if (!exited && waitpid(pid, &status, WNOHANG) == pid) {
      exited = true;
      exit_time = std::chrono::steady_clock::now();
      // The test is over; whatever it left behind in its group goes too, which
      // also closes the pipe they may hold.
      kill(-pid, SIGKILL);
    }
    const auto now = std::chrono::steady_clock::now();
    // A grandchild that left the group could hold the pipe open for ever.
    if (exited && now - exit_time > std::chrono::seconds(1)) break;
    if (!exited && spec.timeout && now - start > *spec.timeout) {
      result.timed_out = true;
      kill(-pid, SIGKILL);
    }
    if (!exited && g_interrupted) kill(-pid, SIGKILL);
  }
  close(fds[0]);
  if (!exited) waitpid(pid, &status, 0);
  kill(-pid, SIGKILL);
  sink.finish();
  result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  if (g_interrupted) throw Error(ExitCode::kInterrupted, "interrupted; the running child processes were stopped");
  return result;
}

int run_attached(const std::vector<std::string>& argv) {
  const pid_t pid = fork();
  if (pid < 0) throw Error(ExitCode::kEnvironment, fmt::format("cannot start {}: {}", argv.at(0), std::strerror(errno)));
  if (pid == 0) {
    std::vector<char*> args;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    execvp(args[0], args.data());
    dprintf(STDERR_FILENO, "tito: cannot run %s: %s\n", args[0], std::strerror(errno));
    _exit(127);
  }
  // Ctrl-C reaches the child too (same process group); tito just waits for it.
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

std::string signal_name(int signal) {
  if (const char* abbrev = sigabbrev_np(signal)) return fmt::format("SIG{}", abbrev);
  return fmt::format("signal {}", signal);
}

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool interrupted() { return g_interrupted != 0; }

}  // namespace tito
