// Module 02 unit tests: every activation against PyTorch and against values derived by hand.

#include <gtest/gtest.h>

#include <cmath>

#include "tinytorch/core/activations.hpp"
#include "tinytorch_fixtures.hpp"

using tinytorch::GeluApproximation;
using tinytorch::Tensor;
using tinytorch::testing::close_to;
using tinytorch::testing::load_fixture;

namespace {

Tensor apply(const tinytorch::testing::FixtureCase& c) {
  const Tensor& x = c.inputs[0];
  if (c.op == "relu") return tinytorch::relu(x);
  if (c.op == "sigmoid") return tinytorch::sigmoid(x);
  if (c.op == "tanh") return tinytorch::tanh(x);
  if (c.op == "gelu") {
    return tinytorch::gelu(x, c.args.at("approximate") == "tanh" ? GeluApproximation::kTanh : GeluApproximation::kExact);
  }
  const int64_t axis = c.args.at("axis");
  return c.op == "softmax" ? tinytorch::softmax(x, axis) : tinytorch::log_softmax(x, axis);
}

void expect_matches_torch(const std::vector<std::string>& names) {
  const auto cases = load_fixture("activations.json");
  for (const std::string& name : names) EXPECT_TRUE(close_to(apply(cases.at(name)), cases.at(name).expected)) << name;
}

}  // namespace

TEST(Relu, ZeroesNegativesOnly) {
  const Tensor x = Tensor::from_data({-2, -0.5f, 0, 0.5f, 3}, {5});
  EXPECT_EQ(tinytorch::relu(x).to_vector(), (std::vector<float>{0, 0, 0, 0.5f, 3}));
  expect_matches_torch({"relu"});
}

TEST(Sigmoid, MatchesTorchAndHandValues) {
  const Tensor x = Tensor::from_data({0, std::log(3.0f)}, {2});
  EXPECT_FLOAT_EQ(tinytorch::sigmoid(x).to_vector()[0], 0.5f);
  EXPECT_FLOAT_EQ(tinytorch::sigmoid(x).to_vector()[1], 0.75f);  // 1 / (1 + 1/3)
  expect_matches_torch({"sigmoid"});
}

TEST(Sigmoid, NoOverflowForHugeInputs) {
  const Tensor s = tinytorch::sigmoid(Tensor::from_data({-1e4f, 1e4f, -100.0f}, {3}));
  for (float v : s.to_vector()) EXPECT_FALSE(std::isnan(v) || std::isinf(v)) << s;
  EXPECT_EQ(s.to_vector()[0], 0.0f);
  EXPECT_EQ(s.to_vector()[1], 1.0f);
  expect_matches_torch({"sigmoid_large"});
}

TEST(Tanh, MatchesTorch) { expect_matches_torch({"tanh"}); }

TEST(Gelu, ExactAndTanhApproximationMatchTorch) {
  expect_matches_torch({"gelu_exact", "gelu_tanh"});
  // GELU(1) = 0.5 * (1 + erf(1/sqrt 2)) = Phi(1) = 0.841344746...
  EXPECT_NEAR(tinytorch::gelu(Tensor::full({1}, 1.0f)).item(), 0.8413447f, 1e-6f);
  const Tensor x = Tensor::from_data({1.5f}, {1});
  EXPECT_NE(tinytorch::gelu(x, GeluApproximation::kExact).item(), tinytorch::gelu(x, GeluApproximation::kTanh).item())
      << "the two forms differ slightly; a test that cannot tell them apart is not testing";
}

TEST(Softmax, MatchesTorchOnEveryAxis) {
  expect_matches_torch({"softmax_axis-1", "softmax_axis0", "softmax_axis1"});
}

TEST(Softmax, RowsSumToOneAndOrderIsKept) {
  const Tensor x = Tensor::randn({4, 7}, 3) * 5.0f;
  const Tensor p = tinytorch::softmax(x, 1);
  EXPECT_TRUE(close_to(p.sum(1), Tensor::ones({4}), 1e-6f));
  EXPECT_EQ(p.argmax(1).to_vector(), x.argmax(1).to_vector());
  // Shifting every input by a constant changes nothing.
  EXPECT_TRUE(close_to(tinytorch::softmax(x + 100.0f, 1), p, 1e-5f));
}

TEST(Softmax, StableForInputsOfTenThousand) {
  expect_matches_torch({"softmax_large"});
  const Tensor p = tinytorch::softmax(Tensor::from_data({1e4f, 1e4f}, {2}));
  EXPECT_EQ(p.to_vector(), (std::vector<float>{0.5f, 0.5f}));
}

TEST(LogSoftmax, MatchesTorchIncludingLargeInputs) {
  expect_matches_torch({"log_softmax_axis-1", "log_softmax_axis0", "log_softmax_axis1", "log_softmax_large"});
  const Tensor ls = tinytorch::log_softmax(Tensor::from_data({-1e4f, 0.0f}, {2}));
  EXPECT_FLOAT_EQ(ls.to_vector()[0], -1e4f) << "log of an underflowed probability must stay finite";
}
