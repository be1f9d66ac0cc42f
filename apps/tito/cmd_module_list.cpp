// tito module list: number, title, dependencies of every module.

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "commands.hpp"

namespace tito::cli {

void attach_module_list(CLI::App& command, Context& context) {
  command.callback([&context] {
    const Course& course = context.course();
    fmt::print("{} {}: {} module(s) in {}\n\n", context.config().course_name, context.config().course_version,
               course.modules().size(), context.config().modules_dir.string());
    for (const Module& module : course.modules()) {
      std::vector<std::string> deps;
      for (int dep : module.depends) deps.push_back(fmt::format("{:02d}", dep));
      const std::string after = deps.empty() ? "-" : fmt::format("{}", fmt::join(deps, ", "));
      fmt::print("  {}  {:<16} {:<34} depends on: {}\n", context.style.strong(module.number_text()), module.slug,
                 module.title, after);
    }
  });
}

}  // namespace tito::cli
