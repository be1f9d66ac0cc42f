#include "tito/grade.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "tito/build.hpp"
#include "tito/error.hpp"
#include "tito/fsutil.hpp"
#include "tito/registry.hpp"
#include "tito/release.hpp"
#include "tito/runner.hpp"
#include "tito/sha256.hpp"

namespace tito {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kBuildErrorLines = 40;

// release.json of a submission, or null when it has none (or it does not parse).
nlohmann::json read_release_json(const fs::path& submission) {
  std::ifstream in(submission / kReleaseManifest);
  if (!in) return nullptr;
  nlohmann::json json = nlohmann::json::parse(in, nullptr, false);
  return json.is_discarded() || !json.is_object() ? nlohmann::json(nullptr) : json;
}

std::string first_lines(const std::string& text, std::size_t count) {
  std::istringstream in(text);
  std::string out;
  std::size_t lines = 0;
  for (std::string line; std::getline(in, line);) {
    if (lines++ == count) return out + "...\n";
    out += line + "\n";
  }
  return out;
}

// Deletes a scratch folder with everything in it when it goes out of scope.
class Scratch {
 public:
  Scratch() {
    std::string pattern = (fs::temp_directory_path() / "tito-grade-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      throw Error(ExitCode::kEnvironment, "cannot create a scratch folder in " + fs::temp_directory_path().string());
    }
    path_ = pattern;
    // The grader user must read the tree and run what is built in it (mkdtemp makes it 0700).
    fs::permissions(path_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                               fs::perms::others_read | fs::perms::others_exec);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// The instructor's course into `to`: what a release would hold, with solutions and hidden tests.
void copy_course(const Config& config, const fs::path& to, const std::set<fs::path>& never) {
  static const std::set<std::string> names = {".git", ".tito", "build", "package", "compile_commands.json",
                                              kReleaseManifest};
  for (const fs::directory_entry& entry : fs::directory_iterator(config.root)) {
    const std::string name = entry.path().filename().string();
    if (names.count(name) > 0 || name.starts_with("build-") || never.count(entry.path().lexically_normal()) > 0) {
      continue;
    }
    fs::copy(entry.path(), to / name, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  }
}

// Replaces `to` with the regular files of `from` (never symlinks: a link could point at the
// instructor's solution or anywhere else on this machine).
void replace_sources(const fs::path& from, const fs::path& to) {
  fs::remove_all(to);
  fs::create_directories(to);
  if (!fs::is_directory(from)) return;
  for (auto it = fs::recursive_directory_iterator(from); it != fs::recursive_directory_iterator(); ++it) {
    const fs::path target = to / it->path().lexically_relative(from);
    if (it->is_symlink()) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_directory()) {
      fs::create_directories(target);
    } else if (it->is_regular_file()) {
      fs::copy_file(it->path(), target);
    }
  }
}

// A module that did not build: every grade id at 0, with the reason on each test.
ModuleResult not_built(const Module& module, const Registry& registry) {
  ModuleResult result;
  result.number = module.number;
  result.slug = module.slug;
  for (const GradeItem& item : registry.items) {
    GradeResult grade{item, Status::kFailed, 0, 0, {}};
    for (const std::string& name : item.tests) {
      TestResult test;
      test.name = name;
      test.status = Status::kFailed;
      test.reason = "did not compile";
      grade.tests.push_back(test);
    }
    result.grades.push_back(std::move(grade));
  }
  return result;
}

ModuleGrade grade_module(const Config& config, const Course& course, const Module& module,
                         const fs::path& submission, const fs::path& scratch, const BuildTree& tree,
                         const GradeOptions& options) {
  ModuleGrade grade;
  for (const Module* dep : course.closure(module)) {
    if (dep->number != module.number) grade.instructor_deps.push_back(dep->number);
  }
  const Registry registry = read_registry(module);  // the instructor's, hidden items included
  const fs::path inside = module.dir.lexically_relative(config.root);
  const fs::path scratch_src = scratch / inside / "src";
  const fs::path student_src = submission / inside / "src";
  replace_sources(student_src, scratch_src);
  try {
    build_targets(tree, {test_target(module)});
  } catch (const Error& error) {
    if (error.code() != ExitCode::kBuild) throw;
    // Paths as in the student's own tree, not the scratch folder's.
    std::string message = error.what();
    const std::string prefix = scratch.string() + "/";
    for (std::size_t at; (at = message.find(prefix)) != std::string::npos;) message.erase(at, prefix.size());
    grade.build_error = first_lines(message, kBuildErrorLines);
    if (!fs::is_directory(student_src)) grade.build_error = "no " + (inside / "src").string() + " in the submission\n" +
                                                            grade.build_error;
    grade.result = not_built(module, registry);
    replace_sources(module.dir / "src", scratch_src);
    return grade;
  }
  RunOptions run;
  run.timeout_s = options.timeout_s > 0 ? options.timeout_s : module.timeout_s.value_or(config.test_timeout_s);
  run.jobs = 1;  // submissions run side by side instead
  run.limits = student_limits(options, run.timeout_s, nullptr, nullptr);
  Module scratch_module = module;
  scratch_module.dir = scratch / inside;
  grade.result = run_graded_tests(scratch_module, tree.build / "bin" / test_target(module), registry.items, run);
  // The next module is graded against the instructor's solution of this one.
  replace_sources(module.dir / "src", scratch_src);
  return grade;
}

// One scratch course, configured once and reused for every submission a worker grades: the
// instructor's tests compile once, and a submission costs only its own sources.
class Workspace {
 public:
  Workspace(const Config& config, const GradeOptions& options) {
    copy_course(config, scratch_.path(),
                {config.build_dir, config.package_dir, config.state_dir, fs::absolute(options.out).lexically_normal(),
                 fs::absolute(options.submission).lexically_normal()});
    tree_ = BuildTree{scratch_.path(), scratch_.path() / "build", {"-DCMAKE_BUILD_TYPE=Release"}};
  }
  const fs::path& root() const { return scratch_.path(); }
  const BuildTree& tree() const { return tree_; }

 private:
  Scratch scratch_;
  BuildTree tree_;
};

SubmissionGrade grade_in(const Config& config, const Course& course, const fs::path& dir, const GradeOptions& options,
                         Workspace& workspace) {
  const auto start = std::chrono::steady_clock::now();
  SubmissionGrade grade;
  grade.dir = dir;
  grade.name = dir.filename().string();
  std::string warning;
  student_limits(options, 1, &grade.run_as, &warning);
  if (!warning.empty()) grade.warnings.push_back(warning);
  grade.tampered = find_tampered(config, course, dir);
  for (const Module* module : modules_to_grade(course, dir, options.modules)) {
    grade.modules.push_back(grade_module(config, course, *module, dir, workspace.root(), workspace.tree(), options));
  }
  grade.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return grade;
}

}  // namespace

int ModuleGrade::hidden_earned() const {
  int total = 0;
  for (const GradeResult& g : result.grades) total += g.item.hidden ? g.earned : 0;
  return total;
}

int ModuleGrade::hidden_possible() const {
  int total = 0;
  for (const GradeResult& g : result.grades) total += g.item.hidden ? g.item.points : 0;
  return total;
}

int SubmissionGrade::earned() const {
  int total = 0;
  for (const ModuleGrade& m : modules) total += m.result.earned();
  return total;
}

int SubmissionGrade::possible() const {
  int total = 0;
  for (const ModuleGrade& m : modules) total += m.result.possible();
  return total;
}

int SubmissionGrade::hidden_earned() const {
  int total = 0;
  for (const ModuleGrade& m : modules) total += m.hidden_earned();
  return total;
}

int SubmissionGrade::hidden_possible() const {
  int total = 0;
  for (const ModuleGrade& m : modules) total += m.hidden_possible();
  return total;
}

std::vector<fs::path> find_submissions(const fs::path& path) {
  if (!fs::is_directory(path)) {
    throw usage_error(fmt::format("{}: no such folder", path.string()),
                      "name a student's copy of the release, or a folder of them");
  }
  const fs::path dir = fs::absolute(path).lexically_normal();
  if (fs::exists(dir / kReleaseManifest) || fs::is_directory(dir / "modules")) return {dir};
  std::vector<fs::path> found;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (entry.is_directory() && !entry.path().filename().string().starts_with('.')) found.push_back(entry.path());
  }
  std::sort(found.begin(), found.end());
  if (found.empty()) {
    throw usage_error(fmt::format("{}: neither a submission (release.json or modules/) nor a folder of them",
                                  path.string()),
                      "a submission is a student's copy of `tito release`; a folder of them has one each");
  }
  return found;
}

std::vector<TamperedFile> find_tampered(const Config& config, const Course& course, const fs::path& submission) {
  const nlohmann::json release = read_release_json(submission);
  std::map<std::string, std::string> shipped;  // release.json's tests/ files
  if (release.is_object() && release.contains("files") && release["files"].is_object()) {
    for (const auto& [path, hash] : release["files"].items()) {
      if (path.find("/tests/") != std::string::npos && hash.is_string()) shipped[path] = hash.get<std::string>();
    }
  }
  std::vector<TamperedFile> tampered;
  std::set<std::string> seen;
  for (const Module& module : course.modules()) {
    const fs::path inside = module.dir.lexically_relative(config.root);
    const fs::path tests = submission / inside / "tests";
    if (!fs::is_directory(tests)) continue;
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(tests)) {
      if (!entry.is_regular_file() && !entry.is_symlink()) continue;
      const fs::path relative = inside / entry.path().lexically_relative(submission / inside);
      const std::string key = relative.generic_string();
      seen.insert(key);
      const std::string hash = entry.is_regular_file() ? sha256_file(entry.path()) : "symlink";
      // What the instructor's release of this file is today.
      const fs::path original = config.root / relative;
      std::string current;
      if (fs::is_regular_file(original) && !is_hidden_test_file(original)) {
        current = relative.filename() == "grading.toml" ? sha256_hex(strip_hidden_items(original)) : sha256_file(original);
      }
      auto it = shipped.find(key);
      if (hash == current || (it != shipped.end() && hash == it->second)) continue;
      tampered.push_back({key, it != shipped.end() || !current.empty() ? "changed" : "added"});
    }
  }
  for (const auto& [path, hash] : shipped) {
    if (seen.count(path) == 0) tampered.push_back({path, "deleted"});
  }
  std::sort(tampered.begin(), tampered.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return tampered;
}

std::vector<const Module*> modules_to_grade(const Course& course, const fs::path& submission,
                                            const std::vector<int>& requested) {
  std::set<int> wanted(requested.begin(), requested.end());
  if (wanted.empty()) {
    const nlohmann::json release = read_release_json(submission);
    if (release.is_object() && release.contains("stubbed_modules") && release["stubbed_modules"].is_array()) {
      for (const auto& number : release["stubbed_modules"]) {
        if (number.is_number_integer()) wanted.insert(number.get<int>());
      }
    }
  }
  std::vector<const Module*> modules;
  for (const Module* module : course.dependency_order()) {
    if (wanted.empty() || wanted.count(module->number) > 0) modules.push_back(module);
  }
  return modules;
}

ProcessLimits student_limits(const GradeOptions& options, int timeout_s, std::string* run_as, std::string* warning) {
  ProcessLimits limits;
  limits.cpu_seconds = static_cast<unsigned long>(timeout_s) + 1;
  limits.memory_bytes = options.memory_mb << 20;
  limits.processes = options.max_processes;
  limits.file_bytes = options.max_file_mb << 20;
  if (geteuid() != 0) {
    if (run_as != nullptr) {
      const passwd* self = getpwuid(geteuid());
      *run_as = self != nullptr ? self->pw_name : std::to_string(geteuid());
    }
    return limits;
  }
  if (const passwd* grader = getpwnam(kGraderUser)) {
    limits.uid = grader->pw_uid;
    limits.gid = grader->pw_gid;
    if (run_as != nullptr) *run_as = kGraderUser;
  } else {
    if (run_as != nullptr) *run_as = "root";
    if (warning != nullptr) {
      *warning = fmt::format(
          "student code ran as root: user {0} does not exist, and limits on processes do not bind root; "
          "create it with: useradd --system --no-create-home {0}",
          kGraderUser);
    }
  }
  return limits;
}

SubmissionGrade grade_submission(const Config& config, const Course& course, const fs::path& dir,
                                 const GradeOptions& options) {
  Workspace workspace(config, options);
  return grade_in(config, course, dir, options, workspace);
}

std::vector<SubmissionGrade> grade_submissions(const Config& config, const Course& course,
                                               const GradeOptions& options) {
  const std::vector<fs::path> dirs = find_submissions(options.submission);
  fs::create_directories(options.out);
  std::vector<SubmissionGrade> grades(dirs.size());
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::size_t done = 0;
  auto worker = [&] {
    std::optional<Workspace> workspace;
    for (std::size_t i; (i = next.fetch_add(1)) < dirs.size() && !interrupted();) {
      SubmissionGrade grade;
      try {
        if (!workspace) workspace.emplace(config, options);
        grade = grade_in(config, course, dirs[i], options, *workspace);
      } catch (const std::exception& error) {
        if (interrupted()) return;
        // One submission that cannot be graded never stops the others; its scratch course may be
        // left half-swapped, so the next submission gets a fresh one.
        workspace.reset();
        grade.dir = dirs[i];
        grade.name = dirs[i].filename().string();
        grade.error = error.what();
      }
      write_file_atomic(options.out / (grade.name + ".json"), grade_json(grade, config.course_name));
      write_file_atomic(options.out / (grade.name + ".md"), grade_feedback(grade));
      std::lock_guard lock(mutex);
      ++done;
      if (options.on_progress) {
        options.on_progress(fmt::format("[{}/{}] {}: {}/{} points ({:.1f} s){}{}", done, dirs.size(), grade.name,
                                        grade.earned(), grade.possible(), grade.seconds,
                                        grade.tampered.empty() ? "" : ", tampered tests",
                                        grade.error.empty() ? "" : ", not graded: " + grade.error));
      }
      grades[i] = std::move(grade);
    }
  };
  std::vector<std::thread> pool;
  const int threads = std::max(1, std::min<int>(options.jobs, static_cast<int>(dirs.size())));
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (std::thread& thread : pool) thread.join();
  if (interrupted()) throw Error(ExitCode::kInterrupted, "interrupted; the running child processes were stopped");
  write_file_atomic(options.out / "summary.csv", grade_summary_csv(grades, course));
  return grades;
}

}  // namespace tito
