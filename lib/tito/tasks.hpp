#pragma once
// Tasks, as the solution markers in a module's src/ name them:
//   // BEGIN SOLUTION Task 01.3: Tensor::matmul
//   ...
//   // END SOLUTION

#include <filesystem>
#include <string>
#include <vector>

#include "tito/course.hpp"

namespace tito {

/// One solution block.
struct Task {
  std::string id;                 ///< "01.3"
  std::string title;              ///< "Tensor::matmul"
  std::filesystem::path file;     ///< source file holding it
  int begin_line = 0;             ///< line of BEGIN SOLUTION (1-based)
  int end_line = 0;               ///< line of END SOLUTION
  std::string indent;             ///< whitespace before the BEGIN marker

  /// "Task 01.3: Tensor::matmul", as stubs and messages say it.
  std::string label() const { return "Task " + id + ": " + title; }
};

/// The solution blocks of one file; markers that do not pair up or nest are a usage error naming file:line.
std::vector<Task> scan_tasks(const std::filesystem::path& file);

/// Every task of a module, from its src/ files (sorted by file, then line).
std::vector<Task> module_tasks(const Module& module);

}  // namespace tito
