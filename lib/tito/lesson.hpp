#pragma once
// A module's lesson, README.md, read for its structure: every lesson has the
// same sections, so a learner knows where to look and `tito module check`
// can verify them.
//
//   ## Why
//   ## The picture        ASCII diagrams, in a fenced code block
//   ## Tasks              ### Task 14.1: ... per task
//   ## How it is tested
//   ## Measure it yourself
//   ## What's next

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "tito/check.hpp"

namespace tito {

/// The `## ` sections every lesson has, in order.
const std::vector<std::string>& lesson_sections();

/// A `##` or `###` heading outside code blocks.
struct LessonHeading {
  int level = 2;     ///< 2 or 3
  std::string text;  ///< after the #s, trimmed
  int line = 0;      ///< 1-based
};

/// A lesson's headings and code blocks, with line numbers.
struct Lesson {
  std::filesystem::path file;
  std::vector<LessonHeading> headings;
  std::vector<int> code_blocks;  ///< opening line of each closed ``` or ~~~ block
  int line_count = 0;
  std::string text;              ///< the whole file

  /// The `## title` heading, or nullptr.
  const LessonHeading* section(std::string_view title) const;
  /// The line after the last line of the section starting at `heading` (the next `##`, or the end).
  int section_end(const LessonHeading& heading) const;
};

/// Reads `file`; a missing file is an environment error naming it.
Lesson read_lesson(const std::filesystem::path& file);

/// True when `text` says "Task <id>" (and not a longer id: "Task 14.1" is not in "Task 14.12").
bool mentions_task(std::string_view text, std::string_view id);

/// Adds the lesson checks to `category`: every section, a diagram under `## The picture`, and a
/// `### Task <id>` heading under `## Tasks` for each of `task_ids` (and none for other ids).
void check_lesson(const Lesson& lesson, const std::vector<std::string>& task_ids, CheckCategory& category);

}  // namespace tito
