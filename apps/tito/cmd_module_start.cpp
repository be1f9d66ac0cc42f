// tito module start N: what a module builds on, where its lesson and files are, the first task.

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdlib>

#include "commands.hpp"
#include "tito/error.hpp"
#include "tito/learner.hpp"
#include "tito/package.hpp"
#include "tito/process.hpp"

namespace tito::cli {

void attach_module_start(CLI::App& command, Context& context) {
  auto name = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  auto open = std::make_shared<bool>(false);
  command.add_option("module", *name, "Module: 14, 014, 14_kvcaching or kvcaching")->required();
  command.add_flag("-f,--force", *force, "Start even though modules it builds on are not completed");
  command.add_flag("--open", *open, "Open the lesson and the first file in $VISUAL or $EDITOR");
  command.callback([&context, name, force, open] {
    const Course& course = context.course();
    const Module& module = course.resolve(*name);
    const StartPlan plan = plan_start(context.config(), course, module);
    fmt::print("{}\n  {}\n", context.style.strong(fmt::format("Module {}: {}", module.number_text(), module.title)),
               module.summary);
    std::vector<std::string> deps;
    for (int dep : module.depends) deps.push_back(fmt::format("{:02d} {}", dep, course.by_number(dep)->slug));
    fmt::print("  builds on: {}\n", deps.empty() ? "nothing" : fmt::format("{}", fmt::join(deps, ", ")));
    if (!plan.missing.empty()) {
      fmt::print("\n{}\n", context.style.warn("not completed yet (they are not in the package):"));
      for (const Module* dep : plan.missing) fmt::print("    tito module complete {}\n", dep->number);
      if (!*force) {
        fmt::print("\nnothing started; complete them first, or start anyway: tito module start {} --force\n",
                   module.number);
        context.exit_code = static_cast<int>(ExitCode::kTestsFailed);
        return;
      }
    }
    mark_started(context.config(), module);
    fmt::print("\n  lesson:  {}\n", plan.lesson.string());
    for (const auto& file : plan.files) fmt::print("  edit:    {}\n", file.string());
    if (plan.first_task) {
      const std::string filter =
          plan.first_task_grades.empty() ? "" : fmt::format(" --filter {}", fmt::join(plan.first_task_grades, ","));
      fmt::print("\nfirst: {}, in {}:{}\ntest it: tito module test {}{}\n", plan.first_task->label(),
                 std::filesystem::relative(plan.first_task->file, module.dir).string(), plan.first_task->begin_line,
                 module.number, filter);
    }
    if (*open) {
      const char* editor = std::getenv("VISUAL");
      if (editor == nullptr || editor[0] == '\0') editor = std::getenv("EDITOR");
      if (editor == nullptr || editor[0] == '\0') {
        fmt::print("--open: set $VISUAL or $EDITOR to open files\n");
        return;
      }
      std::vector<std::string> argv = {editor, plan.lesson.string()};
      if (plan.first_task) argv.push_back(plan.first_task->file.string());
      run_attached(argv);
    }
  });
}

void attach_module_resume(CLI::App& command, Context& context) {
  auto name = std::make_shared<std::string>();
  command.add_option("module", *name, "Module (default: the one last worked on)");
  command.callback([&context, name] {
    const Course& course = context.course();
    const Module& module = module_or_current(context.config(), course, *name);
    const Progress progress = load_progress(context.config());
    auto it = progress.modules.find(module.number);
    const ModuleProgress* entry = it == progress.modules.end() ? nullptr : &it->second;
    const bool completed = Package(context.config()).manifest().find(module.number) != nullptr;
    fmt::print("{}\n", context.style.strong(fmt::format("Module {}: {}", module.number_text(), module.title)));
    if (completed) {
      fmt::print("  completed and in the package\n");
    } else if (entry == nullptr || entry->attempts == 0) {
      fmt::print("  no test run yet\n");
    } else {
      fmt::print("  points: best {}/{}, last run {} ({} run(s))\n", entry->best_points, entry->possible,
                 entry->last_points, entry->attempts);
      if (!entry->next_grade.empty()) {
        fmt::print("  first not passing: {}{}: {}\n", entry->next_grade,
                   entry->next_task.empty() ? "" : " (Task " + entry->next_task + ")", entry->next_reason);
      } else {
        fmt::print("  every graded test passed in the last run\n");
      }
    }
    fmt::print("next: {}\n", next_command(module, entry, completed) == "-" ? "tito module status"
                                                                             : next_command(module, entry, completed));
  });
}

}  // namespace tito::cli
