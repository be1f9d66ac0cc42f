// Module 01 unit tests: Tensor::matmul (Task 01.3) and the kernels (Task 01.6),
// against PyTorch and against a plain triple loop written here.

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <stdexcept>

#include <gtest/gtest.h>

#include "tinytorch/core/errors.hpp"
#include "tinytorch/core/kernels.hpp"
#include "tinytorch/core/parallel.hpp"
#include "tinytorch/core/tensor.hpp"
#include "tinytorch_fixtures.hpp"

using tinytorch::Shape;
using tinytorch::ShapeError;
using tinytorch::Tensor;
using tinytorch::testing::close_to;
using tinytorch::testing::load_fixture;

namespace {

// The definition of a matrix product, one element at a time, in double.
Tensor naive_matmul(const Tensor& a, const Tensor& b) {
  const int64_t m = a.size(0), k = a.size(1), n = b.size(1);
  Tensor out = Tensor::zeros({m, n});
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      double sum = 0;
      for (int64_t p = 0; p < k; ++p) sum += static_cast<double>(a.at({i, p})) * b.at({p, j});
      out.at({i, j}) = static_cast<float>(sum);
    }
  }
  return out;
}

}  // namespace

TEST(Matmul, HandDerivedTwoByTwo) {
  const Tensor a = Tensor::from_data({1, 2, 3, 4}, {2, 2});
  const Tensor b = Tensor::from_data({5, 6, 7, 8}, {2, 2});
  EXPECT_EQ(a.matmul(b).to_vector(), (std::vector<float>{19, 22, 43, 50}));
  EXPECT_EQ(a.matmul(Tensor::from_data({1, 1}, {2})).to_vector(), (std::vector<float>{3, 7}));
}

TEST(Matmul, MatchesTorchForEveryShapeRule) {
  for (const auto& [name, c] : load_fixture("tensor_ops.json")) {
    if (c.op == "matmul") {
      EXPECT_TRUE(close_to(c.inputs[0].matmul(c.inputs[1]), c.expected, 1e-4f)) << name;
    } else if (c.op == "matmul_bt") {
      EXPECT_TRUE(close_to(c.inputs[0].matmul(c.inputs[1].transpose(0, 1)), c.expected, 1e-4f)) << name;
    }
  }
}

TEST(Matmul, ErrorNamesBothShapes) {
  try {
    Tensor::zeros({2, 3}).matmul(Tensor::zeros({4, 5}));
    FAIL() << "(2, 3) @ (4, 5) did not throw";
  } catch (const ShapeError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("matmul"), std::string::npos) << message;
    EXPECT_NE(message.find("(2, 3)"), std::string::npos) << message;
    EXPECT_NE(message.find("(4, 5)"), std::string::npos) << message;
  }
  EXPECT_THROW(Tensor::zeros({2, 2, 3}).matmul(Tensor::zeros({3, 3, 2})), ShapeError) << "batch 2 vs 3";
}

TEST(Matmul, IsAssociativeWithinTolerance) {
  const Tensor a = Tensor::randn({9, 17}, 1);
  const Tensor b = Tensor::randn({17, 33}, 2);
  const Tensor c = Tensor::randn({33, 6}, 3);
  EXPECT_TRUE(close_to(a.matmul(b).matmul(c), a.matmul(b.matmul(c)), 1e-3f, 1e-4f));
}

TEST(Kernel, MatchesTheDefinitionAcrossBlockEdges) {
  // Sizes around the micro-tile (6 x 32) and the blocks (96 rows, 256 deep).
  const std::vector<std::array<int64_t, 3>> sizes = {{1, 1, 1}, {5, 7, 3},    {6, 32, 16},  {7, 33, 257},
                                                      {97, 65, 300}, {130, 40, 9}, {3, 200, 50}, {2, 5, 513}};
  for (const auto& [m, n, k] : sizes) {
    const Tensor a = Tensor::randn({m, k}, static_cast<uint64_t>(m * 1000 + k));
    const Tensor b = Tensor::randn({k, n}, static_cast<uint64_t>(n * 1000 + k));
    EXPECT_TRUE(close_to(a.matmul(b), naive_matmul(a, b), 1e-3f, 1e-4f)) << m << "x" << k << " @ " << k << "x" << n;
  }
}

TEST(Kernel, TransposedAndStridedOperands) {
  const Tensor w = Tensor::randn({40, 70}, 5);   // (N, K) as a Linear layer stores it
  const Tensor x = Tensor::randn({3, 70}, 6);    // few rows: the matrix-vector path
  const Tensor xs = Tensor::randn({20, 70}, 7);  // many rows: the packed path
  EXPECT_TRUE(close_to(x.matmul(w.transpose(0, 1)), naive_matmul(x, w.transpose(0, 1)), 1e-3f, 1e-4f));
  EXPECT_TRUE(close_to(xs.matmul(w.transpose(0, 1)), naive_matmul(xs, w.transpose(0, 1)), 1e-3f, 1e-4f));
  const Tensor many = Tensor::randn({45, 70}, 9);               // past the few-rows path: packed
  EXPECT_TRUE(close_to(many.matmul(w.transpose(0, 1)), naive_matmul(many, w.transpose(0, 1)), 1e-3f, 1e-4f));
  const Tensor x_strided = Tensor::randn({70, 5}, 10).transpose(0, 1);  // (5, 70), column stride 5
  EXPECT_TRUE(close_to(x_strided.matmul(w.transpose(0, 1)), naive_matmul(x_strided, w.transpose(0, 1)), 1e-3f, 1e-4f));
  const Tensor every_other = Tensor::randn({70, 80}, 8).slice(1, 0, 80, 2);  // column stride 2
  EXPECT_TRUE(close_to(x.matmul(every_other), naive_matmul(x, every_other), 1e-3f, 1e-4f));
  EXPECT_TRUE(close_to(xs.matmul(every_other), naive_matmul(xs, every_other), 1e-3f, 1e-4f));
}

TEST(Kernel, GemvRowsIsOneDotProductPerRow) {
  const std::vector<float> w = {1, 2, 3, 0, 4, 5, 6, 0, 7, 8, 9, 0};  // 3 rows of 3, row stride 4
  const std::vector<float> x = {1, -1, 2};
  std::vector<float> y(3);
  tinytorch::kernels::gemv_rows(w.data(), 3, 3, 4, x.data(), y.data());
  EXPECT_EQ(y, (std::vector<float>{5, 11, 17}));  // 1-2+6, 4-5+12, 7-8+18
}

TEST(Kernel, GemvColsIsAWeightedSumOfRows) {
  const std::vector<float> b = {1, 2, 0, 3, 4, 0, 5, 6, 0};  // 3 rows of 2, row stride 3
  const std::vector<float> x = {1, -1, 2};
  std::vector<float> y(2);
  tinytorch::kernels::gemv_cols(b.data(), 3, 2, 3, x.data(), y.data());
  EXPECT_EQ(y, (std::vector<float>{8, 10}));  // 1-3+10, 2-4+12

  // 5 rows of 83 columns: a 64-wide block, a 16-wide one and 3 single columns, odd row count.
  const int64_t rows = 5, cols = 83, ldb = 90;
  std::vector<float> wide(rows * ldb), weights(rows), out(cols);
  for (std::size_t i = 0; i < wide.size(); ++i) wide[i] = static_cast<float>(static_cast<int>(i % 7) - 3);
  for (int64_t k = 0; k < rows; ++k) weights[k] = static_cast<float>(k + 1);
  tinytorch::kernels::gemv_cols(wide.data(), rows, cols, ldb, weights.data(), out.data());
  for (int64_t j = 0; j < cols; ++j) {
    float expected = 0;
    for (int64_t k = 0; k < rows; ++k) expected += weights[k] * wide[k * ldb + j];
    ASSERT_EQ(out[j], expected) << "column " << j;  // small integers: exact in any order
  }
}

// Puts the kernels back on one thread when a test ends, also when an assertion stops it early.
struct OneThreadAfterwards {
  ~OneThreadAfterwards() { tinytorch::set_num_threads(1); }
};

TEST(Kernel, AnExceptionInAnyPartReachesTheCaller) {
  OneThreadAfterwards restore;
  tinytorch::set_num_threads(2);
  for (int64_t throwing_part : {0, 1}) {  // part 0 runs on the caller, part 1 on a worker
    std::atomic<int> finished{0};
    EXPECT_THROW(tinytorch::parallel_for(2, 1,
                                         [&](int64_t first, int64_t) {
                                           if (first == throwing_part) throw std::runtime_error("part failed");
                                           ++finished;
                                         }),
                 std::runtime_error);
    EXPECT_EQ(finished.load(), 1) << "the other part still ran to the end before the throw reached us";
  }
  std::vector<int> hits(100, 0);  // and the pool still works
  tinytorch::parallel_for(100, 1, [&](int64_t first, int64_t last) {
    for (int64_t i = first; i < last; ++i) ++hits[static_cast<std::size_t>(i)];
  });
  EXPECT_EQ(hits, std::vector<int>(100, 1));
}

TEST(Kernel, AForkedChildGetsAPoolOfItsOwn) {
  // fork copies only the calling thread; the child must not wait for the parent's workers.
  OneThreadAfterwards restore;
  tinytorch::set_num_threads(2);
  std::vector<int> warm(10, 0);
  tinytorch::parallel_for(10, 1, [&](int64_t first, int64_t last) {
    for (int64_t i = first; i < last; ++i) ++warm[static_cast<std::size_t>(i)];
  });  // the parent's pool now has a worker
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::vector<int> hits(100, 0);
    tinytorch::parallel_for(100, 1, [&](int64_t first, int64_t last) {
      for (int64_t i = first; i < last; ++i) ++hits[static_cast<std::size_t>(i)];
    });
    _exit(hits == std::vector<int>(100, 1) ? 0 : 3);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status)) << "the child hung or crashed";  // tito's per-test timeout catches a hang
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(Kernel, ThreadCountChangesBetweenCalls) {
  OneThreadAfterwards restore;
  // Growing and shrinking the pool between calls: every index is visited once, every time.
  for (int threads : {2, 3, 1, 4, 2}) {
    tinytorch::set_num_threads(threads);
    for (int64_t n : {1, 5, 1000}) {
      std::vector<int> hits(static_cast<std::size_t>(n), 0);
      tinytorch::parallel_for(n, 1, [&](int64_t first, int64_t last) {
        for (int64_t i = first; i < last; ++i) ++hits[static_cast<std::size_t>(i)];
      });
      ASSERT_EQ(hits, std::vector<int>(static_cast<std::size_t>(n), 1)) << threads << " threads, n " << n;
    }
  }
}

TEST(Kernel, NestedParallelForRunsInline) {
  OneThreadAfterwards restore;
  tinytorch::set_num_threads(2);
  std::vector<int> hits(64, 0);
  tinytorch::parallel_for(8, 1, [&](int64_t first, int64_t last) {
    for (int64_t i = first; i < last; ++i) {
      // A kernel called from inside a parallel region: must not wait for the busy pool.
      tinytorch::parallel_for(8, 1, [&](int64_t a, int64_t b) {
        for (int64_t j = a; j < b; ++j) ++hits[i * 8 + j];
      });
    }
  });
  tinytorch::set_num_threads(1);
  EXPECT_EQ(hits, std::vector<int>(64, 1));
}

TEST(Kernel, TwoThreadsGiveTheSameResult) {
  const Tensor a = Tensor::randn({64, 300}, 11);
  const Tensor b = Tensor::randn({300, 70}, 12);
  const Tensor v = Tensor::randn({1, 300}, 13);
  tinytorch::set_num_threads(1);
  const Tensor one = a.matmul(b);
  const Tensor one_v = v.matmul(b);
  tinytorch::set_num_threads(2);
  const Tensor two = a.matmul(b);
  const Tensor two_v = v.matmul(b);
  tinytorch::set_num_threads(1);
  EXPECT_EQ(one.to_vector(), two.to_vector());
  EXPECT_EQ(one_v.to_vector(), two_v.to_vector());
}
