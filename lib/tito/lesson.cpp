#include "tito/lesson.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <regex>
#include <set>

#include "tito/fsutil.hpp"

namespace tito {
namespace {

const std::regex kTaskHeading(R"(^Task\s+([0-9]+\.[0-9]+)(?![0-9]).*$)");

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t\r");
  return std::string(text.substr(first, last - first + 1));
}

// "What’s next" (typographic apostrophe) is the same section as "What's next".
std::string normalise_title(std::string_view text) {
  constexpr std::string_view kCurly = "\xE2\x80\x99";
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i, kCurly.size()) == kCurly) {
      out += '\'';
      i += kCurly.size() - 1;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string where(const Lesson& lesson, int line) { return fmt::format("{}:{}", lesson.file.string(), line); }

}  // namespace

const std::vector<std::string>& lesson_sections() {
  static const std::vector<std::string> sections = {"Why",      "The picture",         "Tasks",
                                                    "How it is tested", "Measure it yourself", "What's next"};
  return sections;
}

const LessonHeading* Lesson::section(std::string_view title) const {
  for (const LessonHeading& heading : headings) {
    if (heading.level == 2 && normalise_title(heading.text) == title) return &heading;
  }
  return nullptr;
}

int Lesson::section_end(const LessonHeading& heading) const {
  for (const LessonHeading& other : headings) {
    if (other.level == 2 && other.line > heading.line) return other.line;
  }
  return line_count + 1;
}

Lesson read_lesson(const std::filesystem::path& file) {
  Lesson lesson;
  lesson.file = file;
  lesson.text = read_file(file);
  std::size_t start = 0;
  int open_block = 0;  // line of the fence that opened the current code block
  std::string fence;
  while (start < lesson.text.size()) {
    std::size_t end = lesson.text.find('\n', start);
    if (end == std::string::npos) end = lesson.text.size();
    const std::string line = trim(std::string_view(lesson.text).substr(start, end - start));
    const int number = ++lesson.line_count;
    start = end + 1;
    if (line.starts_with("```") || line.starts_with("~~~")) {
      if (open_block == 0) {
        open_block = number;
        fence = line.substr(0, 3);
      } else if (line.starts_with(fence)) {
        lesson.code_blocks.push_back(open_block);
        open_block = 0;
      }
      continue;
    }
    if (open_block != 0) continue;
    const int level = line.starts_with("### ") ? 3 : line.starts_with("## ") ? 2 : 0;
    if (level > 0) lesson.headings.push_back({level, trim(std::string_view(line).substr(level + 1)), number});
  }
  return lesson;
}

bool mentions_task(std::string_view text, std::string_view id) {
  const std::regex pattern("Task\\s+" + std::regex_replace(std::string(id), std::regex(R"(\.)"), R"(\.)") +
                           "(?![0-9])");
  return std::regex_search(text.begin(), text.end(), pattern);
}

void check_lesson(const Lesson& lesson, const std::vector<std::string>& task_ids, CheckCategory& category) {
  const auto& sections = lesson_sections();
  const std::string order = fmt::format("## {}", fmt::join(sections, ", ## "));
  for (std::size_t i = 0; i < sections.size(); ++i) {
    if (lesson.section(sections[i]) != nullptr) {
      category.pass();
      continue;
    }
    // Point at where it belongs: the next section that is there, else the end of the file.
    int line = lesson.line_count;
    for (std::size_t j = i + 1; j < sections.size(); ++j) {
      if (const LessonHeading* next = lesson.section(sections[j])) {
        line = next->line;
        break;
      }
    }
    category.fail(where(lesson, line), fmt::format("no `## {}` section", sections[i]),
                  fmt::format("every lesson has, in order: {}", order));
  }

  if (const LessonHeading* picture = lesson.section("The picture")) {
    const int end = lesson.section_end(*picture);
    const bool drawn = std::any_of(lesson.code_blocks.begin(), lesson.code_blocks.end(),
                                   [&](int line) { return line > picture->line && line < end; });
    if (drawn) {
      category.pass();
    } else {
      category.fail(where(lesson, picture->line), "`## The picture` has no fenced code block",
                    "draw the memory layout or data flow as ASCII inside ``` ... ```");
    }
  }

  const LessonHeading* tasks = lesson.section("Tasks");
  std::set<std::string> described;
  if (tasks != nullptr) {
    const int end = lesson.section_end(*tasks);
    for (const LessonHeading& heading : lesson.headings) {
      std::smatch match;
      if (heading.level != 3 || heading.line <= tasks->line || heading.line >= end) continue;
      if (!std::regex_match(heading.text, match, kTaskHeading)) continue;
      described.insert(match[1]);
      if (std::find(task_ids.begin(), task_ids.end(), match[1].str()) == task_ids.end()) {
        category.fail(where(lesson, heading.line),
                      fmt::format("`### {}` describes a task that no solution marker in src/ has", heading.text),
                      "fix the task number, or mark its solution with // BEGIN SOLUTION Task ...");
      }
    }
  }
  for (const std::string& id : task_ids) {
    if (described.count(id) > 0) {
      category.pass();
    } else {
      category.fail(tasks != nullptr ? where(lesson, tasks->line) : lesson.file.string(),
                    fmt::format("no `### Task {}: ...` heading under `## Tasks`", id),
                    "say what to build, which graded tests check it, and give a hint");
    }
  }
}

}  // namespace tito
