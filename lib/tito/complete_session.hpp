#pragma once
// `tito module complete`: test a module (and the chain of dependencies not yet
// in the package), and only when every test passes export them all in one swap.

#include <string>
#include <vector>

#include "tito/config.hpp"
#include "tito/course.hpp"
#include "tito/test_session.hpp"

namespace tito {

/// What a complete run did.
struct CompleteOutcome {
  bool exported = false;
  std::vector<int> chain;          ///< modules tested, in order (missing dependencies first)
  std::vector<ModuleResult> results;
};

/// Tests `target` and its missing dependencies, exports them if all pass, records progress.
CompleteOutcome complete_module(const Config& config, const Course& course, const Module& target,
                                const TestSessionOptions& options, const Style& style);

/// What to do after completing `number`: the next module not yet in the package, if any.
std::string after_completion(const Config& config, const Course& course, int number);

}  // namespace tito
