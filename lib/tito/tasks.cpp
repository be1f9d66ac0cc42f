#include "tito/tasks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <regex>

#include "tito/error.hpp"

namespace tito {
namespace {

const std::regex kBegin(R"(^(\s*)//\s*BEGIN SOLUTION\b(.*)$)");
const std::regex kEnd(R"(^\s*//\s*END SOLUTION\b.*$)");
const std::regex kLabel(R"(^\s*Task\s+([0-9]+\.[0-9]+):\s*(.+?)\s*$)");

}  // namespace

std::vector<Task> scan_tasks(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw usage_error(fmt::format("{}: cannot read", file.string()));
  std::vector<Task> tasks;
  std::optional<Task> open;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::smatch match;
    if (std::regex_match(line, match, kBegin)) {
      if (open) {
        throw usage_error(fmt::format("{}:{}: BEGIN SOLUTION inside the block opened at line {}", file.string(),
                                      number, open->begin_line),
                          "close the first block with // END SOLUTION before opening another");
      }
      std::smatch label;
      const std::string rest = match[2];
      if (!std::regex_match(rest, label, kLabel)) {
        throw usage_error(fmt::format("{}:{}: BEGIN SOLUTION must name its task", file.string(), number),
                          "write it as: // BEGIN SOLUTION Task 14.2: KVCache::update");
      }
      open = Task{label[1], label[2], file, number, 0, match[1]};
    } else if (std::regex_match(line, kEnd)) {
      if (!open) {
        throw usage_error(fmt::format("{}:{}: END SOLUTION without a BEGIN SOLUTION", file.string(), number));
      }
      open->end_line = number;
      tasks.push_back(*open);
      open.reset();
    }
  }
  if (open) {
    throw usage_error(fmt::format("{}:{}: BEGIN SOLUTION is never closed", file.string(), open->begin_line),
                      "add // END SOLUTION after the solution");
  }
  return tasks;
}

std::vector<Task> module_tasks(const Module& module) {
  std::vector<std::filesystem::path> files;
  const auto src = module.dir / "src";
  if (std::filesystem::is_directory(src)) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(src)) {
      const auto ext = entry.path().extension();
      if (entry.is_regular_file() && (ext == ".cpp" || ext == ".hpp" || ext == ".h")) files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<Task> tasks;
  for (const auto& file : files) {
    auto found = scan_tasks(file);
    tasks.insert(tasks.end(), found.begin(), found.end());
  }
  return tasks;
}

}  // namespace tito
