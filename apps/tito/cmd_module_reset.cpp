// tito module reset N: take N (and what depends on it) out of the package and reset its progress.

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <iostream>

#include "commands.hpp"
#include "tito/error.hpp"
#include "tito/package.hpp"
#include "tito/progress.hpp"

namespace tito::cli {
namespace {

// Modules in the package that depend on `number`, directly or not.
std::vector<int> dependents_in_package(const Course& course, const Manifest& manifest, int number) {
  std::vector<int> found;
  for (const ManifestModule& entry : manifest.modules) {
    if (entry.number == number) continue;
    const Module* module = course.by_number(entry.number);
    if (module == nullptr) continue;
    for (const Module* dep : course.closure(*module)) {
      if (dep->number == number) found.push_back(entry.number);
    }
  }
  return found;
}

bool confirm(const std::string& question) {
  fmt::print("{} [y/N] ", question);
  std::fflush(stdout);
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "y" || answer == "Y" || answer == "yes";
}

}  // namespace

void attach_module_reset(CLI::App& command, Context& context) {
  auto name = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  command.add_option("module", *name, "Module: 14, 014, 14_kvcaching or kvcaching")->required();
  command.add_flag("-f,--force", *force, "Also remove the modules that depend on it, without asking");
  command.callback([&context, name, force] {
    const Course& course = context.course();
    const Module& module = course.resolve(*name);
    Package package(context.config());
    const auto lock = package.lock(fmt::format("module reset {}", module.number));
    const Manifest manifest = package.manifest();
    std::vector<int> remove;
    if (manifest.find(module.number) != nullptr) {
      remove = dependents_in_package(course, manifest, module.number);
      if (!remove.empty() && !*force) {
        const std::string list = fmt::format("{}", fmt::join(remove, ", "));
        if (isatty(STDIN_FILENO) != 1) {
          throw usage_error(fmt::format("modules {} in the package depend on module {}", list, module.number),
                            "pass --force to remove them too");
        }
        if (!confirm(fmt::format("modules {} depend on module {}; remove them from the package too?", list,
                                 module.number))) {
          fmt::print("nothing changed\n");
          return;
        }
      }
      remove.push_back(module.number);
      package.replace(course, {}, remove);
    }
    update_progress(context.config(), [&](Progress& progress) {
      progress.modules.erase(module.number);
      if (progress.current == module.number) progress.current.reset();
    });
    if (remove.empty()) {
      fmt::print("module {} was not in the package; its progress is reset\n", module.number_text());
    } else {
      fmt::print("removed from the package: {}; progress of module {} reset\n", fmt::join(remove, ", "),
                 module.number_text());
    }
  });
}

}  // namespace tito::cli
