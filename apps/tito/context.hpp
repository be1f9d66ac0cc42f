#pragma once
// What every command gets: the course (loaded on first use), output style and
// the exit code it sets.

#include <memory>
#include <optional>
#include <string>

#include "tito/config.hpp"
#include "tito/course.hpp"
#include "tito/term.hpp"

namespace tito::cli {

/// Shared state of one tito invocation.
class Context {
 public:
  std::string course_dir;             ///< --course DIR; empty: $TITO_COURSE_DIR or the folders above
  Style style = Style::detect();
  int exit_code = 0;                  ///< set by the command that ran

  /// tito.toml of the course, read on first use.
  const Config& config();
  /// The course's modules, discovered on first use.
  const Course& course();

 private:
  std::optional<Config> config_;
  std::optional<Course> course_;
};

}  // namespace tito::cli
