// tito module reset N: take N (and what depends on it) out of the package and reset its progress.

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <iostream>

#include "commands.hpp"
#include "tito/code_reset.hpp"
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

// --code, --list-backups, --restore-backup: the learner's files, never the package.
void reset_files(Context& context, const Module& module, bool code, bool list, const std::string& restore,
                 bool force) {
  if (list) {
    const auto backups = list_backups(context.config(), module);
    if (backups.empty()) fmt::print("module {} has no backups\n", module.number_text());
    for (const CodeBackup& backup : backups) {
      fmt::print("{}  {} file(s)  {}\n", backup.stamp, backup.files, backup.folder.string());
    }
    return;
  }
  const std::string what = code ? fmt::format("restore {}/src as the release shipped it", module.folder_name())
                                 : fmt::format("replace {}/src with backup {}", module.folder_name(), restore);
  if (!force) {
    if (isatty(STDIN_FILENO) != 1) {
      throw usage_error(fmt::format("this would {}", what), "pass --force to do it without asking");
    }
    if (!confirm(fmt::format("{}? Your current files are backed up first.", what))) {
      fmt::print("nothing changed\n");
      return;
    }
  }
  const CodeBackup backup = code ? reset_code(context.config(), module)
                                 : restore_backup(context.config(), module, restore);
  fmt::print("your files were saved as backup {} ({})\n", backup.stamp, backup.folder.string());
  fmt::print("{}\nbring them back with: tito module reset {} --restore-backup {}\n",
             code ? "src/ is as the release shipped it" : "backup " + restore + " is back in src/", module.number,
             backup.stamp);
}

void attach_module_reset(CLI::App& command, Context& context) {
  auto name = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  auto code = std::make_shared<bool>(false);
  auto list = std::make_shared<bool>(false);
  auto restore = std::make_shared<std::string>();
  command.add_option("module", *name, "Module: 14, 014, 14_kvcaching or kvcaching")->required();
  command.add_flag("-f,--force", *force, "Do it without asking (also removes the modules that depend on it)");
  command.add_flag("--code", *code, "Restore src/ as the student release shipped it (your files are backed up first)");
  command.add_flag("--list-backups", *list, "List the backups of the module's src/");
  command.add_option("--restore-backup", *restore, "Put backup STAMP back in src/ (your files are backed up first)");
  command.callback([&context, name, force, code, list, restore] {
    const Course& course = context.course();
    const Module& module = course.resolve(*name);
    if (static_cast<int>(*code) + static_cast<int>(*list) + static_cast<int>(!restore->empty()) > 1) {
      throw usage_error("--code, --list-backups and --restore-backup exclude each other");
    }
    if (*code || *list || !restore->empty()) {
      reset_files(context, module, *code, *list, *restore, *force);
      return;
    }
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
