// tito module info N: a module's module.toml, tasks and files.

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "commands.hpp"
#include "tito/tasks.hpp"

namespace tito::cli {
namespace {

void print_path(const Module& module, const char* label, const char* relative) {
  const auto path = module.dir / relative;
  fmt::print("  {:<10} {}{}\n", label, path.string(), std::filesystem::exists(path) ? "" : "  (missing)");
}

}  // namespace

void attach_module_info(CLI::App& command, Context& context) {
  auto name = std::make_shared<std::string>();
  command.add_option("module", *name, "Module: 14, 014, 14_kvcaching or kvcaching")->required();
  command.callback([&context, name] {
    const Module& module = context.course().resolve(*name);
    fmt::print("{}  {}\n", context.style.strong(fmt::format("Module {}: {}", module.number_text(), module.title)),
               context.style.dim(module.version));
    fmt::print("  {}\n\n", module.summary);
    std::vector<std::string> deps;
    for (int dep : module.depends) {
      const Module* other = context.course().by_number(dep);
      deps.push_back(fmt::format("{:02d} {}", dep, other->slug));
    }
    fmt::print("  depends    {}\n", deps.empty() ? "nothing" : fmt::format("{}", fmt::join(deps, ", ")));
    fmt::print("  timeout    {} s per test{}\n", module.timeout_s.value_or(context.config().test_timeout_s),
               module.timeout_s ? " (module.toml)" : " (tito.toml)");
    if (module.bench) fmt::print("  bench      {}\n", *module.bench);
    fmt::print("\nFiles:\n");
    print_path(module, "config", "module.toml");
    print_path(module, "lesson", "README.md");
    print_path(module, "headers", "include");
    print_path(module, "sources", "src");
    print_path(module, "tests", "tests");
    print_path(module, "registry", "tests/grading.toml");

    const auto tasks = module_tasks(module);
    fmt::print("\nTasks ({}):\n", tasks.size());
    for (const Task& task : tasks) {
      fmt::print("  {:<40} {}:{}\n", task.label(),
                 std::filesystem::relative(task.file, module.dir).string(), task.begin_line);
    }
    if (tasks.empty()) fmt::print("  none yet\n");
  });
}

}  // namespace tito::cli
