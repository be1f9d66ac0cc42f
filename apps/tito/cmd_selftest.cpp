// tito selftest: build everything and run the whole suite.

#include <thread>

#include "commands.hpp"
#include "tito/selftest.hpp"

namespace tito::cli {

void attach_selftest(CLI::App& command, Context& context) {
  auto options = std::make_shared<SelftestOptions>();
  options->jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  command.add_option("-j,--jobs", options->jobs, "Tests run in parallel by ctest")->check(CLI::PositiveNumber);
  command.add_flag("!--no-sanitizers", options->sanitizers, "Skip the AddressSanitizer/UBSan stage");
  command.callback([&context, options] { context.exit_code = run_selftest(context.config(), *options); });
}

}  // namespace tito::cli
