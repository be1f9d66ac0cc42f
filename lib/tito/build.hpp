#pragma once
// Bringing targets of the course's one CMake build up to date (Ninja), with
// progress shown and the compiler's message kept when it fails.

#include <filesystem>
#include <string>
#include <vector>

#include "tito/config.hpp"
#include "tito/course.hpp"

namespace tito {

/// Where CMake puts every executable of the course build.
std::filesystem::path binary_dir(const Config& config);
/// The test executable of a module: <build>/bin/module_NN_tests.
std::filesystem::path test_executable(const Config& config, const Module& module);
/// CMake target name of a module's test executable.
std::string test_target(const Module& module);

/// Configures config.build_dir (Release, Ninja) unless it already is; failure is a build error (exit 3).
void ensure_configured(const Config& config);
/// Builds `targets` (empty: everything); failure is a build error carrying the compiler's output.
void build_targets(const Config& config, const std::vector<std::string>& targets);

}  // namespace tito
