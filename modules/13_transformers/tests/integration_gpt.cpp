// Module 13 integration tests: a GPT end to end.

#include <gtest/gtest.h>

#include "reference_model.hpp"
#include "tinytorch/nn/gpt.hpp"
#include "tinytorch_fixtures.hpp"

using tinytorch::GPT;
using tinytorch::GPTConfig;
using tinytorch::Tensor;
using tinytorch::testing::close_to;

TEST(TransformersIntegration, ReferenceModelGeneratesWhatItsLogitsSay) {
  const auto ref = tinytorch::testing::reference_case("plain");
  GPT model(ref.config);
  model.load(ref.weights);
  // Greedy continuation of the reference prompt: step 0's token is the argmax of PyTorch's
  // logits at the last prompt position.
  const auto out = tinytorch::generate(model, ref.tokens, {.max_new_tokens = 3});
  const Tensor torch_last = ref.logits.slice(1, 6, 7).select(1, 0);  // (B, V)
  EXPECT_EQ(out[0][7], static_cast<int>(torch_last.argmax(1).to_vector()[0]));
  EXPECT_EQ(out[1][7], static_cast<int>(torch_last.argmax(1).to_vector()[1]));
}

TEST(TransformersIntegration, BatchRowsAreIndependent) {
  GPT model(GPTConfig{.seed = 8});
  const Tensor both = model.forward({{1, 2, 3}, {4, 5, 6}});
  EXPECT_TRUE(close_to(both.slice(0, 1, 2), model.forward({{4, 5, 6}}), 1e-5f));
}

TEST(TransformersIntegration, EveryBlockExposesItsAttention) {
  GPT model(GPTConfig{.num_layers = 3, .num_heads = 4, .num_kv_heads = 2});
  for (int64_t i = 0; i < model.num_layers(); ++i) {
    const auto mha = std::dynamic_pointer_cast<tinytorch::MultiHeadAttention>(model.block(i).attention());
    ASSERT_NE(mha, nullptr) << "block " << i;
    EXPECT_EQ(mha->num_kv_heads(), 2);
  }
}
