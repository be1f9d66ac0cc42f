#include "tito/test_session.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

#include "tito/build.hpp"
#include "tito/registry.hpp"

namespace tito {
namespace {

// Progress on stderr: one rewritten line on a terminal, a plain line per test otherwise.
class TestProgress {
 public:
  TestProgress() : terminal_(isatty(STDERR_FILENO) == 1) {}

  void update(const TestResult& test, int done, int total) {
    if (terminal_) {
      fmt::print(stderr, "\r\033[K  [{}/{}] {} {}", done, total, test.name, status_name(test.status));
      if (done == total) fmt::print(stderr, "\r\033[K");
    } else {
      fmt::print(stderr, "  [{}/{}] {} {} ({:.2f} s)\n", done, total, test.name, test.reason, test.seconds);
    }
    std::fflush(stderr);
  }

 private:
  bool terminal_;
};

}  // namespace

ModuleResult test_module(const Config& config, const Module& module, const TestSessionOptions& options,
                         const Style& style) {
  const Registry registry = read_registry(module);
  RunOptions run = options.run;
  if (run.timeout_s <= 0) run.timeout_s = module.timeout_s.value_or(config.test_timeout_s);
  const std::vector<GradeItem> items = select_items(registry, run);

  fmt::print(stderr, "{}: building {} ...\n", module.folder_name(), test_target(module));
  build_targets(config, {test_target(module)});
  const auto executable = test_executable(config, module);
  check_registry_matches(registry, list_executable_tests(executable));

  std::size_t tests = 0;
  for (const GradeItem& item : items) tests += item.tests.size();
  fmt::print(stderr, "{}: running {} test(s) of {} grade id(s), {} at a time, timeout {} s each\n",
             module.folder_name(), tests, items.size(), run.jobs, run.timeout_s);
  auto progress = std::make_shared<TestProgress>();
  run.on_test = [progress](const TestResult& test, int done, int total) { progress->update(test, done, total); };
  ModuleResult result = run_graded_tests(module, executable, items, run);

  if (!options.quiet) {
    fmt::print("{}\n", style.strong(fmt::format("Module {}: {}", module.number_text(), module.title)));
    fmt::print("{}", format_text(result, style, options.verbose));
    fmt::print("{}\n", format_summary(result));
  }
  return result;
}

std::string next_step(const Course& course, const ModuleResult& result) {
  const Module& module = *course.by_number(result.number);
  if (result.all_passed()) {
    return fmt::format("all passed — next: tito module complete {}", module.number);
  }
  for (const GradeResult& grade : result.grades) {
    const TestResult* problem = grade.first_problem();
    if (problem == nullptr) continue;
    if (problem->status == Status::kNotImplemented) {
      std::string task = problem->reason;
      if (task.starts_with("not implemented: ")) task.erase(0, std::string_view("not implemented: ").size());
      return fmt::format("next: implement {} (grade id {}), then: tito module test {}", task, grade.item.id,
                         module.number);
    }
    return fmt::format("next: fix {} ({}), then: tito module test {} --filter {}", grade.item.id, problem->name,
                       module.number, grade.item.id);
  }
  return "";
}

}  // namespace tito
