#pragma once
// `tito selftest`: build everything, run the whole suite through ctest.

#include "tito/config.hpp"

namespace tito {

/// Options of a selftest run.
struct SelftestOptions {
  int jobs = 2;            ///< ctest -j
  bool sanitizers = true;  ///< also run the toolkit's tests under ASan and UBSan
};

/// Runs every stage, printing each stage's time; returns the exit code (0 when all passed).
int run_selftest(const Config& config, const SelftestOptions& options);

}  // namespace tito
