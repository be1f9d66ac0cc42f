// tito grade SUBMISSION: grade students' copies of a release with the instructor's own tests.

#include <fmt/format.h>

#include <cstdio>

#include "commands.hpp"
#include "tito/grade.hpp"

namespace tito::cli {
namespace {

struct GradeCommand {
  GradeOptions options;
  std::string submission;
  std::string out = "grades";
  std::vector<std::string> modules;
};

void run(GradeCommand& cmd, Context& context) {
  const Course& course = context.course();
  GradeOptions options = cmd.options;
  options.submission = cmd.submission;
  options.out = cmd.out;
  for (const std::string& name : cmd.modules) options.modules.push_back(course.resolve(name).number);
  std::string warning;
  student_limits(options, 1, nullptr, &warning);
  if (!warning.empty()) fmt::print(stderr, "tito: warning: {}\n", warning);
  options.on_progress = [](const std::string& line) {
    fmt::print(stderr, "{}\n", line);
    std::fflush(stderr);
  };
  const std::vector<SubmissionGrade> grades = grade_submissions(context.config(), course, options);
  double seconds = 0;
  for (const SubmissionGrade& grade : grades) seconds += grade.seconds;
  fmt::print("{}\n", context.style.good(fmt::format("graded {} submission(s) ({:.1f} s of grading); reports in {}",
                                                    grades.size(), seconds, options.out.string())));
  fmt::print("  {}/summary.csv, and <name>.json and <name>.md (feedback) per submission\n", options.out.string());
}

}  // namespace

void attach_grade(CLI::App& command, Context& context) {
  auto cmd = std::make_shared<GradeCommand>();
  command.add_option("submission", cmd->submission,
                     "A student's copy of the release, or a folder with one sub-folder per submission")
      ->required();
  command.add_option("--out", cmd->out, "Folder for the reports (default: grades/)");
  command.add_option("-j,--jobs", cmd->options.jobs, "Submissions graded at once (default: 1)")
      ->check(CLI::Range(1, 256));
  command.add_option("--timeout", cmd->options.timeout_s,
                     "Seconds per test (default: module.toml's timeout, else tito.toml's)")
      ->check(CLI::Range(1, 86400));
  command.add_option("--modules", cmd->modules,
                     "Modules to grade, comma-separated (default: the release's stubbed modules)")
      ->delimiter(',');
  command.add_option("--memory-mb", cmd->options.memory_mb, "Address-space limit of a test process, MiB (default 4096)")
      ->check(CLI::Range(64, 1 << 20));
  command.add_option("--max-processes", cmd->options.max_processes,
                     "Process limit of the user running student tests (default 256; does not bind root)")
      ->check(CLI::Range(8, 1 << 20));
  command.callback([cmd, &context] { run(*cmd, context); });
}

}  // namespace tito::cli
