// Module 02 integration tests: activations inside a small computation.

#include <gtest/gtest.h>

#include <cmath>

#include "tinytorch/core/activations.hpp"
#include "tinytorch_fixtures.hpp"

using tinytorch::Tensor;
using tinytorch::testing::close_to;

TEST(ActivationsIntegration, AttentionWeightsFromScores) {
  // scores (T, T) with a causal mask of -1e9 above the diagonal: row t spreads over 0..t only.
  const Tensor scores = Tensor::from_data({0, 0, 0, 1, 0, 0, 2, 2, 2}, {3, 3});
  Tensor mask = Tensor::zeros({3, 3});
  mask.at({0, 1}) = mask.at({0, 2}) = mask.at({1, 2}) = -1e9f;
  const Tensor weights = tinytorch::softmax(scores + mask, -1);
  const float e = std::exp(1.0f);
  EXPECT_TRUE(close_to(weights, Tensor::from_data({1, 0, 0, e / (e + 1), 1 / (e + 1), 0, 1.f / 3, 1.f / 3, 1.f / 3}, {3, 3}),
                       1e-6f));
}

TEST(ActivationsIntegration, MlpHiddenLayer) {
  // h = gelu(x W^T): the feed-forward block of a transformer, by hand for one row.
  const Tensor x = Tensor::from_data({1, -1}, {1, 2});
  const Tensor w = Tensor::from_data({1, 0, 0, 1, 1, 1}, {3, 2});
  const Tensor h = tinytorch::relu(x.matmul(w.transpose(0, 1)));
  EXPECT_EQ(h.to_vector(), (std::vector<float>{1, 0, 0}));
  const Tensor g = tinytorch::gelu(x.matmul(w.transpose(0, 1)));
  EXPECT_NEAR(g.to_vector()[1], -0.1586553f, 1e-6f);  // GELU(-1) = -Phi(-1)
}

TEST(ActivationsIntegration, LogSoftmaxIsLogOfSoftmax) {
  const Tensor x = Tensor::randn({5, 6}, 9);
  EXPECT_TRUE(close_to(tinytorch::log_softmax(x, 1), tinytorch::softmax(x, 1).log(), 1e-5f));
}
