#pragma once
// Colours and symbols, only when standard output is a terminal and NO_COLOR is unset.

#include <string>
#include <string_view>

namespace tito {

/// How to decorate output: plain text for logs and pipes, colour and symbols for terminals.
class Style {
 public:
  /// Decides from standard output and NO_COLOR.
  static Style detect();
  /// Plain text whatever the output is (for tests and files).
  static Style plain() { return Style(false); }

  bool fancy() const { return fancy_; }
  /// "✓ text" in green, or "ok   text".
  std::string good(std::string_view text) const;
  /// "✗ text" in red, or "FAIL text".
  std::string bad(std::string_view text) const;
  /// "! text" in yellow, or "warn text".
  std::string warn(std::string_view text) const;
  /// Bold on a terminal.
  std::string strong(std::string_view text) const;
  /// Dimmed on a terminal.
  std::string dim(std::string_view text) const;

 private:
  explicit Style(bool fancy) : fancy_(fancy) {}
  bool fancy_;
};

}  // namespace tito
