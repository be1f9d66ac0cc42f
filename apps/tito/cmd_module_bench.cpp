// tito module bench N [-- ARGS]: build and run the benchmark module.toml names, passing ARGS on.

#include <fmt/format.h>

#include "commands.hpp"
#include "tito/build.hpp"
#include "tito/error.hpp"
#include "tito/process.hpp"

namespace tito::cli {

void attach_module_bench(CLI::App& command, Context& context) {
  auto name = std::make_shared<std::string>();
  auto args = std::make_shared<std::vector<std::string>>();
  command.add_option("module", *name, "Module: 14, 014, 14_kvcaching or kvcaching")->required();
  command.add_option("args", *args, "Arguments for the benchmark program (after --)");
  command.footer("Arguments after -- are passed to the benchmark program, e.g.\n"
                 "  tito module bench 14 -- --preset mid --lengths 10,100 --format json --output bench.json");
  command.callback([&context, name, args] {
    const Module& module = context.course().resolve(*name);
    if (!module.bench) {
      throw usage_error(fmt::format("module {} has no benchmark", module.number_text()),
                        fmt::format("add bench = \"<cmake target>\" to {}", module.toml_path().string()));
    }
    fmt::print(stderr, "{}: building {} (Release) ...\n", module.folder_name(), *module.bench);
    build_targets(context.config(), {*module.bench});
    std::vector<std::string> argv = {(binary_dir(context.config()) / *module.bench).string()};
    argv.insert(argv.end(), args->begin(), args->end());
    context.exit_code = run_attached(argv);
  });
}

}  // namespace tito::cli
