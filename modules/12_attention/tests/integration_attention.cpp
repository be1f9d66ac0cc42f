// Module 12 integration tests: attention used as a transformer uses it.

#include <gtest/gtest.h>

#include "tinytorch/nn/attention.hpp"
#include "tinytorch_fixtures.hpp"

using tinytorch::MultiHeadAttention;
using tinytorch::Tensor;
using tinytorch::testing::close_to;

TEST(AttentionIntegration, ProjectMergeEqualsForward) {
  // The two halves module 14 reuses give exactly the whole.
  MultiHeadAttention attention(16, 4, 2, 9);
  const Tensor x = Tensor::randn({3, 4, 16}, 10);
  const auto heads = attention.project(x);
  const Tensor pieces =
      attention.merge_heads(tinytorch::scaled_dot_product_attention(heads.q, heads.k, heads.v, true));
  EXPECT_TRUE(close_to(pieces, attention.forward(x, 0), 1e-6f));
}

TEST(AttentionIntegration, OneQueryAtTheEndEqualsTheLastRow) {
  // The decode step of module 14: the last query alone, at offset T-1, over all keys.
  MultiHeadAttention attention(8, 2, 1, 11);
  const Tensor x = Tensor::randn({2, 5, 8}, 12);
  const auto heads = attention.project(x);
  const Tensor all = tinytorch::scaled_dot_product_attention(heads.q, heads.k, heads.v, true);
  const Tensor last = tinytorch::scaled_dot_product_attention(heads.q.slice(2, 4, 5), heads.k, heads.v, true, 4);
  EXPECT_TRUE(close_to(last, all.slice(2, 4, 5), 1e-6f));
}

TEST(AttentionIntegration, BatchEntriesAreIndependent) {
  MultiHeadAttention attention(8, 2, 0, 13);
  const Tensor a = Tensor::randn({1, 3, 8}, 14);
  const Tensor b = Tensor::randn({1, 3, 8}, 15);
  Tensor both = Tensor::zeros({2, 3, 8});
  both.slice(0, 0, 1).copy_from(a);
  both.slice(0, 1, 2).copy_from(b);
  const Tensor out = attention.forward(both, 0);
  EXPECT_TRUE(close_to(out.slice(0, 1, 2), attention.forward(b, 0), 1e-6f));
}
