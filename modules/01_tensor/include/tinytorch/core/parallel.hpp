#pragma once
// Threads for the kernels: one pool, started once, reused by every call, so
// that a small matrix-vector product does not pay for creating threads.

#include <cstdint>
#include <functional>

namespace tinytorch {

/// Number of threads the kernels use (1 by default, or $TINYTORCH_THREADS).
int num_threads();
/// Sets the number of threads the kernels use from now on (at least 1).
void set_num_threads(int threads);

/// Splits [0, n) into at most num_threads() contiguous chunks of at least `grain` and runs
/// body(begin, end) on each, in parallel; returns when all are done. An exception thrown by
/// any chunk is rethrown here (the first one), after every chunk has finished. Called from
/// inside a body, it runs the whole range on that thread.
void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t begin, int64_t end)>& body);

}  // namespace tinytorch
