// Module 01 benchmark: how fast are our matmul kernels, next to OpenBLAS and
// next to the machine's memory read bandwidth, measured in the same run?
//
//   tito module bench 1 [-- --threads 1,2 --repeats 5 --output bench.json]
//
// GEMM (square n x n x n): GFLOP/s = 2 n^3 / time, ours and OpenBLAS's.
// GEMV (rows x cols, y = W x): GB/s = bytes of W / time, against a read-only
// sum over a buffer of the same size (the ceiling for that working set) and
// over 512 MiB (the DRAM ceiling).

#include <cblas.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "tinytorch/core/kernels.hpp"
#include "tinytorch/core/parallel.hpp"
#include "tinytorch/core/tensor.hpp"
#include "tinytorch_bandwidth.hpp"

extern "C" void openblas_set_num_threads(int);

namespace {

using Clock = std::chrono::steady_clock;

// Best seconds per call of `body` over `repeats` rounds of at least ~0.1 s each.
double best_seconds(int repeats, const std::function<void()>& body) {
  body();  // warm up caches and the thread pool
  double best = 1e30;
  for (int r = 0; r < repeats; ++r) {
    int calls = 0;
    const auto start = Clock::now();
    double elapsed = 0;
    do {
      body();
      ++calls;
      elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    } while (elapsed < 0.1);
    best = std::min(best, elapsed / calls);
  }
  return best;
}

// Read-only sum over `floats` floats, split over the kernels' threads: bytes read per second.
double read_bandwidth(std::size_t floats, int repeats) {
  const std::vector<float> buffer(floats, 1.0f);
  volatile float sink = 0;
  const double seconds = best_seconds(repeats, [&] {
    sink = sink + tinytorch::bench::sum_floats(buffer.data(), static_cast<int64_t>(floats), 1 << 16);
  });
  return static_cast<double>(floats) * sizeof(float) / seconds;
}

std::vector<int> parse_list(const std::string& text) {
  std::vector<int> values;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) values.push_back(std::stoi(item));
  return values;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> threads = {1, 2};
  std::vector<int> sizes = {64, 256, 512, 1024};
  int repeats = 5;
  // By default the JSON goes next to the build's bin/ folder (build/bench_01_matmul.json),
  // not into whatever folder the benchmark was started from (the course's own tree).
  std::string output = (std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path() /
                        "bench_01_matmul.json").string();
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "bench_01_matmul: " << arg << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--threads") threads = parse_list(value());
    else if (arg == "--sizes") sizes = parse_list(value());
    else if (arg == "--repeats") repeats = std::stoi(value());
    else if (arg == "--output") output = value();
    else {
      std::cerr << "usage: bench_01_matmul [--threads 1,2] [--sizes 64,256,512,1024] [--repeats N] [--output FILE]\n";
      return arg == "--help" ? 0 : 2;
    }
  }

  nlohmann::ordered_json report;
  report["hardware_threads"] = std::thread::hardware_concurrency();
  report["gemm"] = nlohmann::json::array();
  report["gemv"] = nlohmann::json::array();
  std::printf("%-8s %-18s %12s %12s %8s\n", "threads", "gemm n x n x n", "ours GF/s", "OpenBLAS", "ours/OB");
  for (int t : threads) {
    tinytorch::set_num_threads(t);
    openblas_set_num_threads(t);
    for (int n : sizes) {
      const auto a = tinytorch::Tensor::randn({n, n}, 1);
      const auto b = tinytorch::Tensor::randn({n, n}, 2);
      std::vector<float> c(static_cast<std::size_t>(n) * n);
      const tinytorch::kernels::MatrixRef ra{a.data(), n, n, n, 1};
      const tinytorch::kernels::MatrixRef rb{b.data(), n, n, n, 1};
      const double ours = best_seconds(repeats, [&] { tinytorch::kernels::gemm(ra, rb, c.data(), n); });
      const double blas = best_seconds(repeats, [&] {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a.data(), n, b.data(), n, 0.0f,
                    c.data(), n);
      });
      const double flops = 2.0 * n * n * n;
      std::printf("%-8d %-18s %12.1f %12.1f %7.0f%%\n", t, (std::to_string(n) + "^3").c_str(), flops / ours / 1e9,
                  flops / blas / 1e9, 100.0 * blas / ours);
      report["gemm"].push_back({{"threads", t}, {"n", n}, {"ours_gflops", flops / ours / 1e9},
                                {"openblas_gflops", flops / blas / 1e9}, {"ours_over_openblas", blas / ours}});
    }
  }
  std::printf("\n%-8s %-12s %10s %10s %14s %14s %8s\n", "threads", "gemv", "ours GB/s", "OpenBLAS", "read same-size",
              "read 512 MiB", "ours/read");
  const std::vector<std::pair<int, int>> shapes = {{768, 3072}, {4096, 4096}};
  for (int t : threads) {
    tinytorch::set_num_threads(t);
    openblas_set_num_threads(t);
    const double dram = read_bandwidth(std::size_t{128} << 20, repeats);
    for (const auto& [rows, cols] : shapes) {
      const auto w = tinytorch::Tensor::randn({rows, cols}, 3);
      const auto x = tinytorch::Tensor::randn({cols}, 4);
      std::vector<float> y(static_cast<std::size_t>(rows));
      const double ours =
          best_seconds(repeats, [&] { tinytorch::kernels::gemv_rows(w.data(), rows, cols, cols, x.data(), y.data()); });
      const double blas = best_seconds(repeats, [&] {
        cblas_sgemv(CblasRowMajor, CblasNoTrans, rows, cols, 1.0f, w.data(), cols, x.data(), 1, 0.0f, y.data(), 1);
      });
      const double bytes = static_cast<double>(rows) * cols * sizeof(float);
      const double same = read_bandwidth(static_cast<std::size_t>(rows) * cols, repeats);
      std::printf("%-8d %-12s %10.1f %10.1f %14.1f %14.1f %7.0f%%\n", t,
                  (std::to_string(rows) + "x" + std::to_string(cols)).c_str(), bytes / ours / 1e9, bytes / blas / 1e9,
                  same / 1e9, dram / 1e9, 100.0 * bytes / ours / same);
      report["gemv"].push_back({{"threads", t}, {"rows", rows}, {"cols", cols}, {"ours_gbps", bytes / ours / 1e9},
                                {"openblas_gbps", bytes / blas / 1e9}, {"read_same_size_gbps", same / 1e9},
                                {"read_512mib_gbps", dram / 1e9}, {"ours_over_read", bytes / ours / same}});
    }
  }
  std::ofstream(output) << report.dump(2) << "\n";
  std::printf("\nJSON written to %s\n", output.c_str());
  return 0;
}
