#pragma once
// What the manifest cannot know: when a learner started a module, how often
// they ran its tests, their best points. One small JSON file, written
// atomically. "Completed" is never stored here: it is read from the manifest.

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "tito/config.hpp"
#include "tito/report.hpp"

namespace tito {

/// One module's record.
struct ModuleProgress {
  std::string started_at;   ///< first run or `module start`
  int attempts = 0;         ///< test or complete runs
  std::string last_run;
  int last_points = 0;
  int best_points = 0;      ///< best of the full runs (no filter, both registries)
  int possible = 0;
  std::string next_grade;   ///< first grade id that did not pass in the last run ("" if all passed)
  std::string next_task;    ///< its task ("14.2"), when the registry names one
  std::string next_reason;  ///< why: "failed", "not implemented: Task 14.2: ...", "crashed (SIGSEGV)"
};

/// The whole progress file.
struct Progress {
  std::map<int, ModuleProgress> modules;
  std::optional<int> current;  ///< the module last worked on
};

/// .tito/progress.json of a course.
std::filesystem::path progress_path(const Config& config);

/// Reads the progress file; a corrupt one is reported on stderr and set aside as
/// progress.json.corrupt-<time> (never silently dropped), and an empty Progress is returned.
Progress load_progress(const Config& config);

/// Applies `change` to the progress file under its lock and writes it back atomically.
void update_progress(const Config& config, const std::function<void(Progress&)>& change);

/// Records one test run of a module (full: every grade id was run).
void record_run(const Config& config, const ModuleResult& result, bool full);

}  // namespace tito
