// tito module status: where the learner stands in every module, and what to run next.

#include <fmt/format.h>

#include "commands.hpp"
#include "tito/learner.hpp"
#include "tito/package.hpp"
#include "tito/progress.hpp"

namespace tito::cli {

void attach_module_status(CLI::App& command, Context& context) {
  command.callback([&context] {
    const Course& course = context.course();
    const Manifest manifest = Package(context.config()).manifest();
    const Progress progress = load_progress(context.config());
    fmt::print("{} {}\n\n", context.config().course_name, context.config().course_version);
    for (const Module& module : course.modules()) {
      std::string state;
      std::string next;
      const bool current = progress.current == module.number;
      if (const ManifestModule* done = manifest.find(module.number)) {
        state = fmt::format("completed  v{} · {}/{} points · {}", done->version, done->points, done->points_possible,
                            done->completed_at);
        next = "-";
      } else {
        std::vector<std::string> waiting;
        for (int dep : module.depends) {
          if (manifest.find(dep) == nullptr) waiting.push_back(fmt::format("{:02d}", dep));
        }
        auto it = progress.modules.find(module.number);
        if (it != progress.modules.end()) {
          state = fmt::format("in progress · best {}/{} points · {} run(s)", it->second.best_points,
                              it->second.possible, it->second.attempts);
          next = next_command(module, &it->second, false);
        } else {
          state = "not started";
          next = waiting.empty() ? fmt::format("tito module test {}", module.number)
                                 : fmt::format("tito module complete {} (needs {})", module.number, waiting.front());
        }
      }
      const std::string line = fmt::format("{} {}  {:<16} {:<52} next: {}", current ? "▶" : " ", module.number_text(),
                                           module.slug, state, next);
      fmt::print("{}\n", state.starts_with("completed") ? context.style.good(line) : line);
    }
  });
}

}  // namespace tito::cli
