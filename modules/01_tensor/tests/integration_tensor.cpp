// Module 01 integration tests: the pieces together, as later modules use them.

#include <gtest/gtest.h>

#include <sstream>

#include "tinytorch/core/tensor.hpp"
#include "tinytorch_fixtures.hpp"

using tinytorch::Shape;
using tinytorch::Tensor;
using tinytorch::testing::close_to;

TEST(TensorIntegration, LinearLayerForwardByHand) {
  // y = x @ W^T + b for x (2, 3), W (2, 3), b (2,): every value derived by hand.
  const Tensor x = Tensor::from_data({1, 2, 3, 4, 5, 6}, {2, 3});
  const Tensor w = Tensor::from_data({1, 0, -1, 0.5f, 0.5f, 0.5f}, {2, 3});
  const Tensor b = Tensor::from_data({10, -1}, {2});
  const Tensor y = x.matmul(w.transpose(0, 1)) + b;
  EXPECT_EQ(y.shape(), (Shape{2, 2}));
  EXPECT_EQ(y.to_vector(), (std::vector<float>{8, 2, 8, 6.5f}));
  // Mean squared value of y: (64 + 4 + 64 + 42.25) / 4.
  EXPECT_FLOAT_EQ((y * y).mean(1).mean(0).item(), 43.5625f);
}

TEST(TensorIntegration, AttentionShapedBatchedProduct) {
  // (B, H, T, D) @ (B, H, D, T): scores per head, as module 12 computes them.
  const Tensor q = Tensor::randn({2, 3, 4, 5}, 21);
  const Tensor k = Tensor::randn({2, 3, 4, 5}, 22);
  const Tensor scores = q.matmul(k.transpose(-2, -1));
  EXPECT_EQ(scores.shape(), (Shape{2, 3, 4, 4}));
  const Tensor q11 = q.select(0, 1).select(0, 2);
  const Tensor k11 = k.select(0, 1).select(0, 2);
  EXPECT_TRUE(close_to(scores.select(0, 1).select(0, 2), q11.matmul(k11.transpose(0, 1)), 1e-5f));
}

TEST(TensorIntegration, WritesThroughViewsReachTheBase) {
  Tensor cache = Tensor::zeros({2, 4, 3});            // (B, T, C), as a KV cache stores it
  Tensor step = Tensor::ones({2, 1, 3}) * 7.0f;       // one new position
  cache.slice(1, 2, 3).copy_from(step);               // write position 2 in place
  EXPECT_EQ(cache.at({1, 2, 1}), 7.0f);
  EXPECT_EQ(cache.at({1, 1, 1}), 0.0f);
  EXPECT_EQ(cache.slice(1, 0, 3).sum().item(), 42.0f);
}

TEST(TensorIntegration, PrintingShowsValuesAndShape) {
  std::ostringstream out;
  out << Tensor::from_data({1, 2, 3, 4}, {2, 2});
  EXPECT_EQ(out.str(), "tensor([[1, 2], [3, 4]], shape=(2, 2))");
  EXPECT_NE(Tensor::arange(0, 100).to_string().find("..."), std::string::npos);
}
