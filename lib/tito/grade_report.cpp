// The reports of `tito grade`: JSON per submission, Markdown feedback per
// submission, and one CSV row per submission for a gradebook.

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <ctime>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tito/grade.hpp"
#include "tito/version.hpp"

namespace tito {
namespace {

std::string module_label(const ModuleResult& result) { return fmt::format("{:02d}_{}", result.number, result.slug); }

std::string deps_text(const std::vector<int>& deps) {
  if (deps.empty()) return "";
  std::vector<std::string> names;
  for (int dep : deps) names.push_back(fmt::format("{:02d}", dep));
  return fmt::format("graded against the instructor's solutions of module(s) {}, not yours: a mistake there does "
                     "not cost points here",
                     fmt::join(names, ", "));
}

std::string grade_status(const ModuleGrade& module, const GradeResult& grade) {
  return module.build_error.empty() ? status_name(grade.status) : "did not compile";
}

// The first failure of a grade id in one line or a few: what the feedback shows.
std::string first_problem_text(const GradeResult& grade, bool details) {
  const TestResult* problem = grade.first_problem();
  if (problem == nullptr) return "passed";
  std::string text = fmt::format("{}: {}", problem->name, problem->reason);
  if (!details || problem->status == Status::kNotImplemented) return text;
  if (!problem->location.empty()) text += " at " + problem->location;
  std::istringstream in(problem->message);
  std::string line;
  std::string shown;
  for (int i = 0; i < 6 && std::getline(in, line); ++i) shown += "    " + line + "\n";
  return shown.empty() ? text : text + "\n\n" + shown;
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string utc_now_text() {
  const std::time_t now = std::time(nullptr);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return buffer;
}

}  // namespace

std::string grade_json(const SubmissionGrade& grade, const std::string& course_name) {
  nlohmann::ordered_json root;
  root["tito_version"] = kVersion;
  root["course"] = course_name;
  root["submission"] = grade.name;
  root["graded_at"] = utc_now_text();
  root["seconds"] = grade.seconds;
  root["points"] = {{"earned", grade.earned()},
                    {"possible", grade.possible()},
                    {"hidden_points_earned", grade.hidden_earned()},
                    {"hidden_points_possible", grade.hidden_possible()}};
  root["error"] = grade.error;
  root["run_as"] = grade.run_as;
  root["warnings"] = grade.warnings;
  root["tampered"] = nlohmann::ordered_json::array();
  for (const TamperedFile& file : grade.tampered) root["tampered"].push_back({{"path", file.path}, {"reason", file.reason}});
  root["modules"] = nlohmann::ordered_json::array();
  for (const ModuleGrade& module : grade.modules) {
    nlohmann::ordered_json m;
    m["number"] = module.result.number;
    m["slug"] = module.result.slug;
    m["points"] = {{"earned", module.result.earned()},
                   {"possible", module.result.possible()},
                   {"hidden_points_earned", module.hidden_earned()},
                   {"hidden_points_possible", module.hidden_possible()}};
    m["compiled"] = module.build_error.empty();
    m["build_error"] = module.build_error;
    m["instructor_dependencies"] = module.instructor_deps;
    m["note"] = deps_text(module.instructor_deps);
    m["seconds"] = module.result.seconds;
    m["grades"] = nlohmann::ordered_json::array();
    for (const GradeResult& g : module.result.grades) {
      nlohmann::ordered_json item;
      item["id"] = g.item.id;
      item["registry"] = registry_name(g.item.kind);
      item["task"] = g.item.task;
      item["hidden"] = g.item.hidden;
      item["status"] = grade_status(module, g);
      item["points"] = g.item.points;
      item["earned"] = g.earned;
      item["tests"] = nlohmann::ordered_json::array();
      for (const TestResult& test : g.tests) {
        item["tests"].push_back({{"name", test.name},
                                 {"status", module.build_error.empty() ? status_name(test.status) : "did not compile"},
                                 {"reason", test.reason},
                                 {"message", test.message},
                                 {"location", test.location},
                                 {"seconds", test.seconds}});
      }
      m["grades"].push_back(std::move(item));
    }
    root["modules"].push_back(std::move(m));
  }
  return root.dump(2) + "\n";
}

std::string grade_feedback(const SubmissionGrade& grade) {
  std::string out = fmt::format("# Feedback: {}\n\n", grade.name);
  if (!grade.error.empty()) {
    return out + fmt::format("This submission could not be graded:\n\n```\n{}\n```\n", grade.error);
  }
  out += fmt::format("**Total: {}/{} points** (of which hidden tests: {}/{}).\n\n", grade.earned(), grade.possible(),
                     grade.hidden_earned(), grade.hidden_possible());
  out += "Your code was built and tested against the instructor's own tests; copies of tests in your submission "
         "were not used. Hidden tests are not in your release: their results are shown, their details are not.\n\n";
  for (const std::string& warning : grade.warnings) out += fmt::format("> Note: {}\n\n", warning);
  if (!grade.tampered.empty()) {
    out += "## Changed test files\n\nThese locked files differ from the release (they were not used):\n\n";
    for (const TamperedFile& file : grade.tampered) out += fmt::format("- `{}` ({})\n", file.path, file.reason);
    out += "\n";
  }
  for (const ModuleGrade& module : grade.modules) {
    out += fmt::format("## Module {}: {}/{} points\n\n", module_label(module.result), module.result.earned(),
                       module.result.possible());
    if (!module.instructor_deps.empty()) out += fmt::format("Note: {}.\n\n", deps_text(module.instructor_deps));
    if (!module.build_error.empty()) {
      out += fmt::format("**Did not compile** — every graded test of this module gets 0. The compiler said:\n\n"
                         "```\n{}```\n\n",
                         module.build_error);
    }
    out += "| grade id | points | result |\n|---|---|---|\n";
    for (const GradeResult& g : module.result.grades) {
      const std::string result = !module.build_error.empty() ? "did not compile"
                                 : g.status == Status::kPassed ? "passed"
                                                               : first_problem_text(g, false);
      out += fmt::format("| `{}`{} | {}/{} | {} |\n", g.item.id, g.item.hidden ? " (hidden)" : "", g.earned,
                         g.item.points, result);
    }
    out += "\n";
    // Details of the first failure of each visible grade id that failed for a reason other than a stub.
    for (const GradeResult& g : module.result.grades) {
      const TestResult* problem = g.first_problem();
      if (!module.build_error.empty() || g.item.hidden || problem == nullptr || problem->message.empty() ||
          problem->status == Status::kNotImplemented) {
        continue;
      }
      out += fmt::format("### `{}`\n\n```\n{}\n```\n\n", g.item.id, first_problem_text(g, true));
    }
  }
  return out;
}

std::string grade_summary_csv(const std::vector<SubmissionGrade>& grades, const Course& course) {
  std::set<int> graded;
  for (const SubmissionGrade& grade : grades) {
    for (const ModuleGrade& module : grade.modules) graded.insert(module.result.number);
  }
  std::string out = "name,earned,possible,hidden_earned";
  for (int number : graded) out += fmt::format(",{:02d}_{}", number, course.by_number(number)->slug);
  out += ",flags\n";
  for (const SubmissionGrade& grade : grades) {
    out += fmt::format("{},{},{},{}", csv_field(grade.name), grade.earned(), grade.possible(), grade.hidden_earned());
    std::vector<std::string> flags;
    if (!grade.error.empty()) flags.push_back("not graded");
    if (!grade.tampered.empty()) flags.push_back("tampered");
    if (grade.run_as == "root") flags.push_back("ran as root");
    for (int number : graded) {
      const ModuleGrade* found = nullptr;
      for (const ModuleGrade& module : grade.modules) found = module.result.number == number ? &module : found;
      out += found == nullptr ? std::string(",") : fmt::format(",{}", found->result.earned());
      if (found != nullptr && !found->build_error.empty()) flags.push_back(fmt::format("{:02d} did not compile", number));
    }
    out += fmt::format(",{}\n", csv_field(fmt::format("{}", fmt::join(flags, "; "))));
  }
  return out;
}

}  // namespace tito
