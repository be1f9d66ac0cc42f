#include "tito/course.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <functional>
#include <map>
#include <regex>
#include <set>

#include "tito/suggest.hpp"
#include "tito/toml_file.hpp"

namespace tito {
namespace {

const std::regex kFolderPattern("([0-9]{2})_([a-z][a-z0-9_]*)");

std::optional<int> parse_number(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

std::string Module::number_text() const { return fmt::format("{:02d}", number); }

std::string Module::folder_name() const { return fmt::format("{:02d}_{}", number, slug); }

Module read_module(const std::filesystem::path& module_dir) {
  const TomlFile toml = read_toml_file(module_dir / "module.toml");
  const toml::table& top = toml.root;
  require_known_keys(toml, top,
                     {"number", "slug", "title", "summary", "version", "depends", "timeout", "bench"},
                     "module.toml");
  Module module;
  module.dir = std::filesystem::absolute(module_dir).lexically_normal();
  const std::int64_t number = required_integer(toml, top, "number");
  if (number < 1 || number > 99) {
    throw usage_error(fmt::format("{}: number must be between 1 and 99, not {}", toml.where(top, "number"), number));
  }
  module.number = static_cast<int>(number);
  module.slug = required_string(toml, top, "slug");
  module.title = required_string(toml, top, "title");
  module.summary = required_string(toml, top, "summary");
  module.version = required_string(toml, top, "version");
  for (std::int64_t dep : integer_array(toml, top, "depends")) {
    if (dep < 1 || dep > 99) {
      throw usage_error(fmt::format("{}: dependency {} is not a module number (1..99)", toml.where(top, "depends"), dep));
    }
    module.depends.push_back(static_cast<int>(dep));
  }
  if (auto timeout = optional_integer(toml, top, "timeout")) {
    if (*timeout <= 0 || *timeout > 24 * 3600) {
      throw usage_error(fmt::format("{}: timeout must be between 1 and 86400 seconds, not {}", toml.where(top, "timeout"), *timeout));
    }
    module.timeout_s = static_cast<int>(*timeout);
  }
  module.bench = optional_string(toml, top, "bench");

  const std::string folder = module.dir.filename().string();
  if (folder != module.folder_name()) {
    throw usage_error(
        fmt::format("{}: number = {} and slug = \"{}\" say the folder should be {}, but it is {}",
                    toml.path.string(), module.number, module.slug, module.folder_name(), folder),
        "rename the folder or fix number/slug so that they agree");
  }
  if (std::find(module.depends.begin(), module.depends.end(), module.number) != module.depends.end()) {
    throw usage_error(fmt::format("{}: module {} depends on itself", toml.where(top, "depends"), module.number));
  }
  return module;
}

Course Course::discover(const Config& config) {
  Course course;
  std::vector<std::filesystem::path> dirs;
  for (const auto& entry : std::filesystem::directory_iterator(config.modules_dir)) {
    if (!entry.is_directory() || entry.path().filename().string().starts_with('.')) continue;
    dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  for (const auto& dir : dirs) {
    const std::string name = dir.filename().string();
    if (!std::regex_match(name, kFolderPattern)) {
      throw usage_error(fmt::format("{}: a module folder must be named NN_slug (like 14_kvcaching)", dir.string()),
                        fmt::format("rename it, or move it out of {}", config.modules_dir.string()));
    }
    if (!std::filesystem::is_regular_file(dir / "module.toml")) {
      throw usage_error(fmt::format("{}: module folder without module.toml", dir.string()),
                        "add module.toml (number, slug, title, summary, version, depends)");
    }
    course.modules_.push_back(read_module(dir));
  }
  std::map<int, const Module*> seen;
  for (const Module& module : course.modules_) {
    auto [it, inserted] = seen.emplace(module.number, &module);
    if (!inserted) {
      throw usage_error(fmt::format("{}: module number {} is also used by {}", module.toml_path().string(),
                                    module.number, it->second->toml_path().string()),
                        "give every module its own number");
    }
  }
  for (const Module& module : course.modules_) {
    for (int dep : module.depends) {
      if (seen.count(dep) == 0) {
        throw usage_error(fmt::format("{}: depends on module {}, which does not exist in {}",
                                      module.toml_path().string(), dep, config.modules_dir.string()),
                          "fix `depends`, or add the missing module");
      }
    }
  }
  course.dependency_order();  // throws on a cycle
  return course;
}

const Module* Course::by_number(int number) const {
  for (const Module& module : modules_) {
    if (module.number == number) return &module;
  }
  return nullptr;
}

const Module& Course::resolve(std::string_view argument) const {
  if (auto number = parse_number(argument)) {
    if (const Module* module = by_number(*number)) return *module;
  }
  std::smatch match;
  const std::string text(argument);
  if (std::regex_match(text, match, kFolderPattern)) {
    const Module* module = by_number(std::stoi(match[1]));
    if (module != nullptr && module->slug == match[2]) return *module;
  }
  for (const Module& module : modules_) {
    if (module.slug == argument) return module;
  }

  std::vector<std::string> names;
  for (const Module& module : modules_) names.push_back(fmt::format("{} ({})", module.number, module.slug));
  const Module* guess = nullptr;
  if (auto number = parse_number(argument)) {
    // A number: prefer the same digits swapped ("41" -> 14), then the nearest number.
    std::string digits = fmt::format("{:02d}", *number);
    std::sort(digits.begin(), digits.end());
    int best_gap = 1 << 30;
    for (const Module& module : modules_) {
      std::string other = module.number_text();
      std::sort(other.begin(), other.end());
      const int gap = other == digits ? -1 : std::abs(module.number - *number);
      if (gap < best_gap) best_gap = gap, guess = &module;
    }
  } else {
    std::vector<std::string> slugs;
    for (const Module& module : modules_) slugs.push_back(module.slug);
    if (auto slug = nearest_name(argument, slugs)) {
      for (const Module& module : modules_) {
        if (module.slug == *slug) guess = &module;
      }
    }
  }
  const std::string known = names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", "));
  if (guess != nullptr) {
    throw usage_error(fmt::format("no module {}; did you mean {} ({})?", argument, guess->number, guess->slug),
                      fmt::format("modules: {}", known));
  }
  throw usage_error(fmt::format("no module {}", argument), fmt::format("modules: {}", known));
}

std::vector<const Module*> Course::dependency_order() const {
  // Depth-first, smallest number first, so the order is stable and readable.
  enum class Mark { kNone, kActive, kDone };
  std::map<int, Mark> marks;
  std::vector<const Module*> order;
  std::vector<int> path;
  std::function<void(const Module&)> visit = [&](const Module& module) {
    Mark& mark = marks[module.number];
    if (mark == Mark::kDone) return;
    if (mark == Mark::kActive) {
      auto start = std::find(path.begin(), path.end(), module.number);
      std::vector<int> cycle(start, path.end());
      cycle.push_back(module.number);
      throw usage_error(fmt::format("{}: dependency cycle: {}", module.toml_path().string(), fmt::join(cycle, " -> ")),
                        "remove one of these dependencies");
    }
    mark = Mark::kActive;
    path.push_back(module.number);
    std::vector<int> deps = module.depends;
    std::sort(deps.begin(), deps.end());
    for (int dep : deps) {
      if (const Module* next = by_number(dep)) visit(*next);
    }
    path.pop_back();
    marks[module.number] = Mark::kDone;
    order.push_back(&module);
  };
  for (const Module& module : modules_) visit(module);
  return order;
}

std::vector<const Module*> Course::closure(const Module& module) const {
  std::set<int> wanted{module.number};
  std::vector<int> todo{module.number};
  while (!todo.empty()) {
    const Module* next = by_number(todo.back());
    todo.pop_back();
    for (int dep : next->depends) {
      if (wanted.insert(dep).second) todo.push_back(dep);
    }
  }
  std::vector<const Module*> result;
  for (const Module* candidate : dependency_order()) {
    if (wanted.count(candidate->number) != 0) result.push_back(candidate);
  }
  return result;
}

}  // namespace tito
