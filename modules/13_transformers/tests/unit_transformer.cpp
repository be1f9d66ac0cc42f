// Module 13 unit tests: LayerNorm (13.1), MLP (13.2), the block and its seam (13.3).

#include <gtest/gtest.h>

#include <cmath>

#include "tinytorch/nn/transformer.hpp"
#include "tinytorch_fixtures.hpp"

using tinytorch::Attention;
using tinytorch::LayerNorm;
using tinytorch::MLP;
using tinytorch::Shape;
using tinytorch::Tensor;
using tinytorch::TransformerBlock;
using tinytorch::testing::close_to;

TEST(LayerNorm, HandDerivedRow) {
  // Row (1, 2, 3, 4): mean 2.5, biased variance 1.25.
  LayerNorm norm(4, 0.0f);
  const Tensor y = norm.forward(Tensor::from_data({1, 2, 3, 4}, {1, 4}));
  const float s = 1.0f / std::sqrt(1.25f);
  EXPECT_TRUE(close_to(y, Tensor::from_data({-1.5f * s, -0.5f * s, 0.5f * s, 1.5f * s}, {1, 4}), 1e-6f));
}

TEST(LayerNorm, ScalesShiftsAndNormalisesEveryRow) {
  LayerNorm norm(8);
  for (auto& [name, tensor] : norm.parameters()) {
    Tensor writable = tensor;
    writable.copy_from(Tensor::full({8}, name == "weight" ? 2.0f : 1.0f));
  }
  const Tensor x = Tensor::randn({3, 5, 8}, 1) * 4.0f + 3.0f;
  const Tensor y = norm.forward(x);  // mean 1, std 2 per row
  EXPECT_TRUE(close_to(y.mean(-1), Tensor::ones({3, 5}), 1e-5f));
  const Tensor centred = y - 1.0f;
  EXPECT_TRUE(close_to((centred * centred).mean(-1), Tensor::full({3, 5}, 4.0f), 1e-3f));
}

TEST(Mlp, ShapeAndGeluBetweenTwoLinears) {
  MLP mlp(6, 24, 2);
  const Tensor x = Tensor::randn({2, 3, 6}, 3);
  EXPECT_EQ(mlp.forward(x).shape(), (Shape{2, 3, 6}));
  // Zero the first layer's weights and set its bias to 1: hidden = GELU(1) everywhere, so the
  // output is proj.weight @ (GELU(1) * ones) + proj.bias for every position.
  for (auto& [name, tensor] : mlp.parameters()) {
    Tensor writable = tensor;
    if (name == "fc.weight") writable.copy_from(Tensor::zeros(tensor.shape()));
    if (name == "fc.bias") writable.copy_from(Tensor::ones(tensor.shape()));
    if (name == "proj.weight") writable.copy_from(Tensor::ones(tensor.shape()));
    if (name == "proj.bias") writable.copy_from(Tensor::zeros(tensor.shape()));
  }
  const float gelu1 = 0.5f * (1.0f + std::tanh(0.7978845608f * (1.0f + 0.044715f)));  // tanh form
  EXPECT_TRUE(close_to(mlp.forward(x), Tensor::full({2, 3, 6}, 24.0f * gelu1), 1e-4f));
}

namespace {

// An attention that records the start positions it was given and returns zeros.
class RecordingAttention : public Attention {
 public:
  Tensor forward(const Tensor& x, int64_t start_pos) override {
    seen.push_back(start_pos);
    return Tensor::zeros(x.shape());
  }
  std::vector<int64_t> seen;
};

}  // namespace

TEST(Block, ResidualsAndReplaceableAttention) {
  TransformerBlock block(8, 2, 2, 32, 4);
  const auto original = block.attention();
  ASSERT_NE(std::dynamic_pointer_cast<tinytorch::MultiHeadAttention>(original), nullptr);
  const Tensor x = Tensor::randn({1, 4, 8}, 5);
  const Tensor with_attention = block.forward(x, 0);
  auto recorder = std::make_shared<RecordingAttention>();
  block.set_attention(recorder);
  const Tensor without = block.forward(x, 7);
  EXPECT_EQ(recorder->seen, std::vector<int64_t>{7}) << "the block passes start_pos to its attention";
  EXPECT_FALSE(with_attention.allclose(without, 1e-5f, 1e-5f));
  block.set_attention(original);
  EXPECT_TRUE(close_to(block.forward(x, 0), with_attention, 0.0f)) << "putting the original back restores the block";
  EXPECT_THROW(block.set_attention(nullptr), std::invalid_argument);
}
