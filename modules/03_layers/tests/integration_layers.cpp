// Module 03 integration tests: layers assembled into a network.

#include <gtest/gtest.h>

#include "tinytorch/core/layers.hpp"
#include "tinytorch_fixtures.hpp"

using tinytorch::Activation;
using tinytorch::Dropout;
using tinytorch::Linear;
using tinytorch::Sequential;
using tinytorch::Shape;
using tinytorch::Tensor;

TEST(LayersIntegration, ClassifierForwardIsDeterministicInEval) {
  Sequential net;
  net.add(std::make_shared<Linear>(8, 16, true, tinytorch::Init::kHeNormal, 1));
  net.add(std::make_shared<Activation>(Activation::Kind::kRelu)).add(std::make_shared<Dropout>(0.5f, 2));
  net.add(std::make_shared<Linear>(16, 3, true, tinytorch::Init::kXavierUniform, 3));
  net.eval();
  const Tensor x = Tensor::randn({4, 8}, 4);
  const Tensor logits = net.forward(x);
  EXPECT_EQ(logits.shape(), (Shape{4, 3}));
  EXPECT_EQ(net.forward(x).to_vector(), logits.to_vector());
  net.train();
  EXPECT_NE(net.forward(x).to_vector(), logits.to_vector()) << "dropout is active again in training mode";
  const Tensor probabilities = tinytorch::softmax(logits, 1);
  EXPECT_TRUE(tinytorch::testing::close_to(probabilities.sum(1), Tensor::ones({4}), 1e-6f));
}

TEST(LayersIntegration, ParametersShareStorageWithTheLayer) {
  Linear layer(2, 2, true);
  for (auto& [name, tensor] : layer.parameters()) {
    Tensor writable = tensor;
    writable.copy_from(Tensor::ones(tensor.shape()));
  }
  // All weights 1, biases 1: y = sum(x) + 1 in every output.
  EXPECT_EQ(layer.forward(Tensor::from_data({2, 3}, {1, 2})).to_vector(), (std::vector<float>{6, 6}));
}
