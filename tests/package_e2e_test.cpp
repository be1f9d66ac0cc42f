// End to end: `tito module complete`, the package, kills in the middle of an
// export, the lock, progress, status, reset, show and verify.

#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <iostream>
#include <random>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "package_course.hpp"
#include "test_support.hpp"
#include "tito/fsutil.hpp"
#include "tito/manifest.hpp"

namespace tito {
namespace {

using testing::PackageCourse;
using testing::run_tito;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::set<int> package_modules(const std::filesystem::path& course) {
  std::set<int> numbers;
  if (!std::filesystem::exists(course / "package/manifest.json")) return numbers;
  for (const auto& module : read_manifest(course / "package/manifest.json").modules) numbers.insert(module.number);
  return numbers;
}

// Names of the package versions in the store (staged or current).
std::set<std::string> store_versions(const std::filesystem::path& course) {
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(course / ".tito/package-store")) {
    names.insert(entry.path().filename().string());
  }
  return names;
}

// Runs tito with extra environment, killed (whole group) after `kill_after` if given.
ProcessResult run_tito_env(const std::filesystem::path& course, const std::vector<std::string>& args,
                           const std::vector<std::string>& env,
                           std::optional<std::chrono::milliseconds> kill_after = std::nullopt) {
  ProcessSpec spec;
  spec.argv = {TITO_EXE, "--course", course.string()};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.extra_env = env;
  spec.extra_env.push_back("NO_COLOR=1");
  spec.timeout = kill_after.value_or(std::chrono::seconds(300));
  return run_process(spec);
}

TEST(PackageE2E, CompleteExportsTheChainAndAConsumerBuildsAgainstIt) {
  PackageCourse course;
  const auto result = run_tito(course.path(), {"module", "complete", "3"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "module 03 builds on 01, 02, not in the package yet")) << result.output;
  EXPECT_TRUE(contains(result.output, "Module 03 exported to " + (course.path() / "package").string() +
                                          " (with 01, 02)"))
      << result.output;
  EXPECT_TRUE(contains(result.output, "every module of the course is complete")) << result.output;
  EXPECT_EQ(package_modules(course.path()), (std::set<int>{1, 2, 3}));

  const Manifest manifest = read_manifest(course.path() / "package/manifest.json");
  const ManifestModule& gamma = *manifest.find(3);
  EXPECT_EQ(gamma.slug, "gamma");
  EXPECT_EQ(gamma.version, "1.3");
  EXPECT_EQ(gamma.tests_passed, 2);
  EXPECT_EQ(gamma.tests_total, 2);
  EXPECT_EQ(gamma.points, 15);
  EXPECT_EQ(gamma.files.count("include/tinytorch/gamma.hpp"), 1u);
  EXPECT_EQ(gamma.files.count("lib/libtinytorch_gamma.a"), 1u);
  EXPECT_EQ(gamma.files.at("include/tinytorch/gamma.hpp").size(), 64u) << "SHA-256 hex";
  EXPECT_TRUE(verify_package(course.path() / "package", manifest).empty());

  const auto verify = run_tito(course.path(), {"package", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.output;
  const auto show = run_tito(course.path(), {"package", "show"});
  EXPECT_TRUE(contains(show.output, "03  gamma")) << show.output;
  EXPECT_TRUE(contains(show.output, "TinyTorch::gamma")) << show.output;

  // An outside program finds the package with find_package and runs.
  course.write("consumer/CMakeLists.txt",
               "cmake_minimum_required(VERSION 3.25)\nproject(consumer CXX)\n"
               "find_package(TinyTorch CONFIG REQUIRED COMPONENTS gamma)\n"
               "add_executable(consumer main.cpp)\ntarget_link_libraries(consumer PRIVATE TinyTorch::gamma)\n");
  course.write("consumer/main.cpp",
               "#include <tinytorch/gamma.hpp>\n#include <cstdio>\n"
               "int main() { std::printf(\"quad(3) = %d\\n\", gamma_module::quad(3)); return 0; }\n");
  const auto ran = testing::build_and_run_consumer(course.path() / "consumer", course.path() / "consumer-build",
                                                   course.path() / "package", "consumer");
  EXPECT_EQ(ran.exit_code, 0) << ran.output;
  EXPECT_TRUE(contains(ran.output, "quad(3) = 12")) << ran.output;
}

TEST(PackageE2E, AFailureExportsNothingAndLeavesThePackageAsItWas) {
  PackageCourse course;
  // Nothing in the package: 01 passes, 02 fails, so not even 01 may be exported.
  course.break_module("beta", true);
  auto result = run_tito(course.path(), {"module", "complete", "3"});
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_TRUE(contains(result.output, "module 02 did not pass; nothing was exported")) << result.output;
  EXPECT_TRUE(contains(result.output, "unit (Beta.Twice): failed")) << result.output;
  EXPECT_FALSE(contains(result.output, "Module 03")) << "stopped at the first failure";
  EXPECT_TRUE(package_modules(course.path()).empty());

  // With 01 and 02 exported, a failing re-run of 02 keeps the old export byte for byte.
  course.break_module("beta", false);
  ASSERT_EQ(run_tito(course.path(), {"module", "complete", "2"}).exit_code, 0);
  const std::string before = read_file(course.path() / "package/manifest.json");
  course.break_module("beta", true);
  result = run_tito(course.path(), {"module", "complete", "2"});
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_EQ(read_file(course.path() / "package/manifest.json"), before);
  EXPECT_EQ(run_tito(course.path(), {"package", "verify"}).exit_code, 0);

  // --all stops at the first failure and says what it exported.
  result = run_tito(course.path(), {"module", "complete", "--all"});
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_TRUE(contains(result.output, "--all stopped at module 02; exported in this run: 01")) << result.output;
}

TEST(PackageE2E, KillsDuringExportNeverLeaveAMix) {
  PackageCourse course;
  ASSERT_EQ(run_tito(course.path(), {"module", "complete", "1"}).exit_code, 0);
  int mixed = 0;
  auto check = [&](const std::string& when) {
    const auto modules = package_modules(course.path());
    const bool old_or_new = modules == std::set<int>{1} || modules == std::set<int>{1, 2};
    const auto verify = run_tito(course.path(), {"package", "verify"});
    if (!old_or_new || verify.exit_code != 0) {
      ++mixed;
      ADD_FAILURE() << "mixed package after " << when << "\n" << verify.output;
    }
  };
  for (const char* point : {"export:module-staged", "export:config-written", "export:manifest-written",
                            "export:before-swap", "export:after-swap"}) {
    const auto killed = run_tito_env(course.path(), {"module", "complete", "2"}, {std::string("TITO_FAULT=") + point});
    EXPECT_EQ(killed.signal, SIGKILL) << point << "\n" << killed.output;
    check(point);
  }
  // 20 kills at random moments of a run whose export steps are slowed down to be hittable.
  const std::vector<std::string> slow = {"TITO_FAULT_DELAY_MS=40"};
  const auto full = run_tito_env(course.path(), {"module", "complete", "2"}, slow);
  ASSERT_EQ(full.exit_code, 0) << full.output;
  std::mt19937 random(20261204);
  std::uniform_int_distribution<int> moment(0, static_cast<int>(full.elapsed.count()));
  int inside_export = 0;  // kills that left a staged version behind: they hit the export itself
  for (int i = 0; i < 20; ++i) {
    const auto at = std::chrono::milliseconds(moment(random));
    const auto before = store_versions(course.path());
    run_tito_env(course.path(), {"module", "complete", "2"}, slow, at);
    check("a kill at " + std::to_string(at.count()) + " ms");
    for (const std::string& version : store_versions(course.path())) inside_export += before.count(version) == 0;
  }
  EXPECT_EQ(mixed, 0);
  EXPECT_GT(inside_export, 3) << "the random kills should land inside the export often";
  std::cout << "random kills inside the export: " << inside_export << " of 20, mixed packages: " << mixed << "\n";
  // After all that, a normal run still works and cleans up what the kills left.
  EXPECT_EQ(run_tito(course.path(), {"module", "complete", "2"}).exit_code, 0);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(course.path() / ".tito/package-store"),
                          std::filesystem::directory_iterator()),
            1);
}

TEST(PackageE2E, TwoCompletesAreSerialisedAndADeadHolderDoesNotBlock) {
  PackageCourse course;
  ASSERT_EQ(run_tito(course.path(), {"module", "complete", "1"}).exit_code, 0);
  ProcessSpec both;
  both.argv = {"/bin/sh", "-c",
               "TITO_FAULT_DELAY_MS=300 " + std::string(TITO_EXE) + " --course " + course.path().string() +
                   " module complete 1 > first.log 2>&1 & sleep 0.3; " + TITO_EXE + " --course " +
                   course.path().string() + " module complete 1; echo second=$?; wait $!; echo first=$?"};
  both.cwd = course.path();
  both.timeout = std::chrono::seconds(120);
  const auto result = run_process(both);
  EXPECT_TRUE(contains(result.output, "second=0")) << result.output;
  EXPECT_TRUE(contains(result.output, "first=0")) << result.output;
  EXPECT_TRUE(std::regex_search(result.output, std::regex(R"(waiting for tito \(pid [0-9]+, module complete 1\))")))
      << result.output;

  // A tito killed while holding the lock: the lock goes with it.
  run_tito_env(course.path(), {"module", "complete", "1"}, {"TITO_FAULT=export:manifest-written"});
  const auto after = run_tito(course.path(), {"module", "complete", "1"});
  EXPECT_EQ(after.exit_code, 0) << after.output;
  EXPECT_FALSE(contains(after.output, "waiting for")) << after.output;
}

TEST(PackageE2E, StatusResetVerifyAndProgress) {
  PackageCourse course;
  auto status = run_tito(course.path(), {"module", "status"});
  EXPECT_EQ(status.exit_code, 0) << status.output;
  EXPECT_TRUE(contains(status.output, "01  alpha            not started")) << status.output;
  EXPECT_TRUE(contains(status.output, "next: tito module complete 2 (needs 01)")) << status.output;

  course.break_module("beta", true);
  EXPECT_EQ(run_tito(course.path(), {"module", "test", "2"}).exit_code, 1);
  course.break_module("beta", false);
  ASSERT_EQ(run_tito(course.path(), {"module", "complete", "3"}).exit_code, 0);
  status = run_tito(course.path(), {"module", "status"});
  EXPECT_TRUE(contains(status.output, "03  gamma            completed  v1.3 · 15/15 points")) << status.output;
  EXPECT_TRUE(contains(status.output, "▶ 03")) << "the module last worked on is marked\n" << status.output;

  auto reset = run_tito(course.path(), {"module", "reset", "2"});
  EXPECT_EQ(reset.exit_code, 2) << reset.output;
  EXPECT_TRUE(contains(reset.output, "modules 3 in the package depend on module 2")) << reset.output;
  EXPECT_EQ(package_modules(course.path()), (std::set<int>{1, 2, 3}));
  reset = run_tito(course.path(), {"module", "reset", "2", "--force"});
  EXPECT_EQ(reset.exit_code, 0) << reset.output;
  EXPECT_EQ(package_modules(course.path()), (std::set<int>{1}));
  status = run_tito(course.path(), {"module", "status"});
  EXPECT_TRUE(contains(status.output, "02  beta             not started")) << status.output;
  EXPECT_TRUE(contains(status.output, "03  gamma            in progress")) << status.output;
  EXPECT_EQ(run_tito(course.path(), {"package", "verify"}).exit_code, 0);

  // A changed file in the package is found.
  std::ofstream(course.path() / "package/include/tinytorch/alpha.hpp", std::ios::app) << "// edited\n";
  const auto verify = run_tito(course.path(), {"package", "verify"});
  EXPECT_EQ(verify.exit_code, 1) << verify.output;
  EXPECT_TRUE(contains(verify.output, "changed: include/tinytorch/alpha.hpp")) << verify.output;

  // A corrupt progress file is reported and kept aside, never a crash.
  course.write(".tito/progress.json", "{ this is not json");
  status = run_tito(course.path(), {"module", "status"});
  EXPECT_EQ(status.exit_code, 0) << status.output;
  EXPECT_TRUE(contains(status.output, "progress.json was corrupt")) << status.output;
  EXPECT_TRUE(contains(status.output, "01  alpha            completed")) << "completion comes from the manifest";
  bool kept = false;
  for (const auto& entry : std::filesystem::directory_iterator(course.path() / ".tito")) {
    kept = kept || entry.path().filename().string().starts_with("progress.json.corrupt-");
  }
  EXPECT_TRUE(kept);
}

}  // namespace
}  // namespace tito
