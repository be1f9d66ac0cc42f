#include "tito/check.hpp"

#include <fmt/format.h>
#include <stdlib.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <set>

#include "tito/build.hpp"
#include "tito/error.hpp"
#include "tito/fsutil.hpp"
#include "tito/lesson.hpp"
#include "tito/registry.hpp"
#include "tito/release.hpp"
#include "tito/runner.hpp"
#include "tito/tasks.hpp"
#include "tito/toml_file.hpp"

namespace tito {
namespace {

namespace fs = std::filesystem;

const std::regex kTestMacro(R"(\b(?:TEST|TEST_F|TEST_P|TYPED_TEST)\s*\(\s*(\w+)\s*,\s*(\w+)\s*\))");

std::vector<fs::path> files_under(const fs::path& dir, const std::set<std::string>& extensions) {
  std::vector<fs::path> files;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && extensions.count(entry.path().extension().string()) > 0) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

CheckCategory named(std::string name) {
  CheckCategory category;
  category.name = std::move(name);
  return category;
}

// A build error carries the whole compiler output: the scorecard shows its start.
std::string first_lines(const std::string& text, int count) {
  std::size_t end = 0;
  for (int i = 0; i < count; ++i) {
    end = text.find('\n', i == 0 ? 0 : end + 1);
    if (end == std::string::npos || end + 1 >= text.size()) return text;
  }
  return text.substr(0, end) + "\n...";
}

// `text` matched literally inside a regex (target names may hold '.' or '+').
std::string regex_literal(const std::string& text) {
  return std::regex_replace(text, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)");
}

// "Prefix/Suite.Name/0" (a parameterised test) -> "Suite.Name".
std::string plain_test_name(const std::string& name) {
  std::string plain = name;
  const auto dot = plain.find('.');
  if (const auto slash = plain.find('/'); slash != std::string::npos && slash < dot) plain.erase(0, slash + 1);
  if (const auto slash = plain.find('/', plain.find('.')); slash != std::string::npos) plain.erase(slash);
  return plain;
}

// True when `text` has `id` ("14.2") as a whole number, not inside "114.2" or "14.21".
bool mentions_id(const std::string& text, const std::string& id) {
  for (auto at = text.find(id); at != std::string::npos; at = text.find(id, at + 1)) {
    const bool before = at == 0 || (!std::isdigit(static_cast<unsigned char>(text[at - 1])) && text[at - 1] != '.');
    const std::size_t after = at + id.size();
    const bool behind = after >= text.size() || !std::isdigit(static_cast<unsigned char>(text[after]));
    if (before && behind) return true;
  }
  return false;
}

void check_module_toml(const Module& module, CheckCategory& category) {
  const TomlFile toml = read_toml_file(module.toml_path());
  const std::map<std::string, std::string> fields = {
      {"title", module.title}, {"summary", module.summary}, {"version", module.version}};
  for (const auto& [key, value] : fields) {
    if (value.find_first_not_of(" \t") == std::string::npos) {
      category.fail(toml.where(toml.root, key), fmt::format("`{}` is empty", key),
                    "module list, info and the package show it");
    } else {
      category.pass();
    }
  }
  if (!module.bench) return;
  // The bench target is reliable to find when the module's CMakeLists.txt defines it with
  // add_executable(<bench> bench/<file> ...), as every module does.
  const std::string where = toml.where(toml.root, "bench");
  const fs::path cmake = module.dir / "CMakeLists.txt";
  const std::string text = fs::exists(cmake) ? read_file(cmake) : "";
  std::smatch match;
  const std::regex defined("add_executable\\s*\\(\\s*" + regex_literal(*module.bench) + "\\s+([^)]*)\\)");
  if (!std::regex_search(text, match, defined)) {
    category.fail(where,
                  fmt::format("bench = \"{}\", but {} has no add_executable({} ...)", *module.bench, cmake.string(),
                              *module.bench),
                  fmt::format("add the benchmark under bench/ and add_executable({} bench/<file>.cpp) to "
                              "CMakeLists.txt, or remove `bench`",
                              *module.bench));
    return;
  }
  std::istringstream sources(match[1].str());
  bool found = false;
  for (std::string source; sources >> source;) {
    const fs::path path = (module.dir / source).lexically_normal();
    found = found || (source.starts_with("bench/") && fs::is_regular_file(path));
  }
  if (found) {
    category.pass();
  } else {
    category.fail(where, fmt::format("bench target {} is not built from a file under {}", *module.bench,
                                     (module.dir / "bench").string()),
                  "put the benchmark's source in bench/ and name it in add_executable");
  }
}

std::optional<Registry> check_registry(const Module& module, CheckCategory& category) {
  try {
    Registry registry = read_registry(module);
    category.pass();
    for (RegistryKind kind : {RegistryKind::kUnit, RegistryKind::kIntegration}) {
      const bool any = std::any_of(registry.items.begin(), registry.items.end(),
                                   [&](const GradeItem& item) { return item.kind == kind; });
      if (any) {
        category.pass();
      } else {
        category.fail(registry.file.string(), fmt::format("the {} registry is empty", registry_name(kind)));
      }
    }
    return registry;
  } catch (const Error& error) {
    category.fail("", error.what(), error.hint());
    return std::nullopt;
  }
}

void check_registry_against_tests(const Config& config, const Module& module, const Registry* registry,
                                  const CheckOptions& options, CheckCategory& category) {
  if (registry == nullptr) {
    category.skipped = "needs a valid tests/grading.toml";
    return;
  }
  if (!options.build_tests) {
    category.skipped = "not built (--no-build)";
    return;
  }
  Config local = config;
  if (!options.build_dir.empty()) local.build_dir = fs::absolute(options.build_dir).lexically_normal();
  std::vector<std::string> tests;
  try {
    fmt::print(stderr, "{}: building {} ...\n", module.folder_name(), test_target(module));
    build_targets(local, {test_target(module)});
    tests = list_executable_tests(test_executable(local, module));
    category.pass();
  } catch (const Error& error) {
    category.fail("", first_lines(error.what(), 12), error.hint());
    return;
  }
  try {
    check_registry_matches(*registry, tests);
    category.pass();
  } catch (const Error& error) {
    category.fail("", error.what(), error.hint());
  }
}

std::vector<Task> check_markers(const Module& module, CheckCategory& category) {
  std::vector<Task> tasks;
  const auto files = files_under(module.dir / "src", {".cpp", ".hpp", ".h", ".cc"});
  if (files.empty()) category.skipped = "no files in src/";
  for (const fs::path& file : files) {
    std::vector<Task> found;
    try {
      found = scan_tasks(file);
      category.pass();
    } catch (const Error& error) {
      category.fail("", error.what(), error.hint());
      continue;
    }
    if (found.empty()) continue;
    // The stubs a release writes throw tinytorch::NotImplemented: the file must include it.
    if (read_file(file).find("tinytorch/core/not_implemented.hpp") != std::string::npos) {
      category.pass();
    } else {
      category.fail(fmt::format("{}:{}", file.string(), found.front().begin_line),
                    "solution markers, but no #include \"tinytorch/core/not_implemented.hpp\"",
                    "the released stubs throw tinytorch::NotImplemented; include it");
    }
    tasks.insert(tasks.end(), found.begin(), found.end());
  }
  return tasks;
}

// Every task of the markers is in the lesson, has a grade id, and is checked by a test.
void check_tasks(const Module& module, const std::vector<Task>& tasks, const std::optional<Registry>& registry,
                 const std::optional<Lesson>& lesson, CheckCategory& category) {
  std::string test_text;
  std::set<std::string> defined;  // "Suite.Name" of every TEST in tests/
  for (const fs::path& file : files_under(module.dir / "tests", {".cpp", ".hpp", ".h"})) {
    const std::string text = read_file(file);
    for (std::sregex_iterator it(text.begin(), text.end(), kTestMacro), end; it != end; ++it) {
      defined.insert((*it)[1].str() + "." + (*it)[2].str());
    }
    test_text += text + "\n";
  }
  std::set<std::string> seen;
  for (const Task& task : tasks) {
    if (!seen.insert(task.id).second) continue;
    const std::string where = fmt::format("{}:{}", task.file.string(), task.begin_line);
    const std::string name = fmt::format("Task {} ({})", task.id, task.title);
    if (lesson && mentions_task(lesson->text, task.id)) {
      category.pass();
    } else {
      category.fail(where, fmt::format("{} is not in the lesson {}", name, (module.dir / "README.md").string()),
                    fmt::format("describe it under ## Tasks as `### Task {}: ...`", task.id));
    }
    bool graded = false;
    bool tested = mentions_id(test_text, task.id);
    if (registry) {
      for (const GradeItem& item : registry->items) {
        if (item.task != task.id) continue;
        graded = true;
        for (const std::string& test : item.tests) tested = tested || defined.count(plain_test_name(test)) > 0;
      }
      if (graded) {
        category.pass();
      } else {
        category.fail(where, fmt::format("{} has no grade id: no item in {} has task = \"{}\"", name,
                                         registry->file.string(), task.id),
                      "add task = \"" + task.id + "\" to the grade id whose tests check it");
      }
    }
    if (tested) {
      category.pass();
    } else {
      category.fail(where,
                    fmt::format("{} is checked by no test: no file in tests/ names {}, and no grade id with "
                                "task = \"{}\" lists a TEST defined there",
                                name, task.id, task.id),
                    fmt::format("label the tests \"Task {}\", or list them in its grade id", task.id));
    }
  }
}

// A scratch folder for the stub build, removed with everything in it.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (fs::temp_directory_path() / "tito-stubs-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      throw Error(ExitCode::kEnvironment, fmt::format("cannot create a scratch folder in {}",
                                                      fs::temp_directory_path().string()));
    }
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

}  // namespace

void CheckCategory::fail(std::string where, std::string message, std::string hint) {
  ++checks;
  problems.push_back({std::move(where), std::move(message), std::move(hint)});
}

bool ModuleCheck::ok() const {
  return std::all_of(categories.begin(), categories.end(), [](const CheckCategory& c) { return c.ok(); });
}

const CheckCategory* ModuleCheck::category(const std::string& name) const {
  for (const CheckCategory& c : categories) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

ModuleCheck check_module(const Config& config, const Module& module, const CheckOptions& options) {
  ModuleCheck check{module.number, module.folder_name(), module.title, {}};
  CheckCategory toml = named("module.toml");
  check_module_toml(module, toml);
  CheckCategory registry_category = named("registry");
  const std::optional<Registry> registry = check_registry(module, registry_category);
  CheckCategory matches = named("registry = tests");
  check_registry_against_tests(config, module, registry ? &*registry : nullptr, options, matches);
  CheckCategory markers = named("solution markers");
  const std::vector<Task> tasks = check_markers(module, markers);

  CheckCategory lesson_category = named("lesson");
  std::optional<Lesson> lesson;
  const fs::path readme = module.dir / "README.md";
  if (fs::is_regular_file(readme)) {
    lesson = read_lesson(readme);
    std::vector<std::string> ids;
    for (const Task& task : tasks) {
      if (std::find(ids.begin(), ids.end(), task.id) == ids.end()) ids.push_back(task.id);
    }
    check_lesson(*lesson, ids, lesson_category);
  } else {
    lesson_category.fail(readme.string(), "the module has no lesson",
                         "write README.md with the sections every lesson has (see tito's README)");
  }
  CheckCategory task_category = named("tasks");
  if (tasks.empty()) task_category.skipped = "no solution markers";
  check_tasks(module, tasks, registry, lesson, task_category);

  check.categories = {std::move(toml),    std::move(registry_category), std::move(matches),
                      std::move(markers), std::move(task_category),     std::move(lesson_category)};
  return check;
}

void check_stubs(const Config& config, const Course& course, std::vector<ModuleCheck>& checks) {
  std::map<int, CheckCategory*> categories;
  ReleaseOptions options;
  for (ModuleCheck& check : checks) {
    check.categories.push_back(named("stubs build"));
    categories[check.number] = &check.categories.back();
    options.modules.push_back(check.number);
  }
  ScratchDir scratch;
  options.out = scratch.path() / "course";
  try {
    fmt::print(stderr, "stubs: releasing {} module(s) into {} ...\n", options.modules.size(), options.out.string());
    release_course(config, course, options);
  } catch (const Error& error) {
    for (auto& [number, category] : categories) category->fail("", error.what(), error.hint());
    return;
  }
  const BuildTree tree{options.out, options.out / "build", {"-DCMAKE_BUILD_TYPE=Release"}};
  std::set<int> broken;
  for (const Module* module : course.dependency_order()) {
    auto it = categories.find(module->number);
    if (it == categories.end()) continue;
    CheckCategory& category = *it->second;
    if (files_under(module->dir / "src", {".cpp"}).empty()) {
      category.skipped = "no src/*.cpp: nothing to compile";
      continue;
    }
    std::vector<int> blocked;
    for (const Module* dep : course.closure(*module)) {
      if (dep != module && broken.count(dep->number) > 0) blocked.push_back(dep->number);
    }
    if (!blocked.empty()) {
      category.skipped = fmt::format("module {:02d}'s stubs do not build", blocked.front());
      continue;
    }
    const std::string target = "tinytorch_" + module->slug;
    try {
      fmt::print(stderr, "{}: compiling {} with stubs ...\n", module->folder_name(), target);
      build_targets(tree, {target});
      category.pass();
    } catch (const Error& error) {
      category.fail("", first_lines(error.what(), 12), error.hint());
      broken.insert(module->number);
    }
  }
}

}  // namespace tito
