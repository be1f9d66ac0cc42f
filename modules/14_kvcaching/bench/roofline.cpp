#include "roofline.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <vector>

#include "tinytorch/core/kernels.hpp"
#include "tinytorch/core/parallel.hpp"
#include "tinytorch/core/tensor.hpp"
#include "tinytorch_bandwidth.hpp"

namespace bench {
namespace {

double best_seconds(int repeats, const std::function<void()>& body) {
  body();
  double best = 1e30;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    body();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
}

// Sums `buffer` `passes` times over, split into chunks of at least `grain` floats per thread.
double read_gbps(const std::vector<float>& buffer, int threads, int64_t grain = 1 << 20, int64_t passes = 1) {
  tinytorch::set_num_threads(threads);
  volatile float sink = 0;
  const auto n = static_cast<int64_t>(buffer.size());
  const double seconds = best_seconds(4, [&] {
    for (int64_t pass = 0; pass < passes; ++pass) sink = sink + tinytorch::bench::sum_floats(buffer.data(), n, grain);
  });
  return static_cast<double>(n) * 4 * static_cast<double>(passes) / seconds / 1e9;
}

// The read bandwidth over a buffer of `bytes`, swept often enough to take a few milliseconds.
double working_set_gbps(int64_t bytes, int threads) {
  const std::vector<float> buffer(static_cast<std::size_t>(std::max<int64_t>(bytes / 4, 1024)), 1.0f);
  const int64_t passes = std::max<int64_t>(1, (int64_t{256} << 20) / bytes);
  const int64_t grain = 1 << 14;  // 64 KiB: small working sets still split over the threads
  return std::max(read_gbps(buffer, 1, grain, passes), read_gbps(buffer, threads, grain, passes));
}

double triad_gbps(std::vector<float>& a, const std::vector<float>& b, const std::vector<float>& c, int threads) {
  tinytorch::set_num_threads(threads);
  const auto n = static_cast<int64_t>(a.size());
  const double seconds = best_seconds(4, [&] {
    tinytorch::parallel_for(n, 1 << 20, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) a[i] = b[i] + 3.0f * c[i];
    });
  });
  return static_cast<double>(n) * 12 / seconds / 1e9;
}

Roofline measure_here(int threads, const std::vector<int64_t>& working_set_bytes) {
  Roofline r;
  for (int64_t bytes : working_set_bytes) r.working_set_gbps.push_back(working_set_gbps(bytes, threads));
  {
    std::vector<float> buffer(std::size_t{128} << 20, 1.0f);  // 512 MiB
    r.read_gbps_1 = read_gbps(buffer, 1);
    r.read_gbps_n = read_gbps(buffer, threads);
  }
  {
    std::vector<float> a(std::size_t{32} << 20, 0.0f), b(a.size(), 1.0f), c(a.size(), 2.0f);  // 3 x 128 MiB
    r.triad_gbps_1 = triad_gbps(a, b, c, 1);
    r.triad_gbps_n = triad_gbps(a, b, c, threads);
  }
  tinytorch::set_num_threads(threads);
  const int64_t n = 512;
  const auto x = tinytorch::Tensor::randn({n, n}, 1);
  const auto y = tinytorch::Tensor::randn({n, n}, 2);
  std::vector<float> out(static_cast<std::size_t>(n * n));
  const double seconds = best_seconds(5, [&] {
    tinytorch::kernels::gemm({x.data(), n, n, n, 1}, {y.data(), n, n, n, 1}, out.data(), n);
  });
  r.peak_gflops = 2.0 * n * n * n / seconds / 1e9;
  return r;
}

}  // namespace

double Roofline::ceiling_gbps() const { return std::max({read_gbps_1, read_gbps_n, triad_gbps_1, triad_gbps_n}); }

double Roofline::ceiling_gbps(std::size_t i) const {
  return i < working_set_gbps.size() ? std::max(ceiling_gbps(), working_set_gbps[i]) : ceiling_gbps();
}

Roofline measure_roofline(int threads, const std::vector<int64_t>& working_set_bytes) {
  // The child sends its numbers back as one array of doubles: the five fixed ones, then one per working set.
  const std::size_t count = 5 + working_set_bytes.size();
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("roofline: cannot create a pipe");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("roofline: cannot fork");
  if (pid == 0) {
    close(fds[0]);
    try {  // nothing may unwind out of the child into the parent's main
      const Roofline r = measure_here(threads, working_set_bytes);
      std::vector<double> values = {r.read_gbps_1, r.read_gbps_n, r.triad_gbps_1, r.triad_gbps_n, r.peak_gflops};
      values.insert(values.end(), r.working_set_gbps.begin(), r.working_set_gbps.end());
      const auto size = static_cast<ssize_t>(count * sizeof(double));
      _exit(write(fds[1], values.data(), static_cast<std::size_t>(size)) == size ? 0 : 1);
    } catch (...) {
      _exit(1);
    }
  }
  close(fds[1]);
  std::vector<double> values(count);
  std::size_t got = 0;
  while (got < count * sizeof(double)) {  // a pipe may deliver a large write in pieces
    const ssize_t n = read(fds[0], reinterpret_cast<char*>(values.data()) + got, count * sizeof(double) - got);
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (got != count * sizeof(double)) {
    throw std::runtime_error("the bandwidth probe process failed (out of memory for its buffers?)");
  }
  tinytorch::set_num_threads(threads);
  Roofline r;
  r.read_gbps_1 = values[0];
  r.read_gbps_n = values[1];
  r.triad_gbps_1 = values[2];
  r.triad_gbps_n = values[3];
  r.peak_gflops = values[4];
  r.working_set_gbps.assign(values.begin() + 5, values.end());
  return r;
}

}  // namespace bench
