#pragma once
// The read-bandwidth probe the course's benchmarks share: a read-only sum over
// a buffer, split over the kernels' threads. Its time for a buffer of N bytes
// is the least time any code needs to read N bytes from wherever they live
// (L2, L3 or DRAM), which is the ceiling a matrix-vector product is held to.

#include <cstdint>
#include <vector>

#include "tinytorch/core/parallel.hpp"

namespace tinytorch::bench {

/// Sums data[0:n) with num_threads() threads, in chunks of at least `grain` floats. Returns the
/// sum so that the compiler must perform every read.
inline float sum_floats(const float* data, int64_t n, int64_t grain) {
  typedef float Vec __attribute__((vector_size(64), aligned(4)));
  std::vector<float> partial(64, 0.0f);  // one slot per chunk start: no two threads share one
  tinytorch::parallel_for(n, grain, [&](int64_t begin, int64_t end) {
    Vec s0 = {}, s1 = {}, s2 = {}, s3 = {};  // four independent chains keep the loads in flight
    int64_t i = begin;
    for (; i + 64 <= end; i += 64) {
      s0 += *reinterpret_cast<const Vec*>(data + i);
      s1 += *reinterpret_cast<const Vec*>(data + i + 16);
      s2 += *reinterpret_cast<const Vec*>(data + i + 32);
      s3 += *reinterpret_cast<const Vec*>(data + i + 48);
    }
    float total = 0;
    for (int lane = 0; lane < 16; ++lane) total += s0[lane] + s1[lane] + s2[lane] + s3[lane];
    for (; i < end; ++i) total += data[i];
    partial[static_cast<std::size_t>(begin * 63 / n)] += total;
  });
  float sum = 0;
  for (float value : partial) sum += value;
  return sum;
}

}  // namespace tinytorch::bench
