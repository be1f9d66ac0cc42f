#include "tito/runner.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <regex>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "tito/error.hpp"
#include "tito/process.hpp"

namespace tito {
namespace {

constexpr std::string_view kNotImplemented = "not implemented: Task";

// "not implemented: Task 14.2: KVCache::update", cut where GoogleTest's quote or the line ends.
std::string not_implemented_reason(const std::string& text) {
  const auto start = text.find(kNotImplemented);
  if (start == std::string::npos) return "";
  const auto end = text.find_first_of("\"\n", start);
  return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

std::string last_lines(const std::string& text, int count) {
  std::size_t start = text.size();
  if (start > 0 && text[start - 1] == '\n') --start;
  for (int i = 0; i < count && start > 0; ++i) {
    const auto newline = text.rfind('\n', start - 1);
    if (newline == std::string::npos) return text;
    start = newline;
  }
  return start == 0 ? text : text.substr(start + 1);
}

// What a crashed test printed last, without GoogleTest's banner lines.
std::string crash_excerpt(const std::string& output) {
  std::istringstream in(output);
  std::string kept;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("[") || line.starts_with("Note: Google Test filter") || line.starts_with("Running main()")) {
      continue;
    }
    kept += line + "\n";
  }
  return last_lines(kept, 5);
}

// A unique path for GoogleTest's JSON report.
std::filesystem::path report_path() {
  std::string pattern = (std::filesystem::temp_directory_path() / "tito-report-XXXXXX").string();
  const int fd = mkstemp(pattern.data());
  if (fd < 0) throw Error(ExitCode::kEnvironment, "cannot create a temporary file in " +
                                                      std::filesystem::temp_directory_path().string());
  close(fd);
  return pattern;
}

// Reads GoogleTest's report: sets status, message and location; false when there is none.
bool read_gtest_report(const std::filesystem::path& path, const std::string& test, TestResult& result) {
  std::ifstream in(path);
  nlohmann::json report = nlohmann::json::parse(in, nullptr, false);
  if (report.is_discarded() || !report.contains("testsuites")) return false;
  std::vector<const nlohmann::json*> cases;
  for (const auto& suite : report["testsuites"]) {
    if (!suite.contains("testsuite")) continue;
    for (const auto& test_case : suite["testsuite"]) {
      if (suite.value("name", "") + "." + test_case.value("name", "") == test) cases.push_back(&test_case);
    }
  }
  if (cases.size() != 1 || report.value("tests", 0) != 1) {
    result.status = Status::kFailed;
    result.reason = fmt::format("expected exactly the one test {} to run, but {} ran", test, report.value("tests", 0));
    return true;
  }
  const nlohmann::json& test_case = *cases.front();
  const auto failures = test_case.value("failures", nlohmann::json::array());
  if (!failures.empty()) {
    const std::string failure = failures.front().value("failure", "");
    const auto newline = failure.find('\n');
    const std::string first = failure.substr(0, newline);
    static const std::regex kLocation(R"(^(.+):([0-9]+)$)");
    if (first == "unknown file") {
      result.message = newline == std::string::npos ? "" : failure.substr(newline + 1);
    } else if (std::regex_match(first, kLocation)) {
      result.location = first;
      result.message = newline == std::string::npos ? "" : failure.substr(newline + 1);
    } else {
      result.message = failure;
    }
    const std::string stub = not_implemented_reason(failure);
    result.status = stub.empty() ? Status::kFailed : Status::kNotImplemented;
    result.reason = stub.empty() ? "failed" : stub;
    return true;
  }
  if (test_case.value("result", "") == "SKIPPED") {
    result.status = Status::kFailed;
    result.reason = "skipped (a graded test must run to earn its points)";
    return true;
  }
  result.status = Status::kPassed;
  result.reason = "passed";
  return true;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
  if (pattern.empty()) return text.empty();
  if (pattern[0] == '*') {
    for (std::size_t i = 0; i <= text.size(); ++i) {
      if (glob_match(pattern.substr(1), text.substr(i))) return true;
    }
    return false;
  }
  if (text.empty()) return false;
  if (pattern[0] != '?' && pattern[0] != text[0]) return false;
  return glob_match(pattern.substr(1), text.substr(1));
}

std::vector<GradeItem> select_items(const Registry& registry, const RunOptions& options) {
  std::vector<GradeItem> items;
  for (const GradeItem& item : registry.items) {
    if (item.kind == RegistryKind::kUnit && !options.unit) continue;
    if (item.kind == RegistryKind::kIntegration && !options.integration) continue;
    bool wanted = options.filters.empty();
    for (const std::string& filter : options.filters) wanted = wanted || glob_match(filter, item.id);
    if (wanted) items.push_back(item);
  }
  if (items.empty()) {
    std::vector<std::string> ids;
    for (const GradeItem& item : registry.items) ids.push_back(item.id);
    throw usage_error(fmt::format("no graded test selected in {}{}", registry.file.string(),
                                  options.filters.empty() ? "" : fmt::format(" by --filter {}", fmt::join(options.filters, ","))),
                      fmt::format("grade ids: {}", fmt::join(ids, ", ")));
  }
  return items;
}

std::vector<std::string> list_executable_tests(const std::filesystem::path& executable) {
  ProcessSpec spec;
  spec.argv = {executable.string(), "--gtest_list_tests"};
  spec.timeout = std::chrono::seconds(60);
  const ProcessResult result = run_process(spec);
  if (!result.ok()) {
    throw Error(ExitCode::kBuild,
                fmt::format("{} --gtest_list_tests failed ({}):\n{}", executable.string(),
                            result.signal ? signal_name(result.signal) : fmt::format("exit {}", result.exit_code),
                            last_lines(result.output, 20)),
                "a test executable must start and list its tests; check static initialisers in the tests");
  }
  return parse_gtest_list(result.output);
}

TestResult run_one_test(const std::filesystem::path& executable, const std::string& test, int timeout_s,
                        const ProcessLimits& limits) {
  TestResult result;
  result.name = test;
  const auto report = report_path();
  // A test run as another user must be able to write its report.
  if (limits.uid && chown(report.c_str(), *limits.uid, limits.gid.value_or(static_cast<unsigned>(-1))) != 0) {
    throw Error(ExitCode::kEnvironment, fmt::format("cannot hand {} to user {}", report.string(), *limits.uid));
  }
  ProcessSpec spec;
  spec.argv = {executable.string(), "--gtest_filter=" + test, "--gtest_output=json:" + report.string(),
               "--gtest_color=no"};
  spec.timeout = std::chrono::seconds(timeout_s);
  spec.max_output_bytes = 1 << 20;
  spec.limits = limits;
  const ProcessResult process = run_process(spec);
  result.output = process.output;
  result.seconds = std::chrono::duration<double>(process.elapsed).count();
  const std::string stub = not_implemented_reason(process.output);

  if (process.timed_out) {
    result.status = Status::kTimedOut;
    result.reason = fmt::format("timed out after {} s", timeout_s);
    result.message = crash_excerpt(process.output);
  } else if (process.signal != 0) {
    // A stub reached from a noexcept context terminates; it is still a stub.
    result.status = stub.empty() ? Status::kCrashed : Status::kNotImplemented;
    result.reason = !stub.empty()                  ? stub
                    : process.signal == SIGABRT    ? std::string("aborted (SIGABRT)")
                                                   : fmt::format("crashed ({})", signal_name(process.signal));
    result.message = crash_excerpt(process.output);
  } else if (!read_gtest_report(report, test, result)) {
    result.status = stub.empty() ? Status::kFailed : Status::kNotImplemented;
    result.reason = stub.empty() ? fmt::format("exited with code {} before GoogleTest wrote its report", process.exit_code)
                                 : stub;
    result.message = last_lines(process.output, 5);
  } else if (result.status == Status::kPassed && process.exit_code != 0) {
    result.status = Status::kFailed;
    result.reason = fmt::format("exited with code {} after the test passed", process.exit_code);
  }
  std::error_code ec;
  std::filesystem::remove(report, ec);
  return result;
}

ModuleResult run_graded_tests(const Module& module, const std::filesystem::path& executable,
                              const std::vector<GradeItem>& items, const RunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  ModuleResult result;
  result.number = module.number;
  result.slug = module.slug;
  struct Job {
    std::size_t grade;
    std::size_t test;
  };
  std::vector<Job> jobs;
  for (std::size_t g = 0; g < items.size(); ++g) {
    result.grades.push_back(GradeResult{items[g], Status::kPassed, 0, 0, {}});
    result.grades[g].tests.resize(items[g].tests.size());
    for (std::size_t t = 0; t < items[g].tests.size(); ++t) jobs.push_back({g, t});
  }

  std::atomic<std::size_t> next{0};
  std::mutex progress_mutex;
  int done = 0;
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < jobs.size() && !interrupted();) {
      const Job job = jobs[i];
      TestResult test = run_one_test(executable, items[job.grade].tests[job.test], options.timeout_s, options.limits);
      std::lock_guard lock(progress_mutex);
      result.grades[job.grade].tests[job.test] = test;
      ++done;
      if (options.on_test) options.on_test(test, done, static_cast<int>(jobs.size()));
    }
  };
  const int threads = std::max(1, std::min<int>(options.jobs, static_cast<int>(jobs.size())));
  std::vector<std::thread> pool;
  std::exception_ptr failure;
  std::mutex failure_mutex;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      try {
        worker();
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = jobs.size();
      }
    });
  }
  for (auto& thread : pool) thread.join();
  if (failure) std::rethrow_exception(failure);

  for (GradeResult& grade : result.grades) {
    for (const TestResult& test : grade.tests) {
      grade.seconds += test.seconds;
      if (grade.status == Status::kPassed && test.status != Status::kPassed) grade.status = test.status;
    }
    grade.earned = grade.status == Status::kPassed ? grade.item.points : 0;
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace tito
