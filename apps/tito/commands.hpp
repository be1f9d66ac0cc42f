#pragma once
// The one table of tito's commands. Adding a command is one cmd_*.cpp file
// with an attach function, and one line in commands.cpp.

#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace tito::cli {

/// A command: where it sits ("module" + "test" is `tito module test`), its help line,
/// and the function that adds its options and its callback.
struct CommandEntry {
  std::string_view group;    ///< "" for a top-level command
  std::string_view name;
  std::string_view summary;
  void (*attach)(CLI::App& command, Context& context);
};

/// Every command, in the order `tito --help` lists them.
const std::vector<CommandEntry>& command_table();

/// One-line descriptions of the command groups ("module", "system", ...).
std::string_view group_summary(std::string_view group);

}  // namespace tito::cli
