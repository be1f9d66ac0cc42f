#pragma once
// The machine's own limits, measured in the same run as the benchmark: memory
// read bandwidth (a read-only sum and a STREAM triad, at 1 and N threads) and
// the peak of our matmul kernel. Run in a child process so that the large
// probe buffers never count towards the benchmark's peak resident memory.

#include <cstdint>

namespace bench {

struct Roofline {
  double read_gbps_1 = 0;     ///< read-only sum, 1 thread
  double read_gbps_n = 0;     ///< read-only sum, N threads
  double triad_gbps_1 = 0;    ///< a[i] = b[i] + s*c[i], bytes read + written, 1 thread
  double triad_gbps_n = 0;
  double peak_gflops = 0;     ///< our gemm at 512^3 with N threads
  /// The highest measured bandwidth: the ceiling a memory-bound decode step can reach.
  double ceiling_gbps() const;
};

/// Measures everything above with `threads` threads, in a forked child.
Roofline measure_roofline(int threads);

}  // namespace bench
