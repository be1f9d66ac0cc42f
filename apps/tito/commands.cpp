#include "commands.hpp"

namespace tito::cli {

void attach_module_list(CLI::App&, Context&);
void attach_module_info(CLI::App&, Context&);
void attach_module_test(CLI::App&, Context&);
void attach_module_complete(CLI::App&, Context&);
void attach_module_bench(CLI::App&, Context&);
void attach_module_start(CLI::App&, Context&);
void attach_module_resume(CLI::App&, Context&);
void attach_module_status(CLI::App&, Context&);
void attach_module_reset(CLI::App&, Context&);
void attach_module_check(CLI::App&, Context&);
void attach_release(CLI::App&, Context&);
void attach_grade(CLI::App&, Context&);
void attach_package_show(CLI::App&, Context&);
void attach_package_verify(CLI::App&, Context&);
void attach_system_doctor(CLI::App&, Context&);
void attach_selftest(CLI::App&, Context&);

const std::vector<CommandEntry>& command_table() {
  static const std::vector<CommandEntry> table = {
      {"module", "list", "List the course's modules: number, title, dependencies", attach_module_list},
      {"module", "start", "Start a module: what it builds on, its lesson, files and first task", attach_module_start},
      {"module", "resume", "Where you stand in the current module, and the next command", attach_module_resume},
      {"module", "info", "Show one module: its module.toml, tasks, tests and files", attach_module_info},
      {"module", "test", "Build a module's tests and run every graded test, each in its own process",
       attach_module_test},
      {"module", "complete", "Run every test; only if all pass, export the module (and its missing chain)",
       attach_module_complete},
      {"module", "bench", "Build and run the module's benchmark (arguments after -- go to it)", attach_module_bench},
      {"module", "status", "Where you stand in every module, and the command to run next", attach_module_status},
      {"module", "reset", "Take a module out of the package and reset its progress; --code restores src/ (with a backup)",
       attach_module_reset},
      {"module", "check", "Review modules: registry, tests, markers, tasks, lesson (a scorecard)", attach_module_check},
      {"package", "show", "List the modules in the package: versions, points, time", attach_package_show},
      {"package", "verify", "Re-hash every package file against manifest.json", attach_package_verify},
      {"system", "doctor", "Check compiler, CMake, Ninja, libraries and folders", attach_system_doctor},
      {"", "release", "Write the student version: solutions stubbed, hidden tests left out", attach_release},
      {"", "grade", "Grade submissions with the instructor's tests: JSON, feedback, summary.csv", attach_grade},
      {"", "selftest", "Build everything and run the project's whole test suite (ctest)", attach_selftest},
  };
  return table;
}

std::string_view group_summary(std::string_view group) {
  if (group == "module") return "Work with course modules (list, info, test, complete, ...)";
  if (group == "system") return "Check this machine";
  if (group == "package") return "The shared package of completed modules";
  return "";
}

}  // namespace tito::cli
