#pragma once
// `tito module test`: build a module's test executable, check its registry
// against it, run the graded tests, and say what to do next.

#include <string>
#include <vector>

#include "tito/config.hpp"
#include "tito/course.hpp"
#include "tito/report.hpp"
#include "tito/runner.hpp"
#include "tito/term.hpp"

namespace tito {

/// Options of `tito module test`, as parsed from the command line.
struct TestSessionOptions {
  RunOptions run;           ///< run.timeout_s <= 0: the module's or tito.toml's timeout
  bool verbose = false;     ///< print every test's full output
  bool quiet = false;       ///< no text report on stdout (machine formats go there)
};

/// Builds, validates and runs one module's graded tests, printing the text report unless quiet.
ModuleResult test_module(const Config& config, const Module& module, const TestSessionOptions& options,
                         const Style& style);

/// The line telling the learner what to do after this result.
std::string next_step(const Course& course, const ModuleResult& result);

}  // namespace tito
