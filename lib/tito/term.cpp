#include "tito/term.hpp"

#include <fmt/color.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>

namespace tito {

Style Style::detect() {
  const char* no_color = std::getenv("NO_COLOR");
  const bool disabled = no_color != nullptr && no_color[0] != '\0';
  return Style(!disabled && isatty(STDOUT_FILENO) == 1);
}

std::string Style::good(std::string_view text) const {
  if (!fancy_) return fmt::format("ok   {}", text);
  return fmt::format(fg(fmt::terminal_color::green), "✓ {}", text);
}

std::string Style::bad(std::string_view text) const {
  if (!fancy_) return fmt::format("FAIL {}", text);
  return fmt::format(fg(fmt::terminal_color::red), "✗ {}", text);
}

std::string Style::warn(std::string_view text) const {
  if (!fancy_) return fmt::format("warn {}", text);
  return fmt::format(fg(fmt::terminal_color::yellow), "! {}", text);
}

std::string Style::strong(std::string_view text) const {
  if (!fancy_) return std::string(text);
  return fmt::format(fmt::emphasis::bold, "{}", text);
}

std::string Style::dim(std::string_view text) const {
  if (!fancy_) return std::string(text);
  return fmt::format(fmt::emphasis::faint, "{}", text);
}

}  // namespace tito
