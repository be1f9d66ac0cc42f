#pragma once
// Bringing targets of the course's one CMake build up to date (Ninja), with
// progress shown and the compiler's message kept when it fails.

#include <filesystem>
#include <string>
#include <vector>

#include "tito/config.hpp"
#include "tito/course.hpp"

namespace tito {

/// One CMake build folder of a source tree, with the options it is configured with.
struct BuildTree {
  std::filesystem::path source;         ///< folder with the top CMakeLists.txt
  std::filesystem::path build;          ///< build folder (created on first use)
  std::vector<std::string> cmake_args;  ///< "-DNAME=VALUE" given when it is configured
};

/// The course's own build: tito.toml's build folder, Release.
BuildTree course_tree(const Config& config);

/// Where CMake puts every executable of the course build.
std::filesystem::path binary_dir(const Config& config);
/// The test executable of a module: <build>/bin/module_NN_tests.
std::filesystem::path test_executable(const Config& config, const Module& module);
/// CMake target name of a module's test executable.
std::string test_target(const Module& module);

/// Configures `tree` unless it already is, then builds `targets` (empty: everything); one tito at a
/// time per build folder. Failure is a build error (exit 3) carrying the compiler's messages.
void build_targets(const BuildTree& tree, const std::vector<std::string>& targets);
/// build_targets on the course's own build.
void build_targets(const Config& config, const std::vector<std::string>& targets);

}  // namespace tito
