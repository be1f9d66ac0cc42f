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

namespace bench {
namespace {

typedef float Vec __attribute__((vector_size(64), aligned(4)));

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

double read_gbps(const std::vector<float>& buffer, int threads) {
  tinytorch::set_num_threads(threads);
  std::vector<float> partial(64, 0.0f);
  const auto n = static_cast<int64_t>(buffer.size());
  const double seconds = best_seconds(4, [&] {
    tinytorch::parallel_for(n, 1 << 20, [&](int64_t begin, int64_t end) {
      Vec s0 = {}, s1 = {}, s2 = {}, s3 = {};
      int64_t i = begin;
      for (; i + 64 <= end; i += 64) {
        s0 += *reinterpret_cast<const Vec*>(&buffer[i]);
        s1 += *reinterpret_cast<const Vec*>(&buffer[i + 16]);
        s2 += *reinterpret_cast<const Vec*>(&buffer[i + 32]);
        s3 += *reinterpret_cast<const Vec*>(&buffer[i + 48]);
      }
      float total = 0;
      for (int l = 0; l < 16; ++l) total += s0[l] + s1[l] + s2[l] + s3[l];
      partial[static_cast<std::size_t>(begin * 63 / n)] += total;
    });
  });
  return static_cast<double>(n) * 4 / seconds / 1e9;
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

Roofline measure_here(int threads) {
  Roofline r;
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

Roofline measure_roofline(int threads) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("roofline: cannot create a pipe");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("roofline: cannot fork");
  if (pid == 0) {
    close(fds[0]);
    const Roofline r = measure_here(threads);
    const ssize_t written = write(fds[1], &r, sizeof r);
    _exit(written == static_cast<ssize_t>(sizeof r) ? 0 : 1);
  }
  close(fds[1]);
  Roofline r;
  const ssize_t got = read(fds[0], &r, sizeof r);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (got != static_cast<ssize_t>(sizeof r)) throw std::runtime_error("roofline: the probe process failed");
  tinytorch::set_num_threads(threads);
  return r;
}

}  // namespace bench
