// Module 03 unit tests: Linear (Task 03.1), Sequential and Dropout (Task 03.2), parameters (Task 03.3).

#include <gtest/gtest.h>

#include <cmath>

#include "tinytorch/core/errors.hpp"
#include "tinytorch/core/layers.hpp"
#include "tinytorch_fixtures.hpp"

using tinytorch::Activation;
using tinytorch::Dropout;
using tinytorch::Init;
using tinytorch::Linear;
using tinytorch::Sequential;
using tinytorch::Shape;
using tinytorch::Tensor;
using tinytorch::testing::close_to;
using tinytorch::testing::load_fixture;

namespace {

// Loads values into a layer's parameters by name, through the shared storage.
void set_parameter(const tinytorch::Layer& layer, const std::string& name, const Tensor& value) {
  for (auto& [parameter, tensor] : layer.parameters()) {
    if (parameter == name) {
      Tensor target = tensor;
      target.copy_from(value);
      return;
    }
  }
  FAIL() << "no parameter " << name;
}

double variance(const Tensor& t) {
  const Tensor centred = t - t.reshape({-1}).mean(0).item();
  return (centred * centred).reshape({-1}).mean(0).item();
}

}  // namespace

TEST(Linear, ForwardMatchesTorchOnABatchOfSequences) {
  const auto cases = load_fixture("layers.json");
  const auto& c = cases.at("linear_3d");
  Linear layer(5, 3);
  set_parameter(layer, "weight", c.inputs[1]);
  set_parameter(layer, "bias", c.inputs[2]);
  const Tensor y = layer.forward(c.inputs[0]);  // (2, 4, 5) -> (2, 4, 3)
  EXPECT_EQ(y.shape(), (Shape{2, 4, 3}));
  EXPECT_TRUE(close_to(y, c.expected, 1e-5f));
}

TEST(Linear, WithoutBiasMatchesTorch) {
  const auto cases = load_fixture("layers.json");
  const auto& c = cases.at("linear_no_bias");
  Linear layer(4, 6, /*bias=*/false);
  set_parameter(layer, "weight", c.inputs[1]);
  EXPECT_TRUE(close_to(layer.forward(c.inputs[0]), c.expected, 1e-5f));
  EXPECT_FALSE(layer.has_bias());
}

TEST(Linear, ShapeErrorNamesTheInput) {
  Linear layer(4, 2);
  try {
    layer.forward(Tensor::zeros({3, 5}));
    FAIL() << "a (3, 5) input went into Linear(4, 2)";
  } catch (const tinytorch::ShapeError& error) {
    EXPECT_NE(std::string(error.what()).find("(3, 5)"), std::string::npos) << error.what();
  }
  EXPECT_THROW(Linear(0, 3), std::invalid_argument);
}

TEST(Linear, XavierUniformBoundsAndVariance) {
  Linear layer(200, 300, true, Init::kXavierUniform, 7);
  const float a = std::sqrt(6.0f / 500.0f);
  const Tensor w = layer.weight();
  EXPECT_EQ(w.shape(), (Shape{300, 200}));
  EXPECT_LE(w.reshape({-1}).max(0).item(), a);
  EXPECT_GE((-w).reshape({-1}).max(0).item(), -a);
  EXPECT_NEAR(variance(w), a * a / 3.0, 0.05 * a * a / 3.0);  // variance of U(-a, a)
  EXPECT_EQ(layer.bias().to_vector(), std::vector<float>(300, 0.0f));
  EXPECT_EQ(Linear(200, 300, true, Init::kXavierUniform, 7).weight().to_vector(), w.to_vector()) << "seeded";
}

TEST(Linear, HeNormalVariance) {
  Linear layer(256, 400, true, Init::kHeNormal, 3);
  EXPECT_NEAR(variance(layer.weight()), 2.0 / 256.0, 0.05 * 2.0 / 256.0);
  EXPECT_NEAR(layer.weight().reshape({-1}).mean(0).item(), 0.0, 0.003);
}

TEST(Sequential, MlpMatchesTorch) {
  const auto cases = load_fixture("layers.json");
  const auto& c = cases.at("mlp");
  Sequential mlp;
  mlp.add(std::make_shared<Linear>(6, 8)).add(std::make_shared<Activation>(Activation::Kind::kGelu));
  mlp.add(std::make_shared<Linear>(8, 2));
  set_parameter(mlp, "0.weight", c.inputs[1]);
  set_parameter(mlp, "0.bias", c.inputs[2]);
  set_parameter(mlp, "2.weight", c.inputs[3]);
  set_parameter(mlp, "2.bias", c.inputs[4]);
  EXPECT_TRUE(close_to(mlp.forward(c.inputs[0]), c.expected, 1e-5f));
}

TEST(Dropout, IdentityInEvalMode) {
  Dropout dropout(0.5f, 1);
  dropout.eval();
  const Tensor x = Tensor::randn({100}, 2);
  EXPECT_EQ(dropout.forward(x).to_vector(), x.to_vector());
}

TEST(Dropout, TrainingDropsAboutPAndScalesTheRest) {
  Dropout dropout(0.25f, 5);
  const Tensor x = Tensor::ones({20000});
  const Tensor y = dropout.forward(x);
  int zeros = 0;
  for (float v : y.to_vector()) {
    if (v == 0.0f) {
      ++zeros;
    } else {
      EXPECT_FLOAT_EQ(v, 1.0f / 0.75f);
    }
  }
  EXPECT_NEAR(zeros / 20000.0, 0.25, 0.015);
  EXPECT_NE(dropout.forward(x).to_vector(), y.to_vector()) << "a new mask each call";
  EXPECT_THROW(Dropout(1.0f), std::invalid_argument);
}

TEST(Parameters, NamesAndCounts) {
  EXPECT_EQ(Linear(3, 4).num_parameters(), 16);            // 12 weights + 4 biases
  EXPECT_EQ(Linear(3, 4, false).num_parameters(), 12);
  Sequential net;
  net.add(std::make_shared<Linear>(10, 20)).add(std::make_shared<Activation>(Activation::Kind::kRelu));
  net.add(std::make_shared<Dropout>(0.1f)).add(std::make_shared<Linear>(20, 5));
  std::vector<std::string> names;
  for (const auto& [name, tensor] : net.parameters()) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"0.weight", "0.bias", "3.weight", "3.bias"}));
  EXPECT_EQ(net.num_parameters(), 10 * 20 + 20 + 20 * 5 + 5);
}
