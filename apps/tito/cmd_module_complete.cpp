// tito module complete N: every test must pass, then N (and its missing chain) is exported.

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <thread>

#include "commands.hpp"
#include "tito/complete_session.hpp"
#include "tito/error.hpp"
#include "tito/learner.hpp"

namespace tito::cli {
namespace {

struct CompleteCommand {
  std::string module;
  bool all = false;
  TestSessionOptions session;
};

void run(CompleteCommand& cmd, Context& context) {
  if (cmd.all && !cmd.module.empty()) throw usage_error("name one module, or pass --all, not both");
  const Course& course = context.course();
  const Config& config = context.config();
  const std::vector<const Module*> targets =
      cmd.all ? course.dependency_order()
              : std::vector<const Module*>{&module_or_current(context.config(), course, cmd.module)};
  std::vector<std::string> exported;
  for (const Module* target : targets) {
    const CompleteOutcome outcome = complete_module(config, course, *target, cmd.session, context.style);
    if (!outcome.exported) {
      if (cmd.all) {
        fmt::print("\n--all stopped at module {}; exported in this run: {}\n", target->number_text(),
                   exported.empty() ? "nothing" : fmt::format("{}", fmt::join(exported, ", ")));
      }
      context.exit_code = static_cast<int>(ExitCode::kTestsFailed);
      return;
    }
    std::vector<std::string> chain;
    for (int number : outcome.chain) chain.push_back(fmt::format("{:02d}", number));
    exported.insert(exported.end(), chain.begin(), chain.end());
    const std::string with = chain.size() > 1 ? fmt::format(" (with {})", fmt::join(chain.begin(), chain.end() - 1, ", "))
                                              : "";
    fmt::print("{}\n", context.style.good(fmt::format("Module {} exported to {}{}", target->number_text(),
                                                      config.package_dir.string(), with)));
  }
  if (cmd.all) fmt::print("\n--all: exported {}\n", fmt::join(exported, ", "));
  fmt::print("{}\n", after_completion(config, course, targets.back()->number));
}

}  // namespace

void attach_module_complete(CLI::App& command, Context& context) {
  auto cmd = std::make_shared<CompleteCommand>();
  cmd->session.run.jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  cmd->session.run.timeout_s = 0;
  command.add_option("module", cmd->module, "Module: 14, 014, 14_kvcaching or kvcaching");
  command.add_flag("--all", cmd->all, "Every module in dependency order, stopping at the first failure");
  command.add_flag("-v,--verbose", cmd->session.verbose, "Print every test's full output");
  command.add_option("-j,--jobs", cmd->session.run.jobs, "Tests run at once (default: number of cores)")
      ->check(CLI::Range(1, 256));
  command.add_option("--timeout", cmd->session.run.timeout_s, "Seconds per test")->check(CLI::Range(1, 86400));
  command.callback([cmd, &context] { run(*cmd, context); });
}

}  // namespace tito::cli
