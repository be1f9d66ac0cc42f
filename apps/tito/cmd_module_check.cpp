// tito module check N | --all: a consistency review of modules, as one scorecard per module.

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "commands.hpp"
#include "tito/check.hpp"
#include "tito/error.hpp"

namespace tito::cli {
namespace {

struct CheckCommand {
  std::string module;
  bool all = false;
  bool stubs = false;
  CheckOptions options;
};

// Paths inside the course read better relative to its root.
std::string shorten(std::string text, const Config& config) {
  const std::string root = config.root.string() + "/";
  for (auto at = text.find(root); at != std::string::npos; at = text.find(root, at)) text.erase(at, root.size());
  return text;
}

void print_check(const ModuleCheck& check, const Config& config, const Style& style) {
  fmt::print("{}  {}\n", style.strong(fmt::format("Module {:02d}: {}", check.number, check.title)),
             style.dim(shorten((config.modules_dir / check.folder).string(), config)));
  for (const CheckCategory& category : check.categories) {
    if (!category.skipped.empty() && category.checks == 0) {
      const char* mark = style.fancy() ? "- " : "--   ";  // as wide as the ok/FAIL marks
      fmt::print("    {}\n", style.dim(fmt::format("{}{:<18} skipped: {}", mark, category.name, category.skipped)));
      continue;
    }
    const std::string line = fmt::format("{:<18} {:>3}/{}", category.name, category.passed(), category.checks);
    fmt::print("    {}\n", category.ok() ? style.good(line) : style.bad(line));
    for (const CheckProblem& problem : category.problems) {
      const std::string where = problem.where.empty() ? "" : shorten(problem.where, config) + ": ";
      fmt::print("         {}{}\n", where, shorten(problem.message, config));
      if (!problem.hint.empty()) fmt::print("         {}\n", style.dim("hint: " + shorten(problem.hint, config)));
    }
  }
}

void run(const CheckCommand& cmd, Context& context) {
  if (cmd.all == !cmd.module.empty()) throw usage_error("name one module, or pass --all", "tito module check 14");
  const Course& course = context.course();
  std::vector<const Module*> modules;
  if (cmd.all) {
    for (const Module& module : course.modules()) modules.push_back(&module);
  } else {
    modules.push_back(&course.resolve(cmd.module));
  }
  std::vector<ModuleCheck> checks;
  for (const Module* module : modules) checks.push_back(check_module(context.config(), *module, cmd.options));
  if (cmd.stubs) check_stubs(context.config(), course, checks);

  std::vector<std::string> failed;
  for (const ModuleCheck& check : checks) {
    print_check(check, context.config(), context.style);
    if (!check.ok()) failed.push_back(fmt::format("{:02d}", check.number));
  }
  const std::string summary = fmt::format("checked {} module(s): {} passed, {} with problems{}", checks.size(),
                                          checks.size() - failed.size(), failed.size(),
                                          failed.empty() ? "" : fmt::format(" ({})", fmt::join(failed, ", ")));
  fmt::print("\n{}\n", failed.empty() ? context.style.good(summary) : context.style.bad(summary));
  if (!cmd.stubs) fmt::print("{}\n", context.style.dim("the student stubs were not compiled: add --stubs (slow)"));
  if (!failed.empty()) context.exit_code = static_cast<int>(ExitCode::kTestsFailed);
}

}  // namespace

void attach_module_check(CLI::App& command, Context& context) {
  auto cmd = std::make_shared<CheckCommand>();
  command.add_option("module", cmd->module, "Module: 14, 014, 14_kvcaching or kvcaching");
  command.add_flag("--all", cmd->all, "Every module");
  command.add_flag("--stubs", cmd->stubs,
                   "Also compile each module's library with its solutions stubbed, in a scratch copy (slow)");
  command.add_flag("!--no-build", cmd->options.build_tests,
                   "Do not build the test executables (skips the registry = tests comparison)");
  command.add_option("--build-dir", cmd->options.build_dir,
                     "Build the test executables in DIR (default: tito.toml's build folder)");
  command.callback([cmd, &context] { run(*cmd, context); });
}

}  // namespace tito::cli
