#include "context.hpp"

#include <cstdlib>

namespace tito::cli {

const Config& Context::config() {
  if (!config_) {
    std::string dir = course_dir;
    if (dir.empty()) {
      const char* env = std::getenv("TITO_COURSE_DIR");
      dir = env != nullptr && env[0] != '\0' ? env : ".";
    }
    config_ = load_config(find_course_root(dir) / "tito.toml");
  }
  return *config_;
}

const Course& Context::course() {
  if (!course_) course_ = Course::discover(config());
  return *course_;
}

}  // namespace tito::cli
