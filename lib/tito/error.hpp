#pragma once
// The one exception type of the toolkit. Library code throws it for expected
// failures; only main() prints it and turns it into an exit code.

#include <stdexcept>
#include <string>

namespace tito {

/// Exit codes shared by every command (documented in `tito --help` and README).
enum class ExitCode : int {
  kOk = 0,           ///< all good
  kTestsFailed = 1,  ///< tests failed, or nothing exported because of that
  kUsage = 2,        ///< usage or configuration error
  kBuild = 3,        ///< a build failed
  kEnvironment = 4,  ///< missing compiler, library or permission
  kInterrupted = 130,  ///< stopped by Ctrl-C or SIGTERM
};

/// An expected failure: what went wrong (naming file:line where there is one)
/// and, optionally, a hint saying what to do about it.
class Error : public std::runtime_error {
 public:
  /// Makes an error that main() reports with `code` as the exit code.
  Error(ExitCode code, std::string message, std::string hint = {})
      : std::runtime_error(std::move(message)), code_(code), hint_(std::move(hint)) {}

  /// The exit code this error ends the program with.
  ExitCode code() const { return code_; }
  /// What to do about it; empty when there is nothing useful to say.
  const std::string& hint() const { return hint_; }

 private:
  ExitCode code_;
  std::string hint_;
};

/// Shorthand for a usage or configuration error (exit 2).
inline Error usage_error(std::string message, std::string hint = {}) {
  return Error(ExitCode::kUsage, std::move(message), std::move(hint));
}

}  // namespace tito
