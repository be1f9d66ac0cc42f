#pragma once
// A small course written by the tests, whose graded tests pass, fail,
// segfault, abort, hang, throw and hit a stub: the runner is checked against
// every outcome with real child processes. Built once and shared by every
// test that only reads it (a file lock serialises the first build).

#include <filesystem>

namespace tito::testing {

/// The shared runner course, written and configured on first use.
const std::filesystem::path& runner_course();

}  // namespace tito::testing
