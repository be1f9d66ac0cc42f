// tito system doctor: is this machine ready?

#include <fmt/format.h>

#include "commands.hpp"
#include "tito/doctor.hpp"
#include "tito/error.hpp"

namespace tito::cli {

void attach_system_doctor(CLI::App& command, Context& context) {
  command.callback([&context] {
    int failed = 0;
    for (const Check& check : run_doctor(context.config())) {
      const std::string line = fmt::format("{:<22} {}", check.name, check.detail);
      fmt::print("{}\n", check.ok ? context.style.good(line) : context.style.bad(line));
      failed += check.ok ? 0 : 1;
    }
    if (failed > 0) {
      fmt::print("\n{} problem(s); fix them, or run ./tito as root to install what is missing\n", failed);
      context.exit_code = static_cast<int>(ExitCode::kEnvironment);
    } else {
      fmt::print("\nall good\n");
    }
  });
}

}  // namespace tito::cli
