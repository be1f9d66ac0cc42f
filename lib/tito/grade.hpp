#pragma once
// `tito grade`: grading students' copies of a release with the instructor's
// own tests. For each module, a scratch copy of the INSTRUCTOR's course gets
// that one module's src/ from the submission; every other module keeps the
// instructor's solution, so a broken module 13 never zeroes module 14. Tests,
// registries and hidden tests are always the instructor's; a student's edited
// test is only flagged. Student tests run in child processes with limits
// (CPU, memory, processes, file size, output) and, when tito is root, as the
// unprivileged user `tito-grader`.
//
//   submission/modules/14_kvcaching/src/  ->  scratch/modules/14_kvcaching/src/
//   instructor's course (minus build/, .git/, package/, .tito/)  ->  scratch/
//   scratch/build/bin/module_14_tests  ->  runner (one process per test)  ->  grades/<name>.json, .md, summary.csv

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "tito/config.hpp"
#include "tito/course.hpp"
#include "tito/process.hpp"
#include "tito/report.hpp"

namespace tito {

/// The user student code runs as when tito is root.
inline constexpr const char* kGraderUser = "tito-grader";

/// What to grade, and how.
struct GradeOptions {
  std::filesystem::path submission;        ///< one submission, or a folder of submission folders
  std::filesystem::path out = "grades";    ///< where <name>.json, <name>.md and summary.csv go
  int jobs = 1;                            ///< submissions graded at once
  int timeout_s = 0;                       ///< per test; <= 0: the module's or tito.toml's timeout
  std::vector<int> modules;                ///< empty: the release's stubbed modules, else every module
  std::uint64_t memory_mb = 4096;          ///< RLIMIT_AS of a test process
  unsigned long max_processes = 256;       ///< RLIMIT_NPROC (binds only a non-root user)
  std::uint64_t max_file_mb = 64;          ///< RLIMIT_FSIZE
  std::function<void(const std::string& line)> on_progress;  ///< one line per finished submission
};

/// A test or registry file of a submission that is not the one the release shipped.
struct TamperedFile {
  std::string path;    ///< "modules/01_tensor/tests/unit_tensor.cpp"
  std::string reason;  ///< "changed", "added", "deleted"
};

/// One module of one submission.
struct ModuleGrade {
  ModuleResult result;             ///< every grade id, with the points earned (0 for all when it did not build)
  std::string build_error;         ///< the compiler's message (first 40 lines); empty when it built
  std::vector<int> instructor_deps;  ///< modules whose instructor solution it was built against

  /// Points of hidden grade ids: earned and possible.
  int hidden_earned() const;
  int hidden_possible() const;
};

/// One submission, graded.
struct SubmissionGrade {
  std::string name;                  ///< the submission folder's name; names its report files
  std::filesystem::path dir;
  std::vector<ModuleGrade> modules;  ///< in dependency order
  std::vector<TamperedFile> tampered;
  std::vector<std::string> warnings; ///< e.g. student code ran as root
  std::string error;                 ///< set when the submission could not be graded at all
  std::string run_as;                ///< the user student code ran as
  double seconds = 0;

  int earned() const;
  int possible() const;
  int hidden_earned() const;
  int hidden_possible() const;
};

/// The submissions under `path`: itself when it holds release.json or modules/, else each sub-folder.
/// A folder with neither is a usage error.
std::vector<std::filesystem::path> find_submissions(const std::filesystem::path& path);

/// Test and registry files of `submission` that match neither its release.json nor the instructor's
/// released files (registries without hidden items, no hidden_*.cpp).
std::vector<TamperedFile> find_tampered(const Config& config, const Course& course,
                                        const std::filesystem::path& submission);

/// The modules to grade for `submission`, in dependency order (see GradeOptions::modules).
std::vector<const Module*> modules_to_grade(const Course& course, const std::filesystem::path& submission,
                                            const std::vector<int>& requested);

/// The limits of a student test process, and the user it runs as; `warning` receives why they are
/// weaker than asked (tito is root and tito-grader does not exist), else stays empty.
ProcessLimits student_limits(const GradeOptions& options, int timeout_s, std::string* run_as, std::string* warning);

/// Grades one submission in its own scratch course; a module that does not build gets 0 with the
/// compiler's message, and the others are still graded.
SubmissionGrade grade_submission(const Config& config, const Course& course, const std::filesystem::path& dir,
                                 const GradeOptions& options);

/// Grades every submission of options.submission, options.jobs at a time, and writes each report as
/// it finishes plus summary.csv; one that cannot be graded is recorded as such, never stops the rest.
std::vector<SubmissionGrade> grade_submissions(const Config& config, const Course& course,
                                               const GradeOptions& options);

// ---- reports (grade_report.cpp) ----

/// The JSON report of one submission (schema in README, "Grading").
std::string grade_json(const SubmissionGrade& grade, const std::string& course_name);
/// The Markdown feedback for the student: each graded test, points, first failure or reason.
std::string grade_feedback(const SubmissionGrade& grade);
/// One row per submission: name, earned, possible, hidden_earned, points per module, flags.
std::string grade_summary_csv(const std::vector<SubmissionGrade>& grades, const Course& course);

}  // namespace tito
