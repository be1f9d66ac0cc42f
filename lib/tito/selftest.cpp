#include "tito/selftest.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <vector>

#include "tito/build.hpp"
#include "tito/error.hpp"
#include "tito/process.hpp"

namespace tito {
namespace {

struct StageTime {
  std::string name;
  double seconds;
};

// Runs ctest in `build_dir`, echoing its output; returns its summary line.
std::string run_ctest(const std::filesystem::path& build_dir, int jobs, bool* passed) {
  ProcessSpec spec;
  spec.argv = {"ctest", "--test-dir", build_dir.string(), "--output-on-failure", "-j", std::to_string(jobs)};
  std::string summary;
  spec.on_line = [&](std::string_view line) {
    fmt::print("{}\n", line);
    std::fflush(stdout);
    if (line.find("tests passed") != std::string_view::npos) summary = std::string(line);
  };
  spec.max_output_bytes = 0;
  const ProcessResult result = run_process(spec);
  *passed = result.ok();
  return summary.empty() ? std::string("ctest printed no summary") : summary;
}

}  // namespace

int run_selftest(const Config& config, const SelftestOptions& options) {
  std::vector<StageTime> stages;
  auto stage = [&](const std::string& name, auto&& body) {
    fmt::print("== stage {} ==\n", name);
    std::fflush(stdout);
    const auto start = std::chrono::steady_clock::now();
    body();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    stages.push_back({name, seconds});
    fmt::print("== stage {}: {:.1f} s ==\n", name, seconds);
    std::fflush(stdout);
  };

  stage("build", [&] { build_targets(config, {}); });

  bool sanitizers_passed = true;
  if (options.sanitizers) {
    // The toolkit alone (tito, lib/tito, its tests), with ASan and UBSan, in its own build folder;
    // Debug (-O0) because compiling the toolkit's templates twice is the slow part of this stage.
    const BuildTree asan{config.root, config.build_dir / "asan",
                         {"-DCMAKE_BUILD_TYPE=Debug", "-DTITO_SANITIZE=ON", "-DTITO_TOOLKIT_ONLY=ON"}};
    stage("sanitizers", [&] {
      build_targets(asan, {});
      const std::string asan_summary = run_ctest(asan.build, options.jobs, &sanitizers_passed);
      fmt::print("sanitizers: {}\n", asan_summary);
    });
  }

  bool passed = false;
  std::string summary;
  stage("ctest", [&] { summary = run_ctest(config.build_dir, options.jobs, &passed); });

  fmt::print("\nstage times:");
  for (const StageTime& time : stages) fmt::print(" {} {:.1f} s;", time.name, time.seconds);
  fmt::print("\n{}\n", summary);
  if (!sanitizers_passed) fmt::print("the sanitizer stage failed (see its output above)\n");
  return passed && sanitizers_passed ? 0 : static_cast<int>(ExitCode::kTestsFailed);
}

}  // namespace tito
