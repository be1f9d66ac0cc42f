#include "tito/build.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <cstdio>

#include "tito/error.hpp"
#include "tito/file_lock.hpp"
#include "tito/process.hpp"

namespace tito {
namespace {

// Ninja's "[12/40] Building CXX object ..." lines become progress: rewritten
// in place on a terminal, plain lines in logs.
class BuildProgress {
 public:
  BuildProgress() : terminal_(isatty(STDERR_FILENO) == 1) {}
  ~BuildProgress() { end_line(); }

  void line(std::string_view text) {
    if (!text.starts_with('[') || text.find(']') == std::string_view::npos) return;
    if (text.find("Re-checking globbed directories") != std::string_view::npos) return;
    if (terminal_) {
      std::string shown(text.substr(0, 100));
      fmt::print(stderr, "\r\033[K  {}", shown);
      dirty_ = true;
    } else {
      fmt::print(stderr, "  {}\n", text);
    }
    std::fflush(stderr);
  }

  void end_line() {
    if (dirty_) fmt::print(stderr, "\r\033[K");
    dirty_ = false;
  }

 private:
  bool terminal_;
  bool dirty_ = false;
};

// Keeps what a learner needs from a failed build: compiler messages, not progress lines.
std::string compiler_messages(const std::string& output) {
  std::string kept;
  std::size_t start = 0;
  while (start < output.size()) {
    std::size_t end = output.find('\n', start);
    if (end == std::string::npos) end = output.size();
    std::string_view line(output.data() + start, end - start);
    if (!line.starts_with('[') && !line.starts_with("ninja: build stopped")) {
      kept.append(line);
      kept.push_back('\n');
    }
    start = end + 1;
  }
  return kept;
}

void configure_locked(const BuildTree& tree) {
  if (std::filesystem::exists(tree.build / "build.ninja")) return;
  fmt::print(stderr, "configuring {} (Ninja{}) ...\n", tree.build.string(),
             tree.cmake_args.empty() ? "" : ", " + fmt::format("{}", fmt::join(tree.cmake_args, " ")));
  ProcessSpec spec;
  spec.argv = {"cmake", "-S", tree.source.string(), "-B", tree.build.string(), "-G", "Ninja"};
  spec.argv.insert(spec.argv.end(), tree.cmake_args.begin(), tree.cmake_args.end());
  const ProcessResult result = run_process(spec);
  if (!result.ok()) {
    throw Error(ExitCode::kBuild, fmt::format("cmake could not configure {}:\n{}", tree.source.string(), result.output),
                "fix the CMake error above; `tito system doctor` checks the tools");
  }
}

}  // namespace

BuildTree course_tree(const Config& config) {
  return BuildTree{config.root, config.build_dir, {"-DCMAKE_BUILD_TYPE=Release"}};
}

std::filesystem::path binary_dir(const Config& config) { return config.build_dir / "bin"; }

std::string test_target(const Module& module) { return fmt::format("module_{}_tests", module.number_text()); }

std::filesystem::path test_executable(const Config& config, const Module& module) {
  return binary_dir(config) / test_target(module);
}

void build_targets(const BuildTree& tree, const std::vector<std::string>& targets) {
  // Two titos must not run CMake in one build folder at once.
  FileLock lock(tree.build / ".tito-build.lock", "building in " + tree.build.string());
  configure_locked(tree);
  BuildProgress progress;
  ProcessSpec spec;
  spec.argv = {"cmake", "--build", tree.build.string()};
  if (!targets.empty()) {
    spec.argv.push_back("--target");
    spec.argv.insert(spec.argv.end(), targets.begin(), targets.end());
  }
  spec.on_line = [&](std::string_view line) { progress.line(line); };
  const ProcessResult result = run_process(spec);
  progress.end_line();
  if (!result.ok()) {
    const std::string what = targets.empty() ? tree.build.string() : fmt::format("{}", fmt::join(targets, " "));
    throw Error(ExitCode::kBuild, fmt::format("build of {} failed:\n{}", what, compiler_messages(result.output)),
                "fix the first compiler error above, then run the command again");
  }
}

void build_targets(const Config& config, const std::vector<std::string>& targets) {
  build_targets(course_tree(config), targets);
}

}  // namespace tito
