#include "tito/progress.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "tito/file_lock.hpp"
#include "tito/fsutil.hpp"
#include "tito/manifest.hpp"

namespace tito {
namespace {

using Json = nlohmann::ordered_json;

Progress parse(const std::string& text) {
  const Json root = Json::parse(text);
  if (root.at("format").get<int>() != 1) throw std::runtime_error("unknown format");
  Progress progress;
  if (root.contains("current") && !root["current"].is_null()) progress.current = root["current"].get<int>();
  for (const auto& [key, value] : root.at("modules").items()) {
    ModuleProgress module;
    module.started_at = value.at("started_at").get<std::string>();
    module.attempts = value.at("attempts").get<int>();
    module.last_run = value.at("last_run").get<std::string>();
    module.last_points = value.at("last_points").get<int>();
    module.best_points = value.at("best_points").get<int>();
    module.possible = value.at("possible").get<int>();
    module.next_grade = value.value("next_grade", "");
    module.next_task = value.value("next_task", "");
    module.next_reason = value.value("next_reason", "");
    progress.modules[std::stoi(key)] = module;
  }
  return progress;
}

std::string serialise(const Progress& progress) {
  Json root;
  root["format"] = 1;
  root["current"] = progress.current ? Json(*progress.current) : Json(nullptr);
  root["modules"] = Json::object();
  for (const auto& [number, module] : progress.modules) {
    root["modules"][std::to_string(number)] = {{"started_at", module.started_at},   {"attempts", module.attempts},
                                               {"last_run", module.last_run},       {"last_points", module.last_points},
                                               {"best_points", module.best_points}, {"possible", module.possible},
                                               {"next_grade", module.next_grade},   {"next_task", module.next_task},
                                               {"next_reason", module.next_reason}};
  }
  return root.dump(2) + "\n";
}

Progress load_unlocked(const Config& config) {
  const auto path = progress_path(config);
  if (!std::filesystem::exists(path)) return {};
  const std::string text = read_file(path);
  try {
    return parse(text);
  } catch (const std::exception& error) {
    const auto aside = path.string() + ".corrupt-" + utc_now();
    std::filesystem::rename(path, aside);
    fmt::print(stderr,
               "tito: warning: {} was corrupt ({}); it is kept as {} and a new progress file is started. "
               "Completed modules are unaffected (they are read from the package manifest).\n",
               path.string(), error.what(), aside);
    return {};
  }
}

}  // namespace

std::filesystem::path progress_path(const Config& config) { return config.state_dir / "progress.json"; }

Progress load_progress(const Config& config) {
  FileLock lock(config.state_dir / "progress.lock", "updating progress");
  return load_unlocked(config);
}

void update_progress(const Config& config, const std::function<void(Progress&)>& change) {
  FileLock lock(config.state_dir / "progress.lock", "updating progress");
  Progress progress = load_unlocked(config);
  change(progress);
  write_file_atomic(progress_path(config), serialise(progress));
}

void record_run(const Config& config, const ModuleResult& result, bool full) {
  update_progress(config, [&](Progress& progress) {
    ModuleProgress& module = progress.modules[result.number];
    const std::string now = utc_now();
    if (module.started_at.empty()) module.started_at = now;
    ++module.attempts;
    module.last_run = now;
    module.last_points = result.earned();
    if (full) {
      module.best_points = std::max(module.best_points, result.earned());
      module.possible = result.possible();
    }
    module.next_grade = module.next_task = module.next_reason = "";
    for (const GradeResult& grade : result.grades) {
      if (const TestResult* problem = grade.first_problem()) {
        module.next_grade = grade.item.id;
        module.next_task = grade.item.task;
        module.next_reason = problem->reason;
        break;
      }
    }
    progress.current = result.number;
  });
}

}  // namespace tito
