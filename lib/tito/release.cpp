#include "tito/release.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "tito/error.hpp"
#include "tito/fsutil.hpp"
#include "tito/manifest.hpp"
#include "tito/registry.hpp"
#include "tito/sha256.hpp"
#include "tito/tasks.hpp"
#include "tito/toml_file.hpp"
#include "tito/version.hpp"

namespace tito {
namespace {

namespace fs = std::filesystem;

// Top-level entries that never ship: version control, tito's state, builds,
// packages, editor links (what the course's .gitignore leaves out), and the
// release.json of a course that is itself a release.
bool left_out_at_top(const std::string& name) {
  static const std::set<std::string> names = {".git", ".tito", "build", "package", "compile_commands.json",
                                              kReleaseManifest};
  return names.count(name) > 0 || name.starts_with("build-");
}

// One entry of a planned release, decided before anything is written.
struct Planned {
  enum class Kind { kFolder, kSymlink, kCopy, kWrite };
  Kind kind = Kind::kCopy;
  fs::path source;
  fs::path relative;    // from the course root, the same in the release
  std::string content;  // kWrite: the new text (stubbed source, filtered registry)
  bool listed = false;  // a module's src/ or tests/ file: hashed in release.json
};

// Where a file sits in the course: its module (nullptr outside modules_dir) and its path inside it.
struct Placement {
  const Module* module = nullptr;
  fs::path inside;  // "src/kv_cache.cpp"
};

Placement place(const Config& config, const std::map<std::string, const Module*>& folders, const fs::path& path) {
  const fs::path relative = path.lexically_relative(config.modules_dir);
  if (relative.empty() || *relative.begin() == "..") return {};
  auto it = folders.find(relative.begin()->string());
  if (it == folders.end()) return {};
  return {it->second, relative.lexically_relative(*relative.begin())};
}

bool starts_with_folder(const fs::path& inside, const char* folder) {
  return !inside.empty() && *inside.begin() == folder && std::distance(inside.begin(), inside.end()) > 1;
}

bool is_source_file(const fs::path& path) {
  const auto ext = path.extension();
  return ext == ".cpp" || ext == ".hpp" || ext == ".h" || ext == ".cc";
}

// Deletes the staging folder unless it was renamed into place.
class Staging {
 public:
  explicit Staging(fs::path path) : path_(std::move(path)) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~Staging() {
    if (committed_) return;
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  Staging(const Staging&) = delete;
  Staging& operator=(const Staging&) = delete;

  const fs::path& path() const { return path_; }
  /// Renames the staged tree to `out` (an empty folder there is replaced).
  void commit(const fs::path& out) {
    fs::rename(path_, out);
    committed_ = true;
  }

 private:
  fs::path path_;
  bool committed_ = false;
};

void check_target(const Config& config, const fs::path& out) {
  std::error_code ec;
  if (fs::exists(out, ec) && (!fs::is_directory(out, ec) || !fs::is_empty(out, ec))) {
    throw usage_error(fmt::format("{}: the release folder exists and is not empty", out.string()),
                      "choose a new folder (it is created), or empty this one");
  }
  const fs::path inside = out.lexically_relative(config.root);
  if (inside.empty() || inside == ".") {
    throw usage_error(fmt::format("{}: cannot release a course into itself", out.string()),
                      "choose a folder outside the course");
  }
  if (*inside.begin() != ".." && std::distance(inside.begin(), inside.end()) > 1) {
    throw usage_error(fmt::format("{}: a release inside the course folder {} would be copied into itself",
                                  out.string(), inside.begin()->string()),
                      "choose a folder outside the course, or directly under its root");
  }
}

std::vector<int> selected_modules(const Course& course, const std::vector<int>& numbers) {
  std::vector<int> selected;
  if (numbers.empty()) {
    for (const Module& module : course.modules()) selected.push_back(module.number);
    return selected;
  }
  for (int number : numbers) {
    if (course.by_number(number) == nullptr) throw usage_error(fmt::format("no module {} in the course", number));
    selected.push_back(number);
  }
  std::sort(selected.begin(), selected.end());
  selected.erase(std::unique(selected.begin(), selected.end()), selected.end());
  return selected;
}

// Decides every entry of the release, stubbing and filtering in memory, so a marker error stops it
// before anything is written.
std::vector<Planned> plan_release(const Config& config, const Course& course, const std::set<int>& stubbed,
                                  const fs::path& out, ReleaseSummary& summary) {
  std::map<std::string, const Module*> folders;
  for (const Module& module : course.modules()) folders.emplace(module.folder_name(), &module);
  const std::set<fs::path> never = {config.build_dir, config.package_dir, config.state_dir, out};

  std::vector<Planned> plan;
  for (auto it = fs::recursive_directory_iterator(config.root); it != fs::recursive_directory_iterator(); ++it) {
    const fs::path& path = it->path();
    const bool top = it.depth() == 0;
    if ((top && left_out_at_top(path.filename().string())) || never.count(path.lexically_normal()) > 0) {
      if (it->is_directory() && !it->is_symlink()) it.disable_recursion_pending();
      continue;
    }
    Planned entry{Planned::Kind::kCopy, path, path.lexically_relative(config.root), "", false};
    if (it->is_symlink()) {
      entry.kind = Planned::Kind::kSymlink;
    } else if (it->is_directory()) {
      entry.kind = Planned::Kind::kFolder;
    } else if (!it->is_regular_file()) {
      continue;
    }
    const Placement at = place(config, folders, path);
    if (at.module != nullptr && entry.kind == Planned::Kind::kCopy) {
      const bool in_tests = starts_with_folder(at.inside, "tests");
      const bool in_src = starts_with_folder(at.inside, "src");
      entry.listed = in_tests || in_src;
      if (in_tests && is_hidden_test_file(path)) {
        ++summary.hidden_files;
        continue;
      }
      if (at.inside == fs::path("tests/grading.toml")) {
        int removed = 0;
        entry.content = strip_hidden_items(path, &removed);
        if (removed > 0) entry.kind = Planned::Kind::kWrite;
        summary.hidden_items += removed;
      } else if (in_src && stubbed.count(at.module->number) > 0 && is_source_file(path)) {
        const std::size_t blocks = scan_tasks(path).size();
        if (blocks > 0) {
          entry.kind = Planned::Kind::kWrite;
          entry.content = stub_source(path);
          summary.stubs += static_cast<int>(blocks);
        }
      }
    }
    plan.push_back(std::move(entry));
  }
  std::sort(plan.begin(), plan.end(), [](const Planned& a, const Planned& b) { return a.relative < b.relative; });
  return plan;
}

void write_entry(const fs::path& root, const Planned& entry) {
  const fs::path target = root / entry.relative;
  switch (entry.kind) {
    case Planned::Kind::kFolder:
      fs::create_directories(target);
      return;
    case Planned::Kind::kSymlink:
      fs::create_directories(target.parent_path());
      fs::copy_symlink(entry.source, target);
      return;
    case Planned::Kind::kCopy:
      fs::create_directories(target.parent_path());
      fs::copy_file(entry.source, target);
      return;
    case Planned::Kind::kWrite:
      write_file_atomic(target, entry.content);
      fs::permissions(target, fs::status(entry.source).permissions());
      return;
  }
}

std::string release_json(const Config& config, const fs::path& root, const std::vector<Planned>& plan,
                         const std::vector<int>& modules) {
  nlohmann::json files = nlohmann::json::object();
  for (const Planned& entry : plan) {
    if (entry.listed) files[entry.relative.generic_string()] = sha256_file(root / entry.relative);
  }
  nlohmann::json json = {
      {"course", config.course_name},
      {"course_version", config.course_version},
      {"tito_version", kVersion},
      {"released_at", utc_now()},
      {"stubbed_modules", modules},
      {"files", files},
  };
  return json.dump(2) + "\n";
}

// Label text inside a C++ string literal.
std::string escape_literal(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string stub_statement(const std::string& label) {
  return fmt::format("throw tinytorch::NotImplemented(\"{}\");", escape_literal(label));
}

std::string stub_source(const std::filesystem::path& file) {
  const std::vector<Task> tasks = scan_tasks(file);
  const std::string text = read_file(file);
  std::string out;
  std::size_t task = 0;
  int number = 0;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = text.find('\n', start);
    const std::size_t next = end == std::string::npos ? text.size() : end + 1;
    ++number;
    const bool open = task < tasks.size() && number > tasks[task].begin_line && number < tasks[task].end_line;
    if (!open) out.append(text, start, next - start);
    if (task < tasks.size() && number == tasks[task].begin_line) {
      out += tasks[task].indent + stub_statement(tasks[task].label()) + "\n";
    }
    if (task < tasks.size() && number == tasks[task].end_line) ++task;
    start = next;
  }
  return out;
}

std::string strip_hidden_items(const std::filesystem::path& file, int* removed) {
  const TomlFile toml = read_toml_file(file);
  std::vector<int> starts;  // the [[...]] header line of every item
  std::vector<int> hidden;  // ... of the hidden ones
  for (const char* name : {"unit", "integration"}) {
    const toml::array* items = toml.root[name].as_array();
    if (items == nullptr) continue;
    std::size_t kept = 0;
    for (const toml::node& node : *items) {
      const toml::table* table = node.as_table();
      if (table == nullptr) continue;
      const int line = static_cast<int>(table->source().begin.line);
      starts.push_back(line);
      if (optional_bool(toml, *table, "hidden", false)) {
        hidden.push_back(line);
      } else {
        ++kept;
      }
    }
    if (kept == 0 && !items->empty()) {
      throw usage_error(fmt::format("{}: every [[{}]] item is hidden; the released registry would be empty",
                                    file.string(), name),
                        fmt::format("keep at least one [[{}]] item with hidden = false", name));
    }
  }
  if (removed != nullptr) *removed = static_cast<int>(hidden.size());
  const std::string text = read_file(file);
  if (hidden.empty()) return text;

  std::vector<std::string> lines;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = text.find('\n', start);
    const std::size_t next = end == std::string::npos ? text.size() : end + 1;
    lines.push_back(text.substr(start, next - start));
    start = next;
  }
  auto is_comment = [&](int line) {  // 1-based
    const std::string& t = lines[static_cast<std::size_t>(line - 1)];
    const auto first = t.find_first_not_of(" \t");
    return first != std::string::npos && t[first] == '#';
  };
  std::sort(starts.begin(), starts.end());
  std::vector<bool> drop(lines.size() + 1, false);
  for (int header : hidden) {
    // An item runs to the next item's header; comment lines right above a header belong to that header.
    int first = header;
    while (first > 1 && is_comment(first - 1)) --first;
    auto after = std::upper_bound(starts.begin(), starts.end(), header);
    int end = after == starts.end() ? static_cast<int>(lines.size()) + 1 : *after;
    if (after != starts.end()) {
      while (end - 1 > header && is_comment(end - 1)) --end;
    }
    for (int line = first; line < end; ++line) drop[static_cast<std::size_t>(line)] = true;
  }
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!drop[i + 1]) out += lines[i];
  }
  return out;
}

bool is_hidden_test_file(const std::filesystem::path& file) {
  const std::string name = file.filename().string();
  return name.starts_with("hidden_") && file.extension() == ".cpp";
}

ReleaseSummary release_course(const Config& config, const Course& course, const ReleaseOptions& options) {
  const fs::path out = fs::absolute(options.out).lexically_normal();
  check_target(config, out);
  ReleaseSummary summary;
  summary.out = out;
  summary.modules = selected_modules(course, options.modules);
  const std::set<int> stubbed(summary.modules.begin(), summary.modules.end());
  const std::vector<Planned> plan = plan_release(config, course, stubbed, out, summary);

  fs::create_directories(out.parent_path());
  Staging staging(out.parent_path() / fmt::format("{}.tmp-{}", out.filename().string(), getpid()));
  for (const Planned& entry : plan) {
    write_entry(staging.path(), entry);
    if (entry.kind == Planned::Kind::kCopy || entry.kind == Planned::Kind::kWrite) ++summary.files;
  }
  // A rewritten registry must still read as one: the release must grade as the course does.
  for (const Module& module : course.modules()) {
    Module released = module;
    released.dir = staging.path() / module.dir.lexically_relative(config.root);
    if (fs::exists(registry_path(released)) && read_file(registry_path(released)) !=
                                                   read_file(registry_path(module))) {
      read_registry(released);
    }
  }
  write_file_atomic(staging.path() / kReleaseManifest, release_json(config, staging.path(), plan, summary.modules));
  ++summary.files;
  staging.commit(out);
  return summary;
}

}  // namespace tito
