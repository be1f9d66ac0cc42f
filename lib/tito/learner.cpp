#include "tito/learner.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "tito/error.hpp"
#include "tito/package.hpp"
#include "tito/registry.hpp"

namespace tito {
namespace {

// "14.2" < "14.10": compare task ids number by number.
bool task_before(const Task& a, const Task& b) {
  auto parts = [](const std::string& id) {
    const auto dot = id.find('.');
    return std::pair(std::stoi(id.substr(0, dot)), std::stoi(id.substr(dot + 1)));
  };
  return parts(a.id) < parts(b.id) || (parts(a.id) == parts(b.id) && a.begin_line < b.begin_line);
}

}  // namespace

StartPlan plan_start(const Config& config, const Course& course, const Module& module) {
  StartPlan plan;
  const Manifest manifest = Package(config).manifest();
  for (const Module* dep : course.closure(module)) {
    if (dep != &module && manifest.find(dep->number) == nullptr) plan.missing.push_back(dep);
  }
  plan.lesson = module.dir / "README.md";
  std::vector<Task> tasks = module_tasks(module);
  for (const Task& task : tasks) {
    if (std::find(plan.files.begin(), plan.files.end(), task.file) == plan.files.end()) plan.files.push_back(task.file);
  }
  std::sort(tasks.begin(), tasks.end(), task_before);
  if (!tasks.empty()) {
    plan.first_task = tasks.front();
    if (std::filesystem::exists(registry_path(module))) {
      for (const GradeItem& item : read_registry(module).items) {
        if (item.task == plan.first_task->id) plan.first_task_grades.push_back(item.id);
      }
    }
  }
  return plan;
}

void mark_started(const Config& config, const Module& module) {
  update_progress(config, [&](Progress& progress) {
    ModuleProgress& entry = progress.modules[module.number];
    if (entry.started_at.empty()) entry.started_at = utc_now();
    progress.current = module.number;
  });
}

const Module& module_or_current(const Config& config, const Course& course, const std::string& argument) {
  if (!argument.empty()) return course.resolve(argument);
  const Progress progress = load_progress(config);
  if (!progress.current) {
    throw usage_error("no module named and no current module yet",
                      "name one (tito module test 14), or start one: tito module start 1");
  }
  if (const Module* module = course.by_number(*progress.current)) return *module;
  throw usage_error(fmt::format("the current module {} is no longer in the course", *progress.current),
                    "name a module: tito module list");
}

std::string next_command(const Module& module, const ModuleProgress* progress, bool completed) {
  if (completed) return "-";
  if (progress == nullptr || progress->attempts == 0) return fmt::format("tito module test {}", module.number);
  if (progress->next_grade.empty()) return fmt::format("tito module complete {}", module.number);
  return fmt::format("tito module test {} --filter {}", module.number, progress->next_grade);
}

}  // namespace tito
