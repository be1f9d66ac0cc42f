#pragma once
// The learner's loop: where to start a module, and where they stand in it.

#include <optional>
#include <string>
#include <vector>

#include "tito/config.hpp"
#include "tito/course.hpp"
#include "tito/progress.hpp"
#include "tito/tasks.hpp"

namespace tito {

/// What `tito module start N` shows.
struct StartPlan {
  std::vector<const Module*> missing;          ///< dependencies (direct or not) not in the package
  std::filesystem::path lesson;                ///< the module's README.md
  std::vector<std::filesystem::path> files;    ///< sources with tasks to write
  std::optional<Task> first_task;              ///< the first task in task-id order
  std::vector<std::string> first_task_grades;  ///< grade ids that check it
};

/// Works out the plan for starting `module`.
StartPlan plan_start(const Config& config, const Course& course, const Module& module);

/// Marks `module` started (if it was not) and current.
void mark_started(const Config& config, const Module& module);

/// The module named by `argument`, or the current one (last worked on) when it is empty.
const Module& module_or_current(const Config& config, const Course& course, const std::string& argument);

/// The next command for a module given its progress: what `resume` and `status` say.
std::string next_command(const Module& module, const ModuleProgress* progress, bool completed);

}  // namespace tito
