// tito module test N: run a module's graded tests and report what passed.

#include <fmt/format.h>

#include <thread>

#include "commands.hpp"
#include "tito/error.hpp"
#include "tito/fsutil.hpp"
#include "tito/learner.hpp"
#include "tito/progress.hpp"
#include "tito/test_session.hpp"

namespace tito::cli {
namespace {

struct TestCommand {
  std::string module;
  TestSessionOptions session;
  bool unit_only = false;
  bool integration_only = false;
  std::string format = "text";
  std::string output;
  bool all = false;
  bool stop_on_fail = false;
};

void run(TestCommand& cmd, Context& context) {
  if (cmd.unit_only && cmd.integration_only) throw usage_error("--unit-only and --integration-only exclude each other");
  if (cmd.stop_on_fail && !cmd.all) throw usage_error("--stop-on-fail only makes sense with --all");
  if (cmd.all && !cmd.module.empty()) throw usage_error("name one module, or pass --all, not both");
  cmd.session.run.unit = !cmd.integration_only;
  cmd.session.run.integration = !cmd.unit_only;
  cmd.session.quiet = cmd.format != "text" && cmd.output.empty();

  const Course& course = context.course();
  std::vector<const Module*> modules = cmd.all ? course.dependency_order()
                                               : std::vector<const Module*>{&module_or_current(context.config(), course, cmd.module)};
  std::vector<ModuleResult> results;
  for (const Module* module : modules) {
    results.push_back(test_module(context.config(), *module, cmd.session, context.style));
    const bool full = cmd.session.run.filters.empty() && !cmd.unit_only && !cmd.integration_only;
    record_run(context.config(), results.back(), full);
    if (!cmd.session.quiet) fmt::print("{}\n\n", next_step(course, results.back()));
    if (!results.back().all_passed()) {
      context.exit_code = static_cast<int>(ExitCode::kTestsFailed);
      if (cmd.stop_on_fail) break;
    }
  }
  if (cmd.format == "text") return;
  const std::string report = cmd.format == "json" ? format_json(results, context.config().course_name)
                                                  : format_junit(results);
  if (cmd.output.empty()) {
    fmt::print("{}", report);
  } else {
    write_file_atomic(cmd.output, report);
    fmt::print(stderr, "{} report written to {}\n", cmd.format, cmd.output);
  }
}

}  // namespace

void attach_module_test(CLI::App& command, Context& context) {
  auto cmd = std::make_shared<TestCommand>();
  cmd->session.run.jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  cmd->session.run.timeout_s = 0;
  command.add_option("module", cmd->module, "Module: 14, 014, 14_kvcaching or kvcaching (default: the current one)");
  command.add_flag("--all", cmd->all, "Every module, in dependency order");
  command.add_flag("--stop-on-fail", cmd->stop_on_fail, "With --all: stop at the first module that does not pass");
  command.add_flag("--unit-only", cmd->unit_only, "Only the unit registry");
  command.add_flag("--integration-only", cmd->integration_only, "Only the integration registry");
  command.add_option("--filter", cmd->session.run.filters, "Grade ids to run (glob, repeatable or comma-separated)")
      ->delimiter(',');
  command.add_flag("-v,--verbose", cmd->session.verbose, "Print every test's full output");
  command.add_option("--format", cmd->format, "Report format: text, json or junit")
      ->check(CLI::IsMember({"text", "json", "junit"}));
  command.add_option("--output", cmd->output, "Write the json/junit report to FILE (default: standard output)");
  command.add_option("-j,--jobs", cmd->session.run.jobs, "Tests run at once (default: number of cores)")
      ->check(CLI::Range(1, 256));
  command.add_option("--timeout", cmd->session.run.timeout_s,
                     "Seconds per test (default: module.toml's timeout, else tito.toml's)")
      ->check(CLI::Range(1, 86400));
  command.callback([cmd, &context] { run(*cmd, context); });
}

}  // namespace tito::cli
