#include "tito/report.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tito/version.hpp"

namespace tito {
namespace {

// At most `count` lines of `text`, each indented.
std::string indent_lines(const std::string& text, const std::string& indent, std::size_t count) {
  std::istringstream in(text);
  std::string line;
  std::string out;
  std::size_t shown = 0;
  while (std::getline(in, line)) {
    if (shown++ == count) {
      out += indent + "...\n";
      break;
    }
    out += indent + line + "\n";
  }
  return out;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 forbids most control characters, which crashing tests do print.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') {
          out += '?';
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string grade_status_text(const GradeResult& grade) {
  const TestResult* problem = grade.first_problem();
  if (problem == nullptr) return "passed";
  if (grade.status == Status::kNotImplemented) return "not implemented";
  return problem->reason;
}

std::string now_iso8601() {
  const std::time_t now = std::time(nullptr);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", std::gmtime(&now));
  return buffer;
}

}  // namespace

const char* status_name(Status status) {
  switch (status) {
    case Status::kPassed: return "passed";
    case Status::kFailed: return "failed";
    case Status::kCrashed: return "crashed";
    case Status::kTimedOut: return "timed out";
    case Status::kNotImplemented: return "not implemented";
  }
  return "?";
}

const TestResult* GradeResult::first_problem() const {
  for (const TestResult& test : tests) {
    if (test.status != Status::kPassed) return &test;
  }
  return nullptr;
}

int ModuleResult::earned() const {
  int total = 0;
  for (const GradeResult& grade : grades) total += grade.earned;
  return total;
}

int ModuleResult::possible() const {
  int total = 0;
  for (const GradeResult& grade : grades) total += grade.item.points;
  return total;
}

int ModuleResult::count(Status status) const {
  int total = 0;
  for (const GradeResult& grade : grades) total += grade.status == status ? 1 : 0;
  return total;
}

std::string format_summary(const ModuleResult& result) {
  return fmt::format("{} passed, {} failed, {} crashed, {} timed out, {} not implemented · points: {}/{} · {:.1f} s",
                     result.count(Status::kPassed), result.count(Status::kFailed), result.count(Status::kCrashed),
                     result.count(Status::kTimedOut), result.count(Status::kNotImplemented), result.earned(),
                     result.possible(), result.seconds);
}

std::string format_text(const ModuleResult& result, const Style& style, bool verbose) {
  std::string out;
  std::optional<RegistryKind> section;
  for (const GradeResult& grade : result.grades) {
    if (section != grade.item.kind) {
      section = grade.item.kind;
      out += fmt::format("  {}\n", style.dim(registry_name(grade.item.kind)));
    }
    const std::string columns = fmt::format("{:<28} {:<24} {:>3}/{:<3} {:>6.2f} s{}", grade.item.id,
                                            grade_status_text(grade), grade.earned, grade.item.points, grade.seconds,
                                            grade.item.hidden ? "  (hidden)" : "");
    const std::string line = grade.status == Status::kPassed           ? style.good(columns)
                             : grade.status == Status::kNotImplemented ? style.warn(columns)
                                                                       : style.bad(columns);
    out += "    " + line + "\n";
    if (const TestResult* problem = grade.first_problem()) {
      out += fmt::format("        {}{}\n", problem->name, problem->location.empty() ? "" : "  " + problem->location);
      if (problem->status == Status::kNotImplemented) {
        out += fmt::format("        {}\n", problem->reason);
      } else if (!problem->message.empty()) {
        out += indent_lines(problem->message, "        ", 6);
      }
    }
    if (verbose) {
      for (const TestResult& test : grade.tests) {
        out += fmt::format("      --- output of {} ({}) ---\n", test.name, test.reason);
        out += indent_lines(test.output, "      ", 1000);
      }
    }
  }
  return out;
}

std::string format_json(const std::vector<ModuleResult>& results, const std::string& course_name) {
  nlohmann::ordered_json root;
  root["tito_version"] = kVersion;
  root["course"] = course_name;
  int earned = 0;
  int possible = 0;
  bool all_passed = true;
  root["modules"] = nlohmann::ordered_json::array();
  for (const ModuleResult& module : results) {
    nlohmann::ordered_json m;
    m["number"] = module.number;
    m["slug"] = module.slug;
    m["passed"] = module.all_passed();
    m["points"] = {{"earned", module.earned()}, {"possible", module.possible()}};
    m["counts"] = {{"passed", module.count(Status::kPassed)},
                   {"failed", module.count(Status::kFailed)},
                   {"crashed", module.count(Status::kCrashed)},
                   {"timed_out", module.count(Status::kTimedOut)},
                   {"not_implemented", module.count(Status::kNotImplemented)}};
    m["seconds"] = module.seconds;
    m["grades"] = nlohmann::ordered_json::array();
    for (const GradeResult& grade : module.grades) {
      nlohmann::ordered_json g;
      g["id"] = grade.item.id;
      g["registry"] = registry_name(grade.item.kind);
      g["task"] = grade.item.task;
      g["hidden"] = grade.item.hidden;
      g["status"] = status_name(grade.status);
      g["points"] = grade.item.points;
      g["earned"] = grade.earned;
      g["seconds"] = grade.seconds;
      g["tests"] = nlohmann::ordered_json::array();
      for (const TestResult& test : grade.tests) {
        g["tests"].push_back({{"name", test.name},
                              {"status", status_name(test.status)},
                              {"reason", test.reason},
                              {"message", test.message},
                              {"location", test.location},
                              {"seconds", test.seconds}});
      }
      m["grades"].push_back(std::move(g));
    }
    earned += module.earned();
    possible += module.possible();
    all_passed = all_passed && module.all_passed();
    root["modules"].push_back(std::move(m));
  }
  root["summary"] = {{"modules", results.size()}, {"passed", all_passed}, {"earned", earned}, {"possible", possible}};
  return root.dump(2) + "\n";
}

std::string format_junit(const std::vector<ModuleResult>& results) {
  std::string body;
  int tests = 0;
  int failures = 0;
  double seconds = 0;
  char hostname[256] = "localhost";
  gethostname(hostname, sizeof hostname - 1);
  const std::string timestamp = now_iso8601();
  for (const ModuleResult& module : results) {
    const std::string suite = fmt::format("module_{:02d}_{}", module.number, module.slug);
    const int suite_failures = static_cast<int>(module.grades.size()) - module.count(Status::kPassed);
    body += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\" time=\"{:.3f}\" "
        "timestamp=\"{}\" hostname=\"{}\">\n",
        xml_escape(suite), module.grades.size(), suite_failures, module.seconds, timestamp, xml_escape(hostname));
    body += fmt::format("    <properties>\n      <property name=\"points\" value=\"{}/{}\"/>\n    </properties>\n",
                        module.earned(), module.possible());
    for (const GradeResult& grade : module.grades) {
      body += fmt::format("    <testcase name=\"{}\" classname=\"{}.{}\" time=\"{:.3f}\"", xml_escape(grade.item.id),
                          xml_escape(suite), registry_name(grade.item.kind), grade.seconds);
      const TestResult* problem = grade.first_problem();
      if (problem == nullptr) {
        body += "/>\n";
        continue;
      }
      const std::string detail = fmt::format("{}{}\n{}\n{}", problem->name,
                                             problem->location.empty() ? "" : " at " + problem->location,
                                             problem->reason, problem->message);
      body += fmt::format(">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n", xml_escape(problem->reason),
                          status_name(grade.status), xml_escape(detail));
      body += fmt::format("      <system-out>{}</system-out>\n    </testcase>\n", xml_escape(problem->output));
    }
    body += "  </testsuite>\n";
    tests += static_cast<int>(module.grades.size());
    failures += suite_failures;
    seconds += module.seconds;
  }
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites name=\"tito\" tests=\"{}\" failures=\"{}\" errors=\"0\" time=\"{:.3f}\">\n{}</testsuites>\n",
      tests, failures, seconds, body);
}

}  // namespace tito
