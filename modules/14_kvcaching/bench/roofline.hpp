#pragma once
// The machine's own limits, measured in the same run as the benchmark: memory
// read bandwidth (a read-only sum and a STREAM triad, at 1 and N threads) and
// the peak of our matmul kernel; and the read bandwidth over buffers the size of
// each decode step's working set (weights + filled cache), because a model
// that fits in the caches is not held back by memory but by the cache level
// it fits in. Run in a child process so that the large
// probe buffers never count towards the benchmark's peak resident memory.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace bench {

struct Roofline {
  double read_gbps_1 = 0;     ///< read-only sum, 1 thread
  double read_gbps_n = 0;     ///< read-only sum, N threads
  double triad_gbps_1 = 0;    ///< a[i] = b[i] + s*c[i], bytes read + written, 1 thread
  double triad_gbps_n = 0;
  double peak_gflops = 0;     ///< our gemm at 512^3 with N threads
  /// Read-only sum over a buffer of each requested working-set size, best of 1 and N threads.
  std::vector<double> working_set_gbps;
  /// The highest bandwidth measured in memory: the ceiling for a step whose bytes do not fit in cache.
  double ceiling_gbps() const;
  /// The ceiling for a step reading working set `i`: the higher of memory's and that buffer's own.
  double ceiling_gbps(std::size_t i) const;
};

/// Measures everything above with `threads` threads, in a forked child, with one
/// working-set probe per entry of `working_set_bytes`.
Roofline measure_roofline(int threads, const std::vector<int64_t>& working_set_bytes);

}  // namespace bench
