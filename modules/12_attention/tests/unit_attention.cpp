// Module 12 unit tests: scaled dot-product attention (Task 12.1), projections and heads
// (Task 12.2), the whole multi-head attention (Task 12.3).

#include <gtest/gtest.h>

#include <cmath>

#include "tinytorch/core/errors.hpp"
#include "tinytorch/core/parallel.hpp"
#include "tinytorch/nn/attention.hpp"
#include "tinytorch_fixtures.hpp"

using tinytorch::MultiHeadAttention;
using tinytorch::Shape;
using tinytorch::Tensor;
using tinytorch::testing::close_to;
using tinytorch::testing::load_fixture;

namespace {

void load_weights(const MultiHeadAttention& attention, const std::vector<Tensor>& values) {
  const auto params = attention.parameters();
  ASSERT_EQ(params.size(), values.size());
  for (std::size_t i = 0; i < params.size(); ++i) {
    Tensor target = params[i].second;
    target.copy_from(values[i]);
  }
}

}  // namespace

TEST(Sdpa, HandDerivedSingleHead) {
  // One head, D = 1, two positions. Scores q.k / sqrt(1): query 1 sees keys {0, 1}.
  const Tensor q = Tensor::from_data({0, std::log(3.0f)}, {1, 1, 2, 1});
  const Tensor k = Tensor::from_data({0, 1}, {1, 1, 2, 1});
  const Tensor v = Tensor::from_data({10, 20}, {1, 1, 2, 1});
  const Tensor causal = tinytorch::scaled_dot_product_attention(q, k, v, true);
  // Row 0 sees only key 0 -> 10. Row 1: weights e^0 : e^(ln 3) = 1 : 3 -> 0.25*10 + 0.75*20 = 17.5.
  EXPECT_NEAR(causal.at({0, 0, 0, 0}), 10.0f, 1e-5f);
  EXPECT_NEAR(causal.at({0, 0, 1, 0}), 17.5f, 1e-5f);
  const Tensor full = tinytorch::scaled_dot_product_attention(q, k, v, false);
  EXPECT_NEAR(full.at({0, 0, 0, 0}), 15.0f, 1e-5f) << "without the mask row 0 averages both values equally";
}

TEST(Sdpa, MatchesTorchWithAndWithoutTheMask) {
  const auto cases = load_fixture("attention.json");
  for (const char* name : {"sdpa_full", "sdpa_causal", "sdpa_causal_offset"}) {
    const auto& c = cases.at(name);
    const Tensor out = tinytorch::scaled_dot_product_attention(c.inputs[0], c.inputs[1], c.inputs[2],
                                                               c.args.at("causal"), c.args.at("q_offset"));
    EXPECT_TRUE(close_to(out, c.expected, 1e-5f)) << name;
  }
}

TEST(Sdpa, GroupedAndMultiQueryHeadsMatchTorch) {
  const auto cases = load_fixture("attention.json");
  for (const char* name : {"sdpa_grouped_query", "sdpa_multi_query"}) {
    const auto& c = cases.at(name);
    EXPECT_TRUE(close_to(tinytorch::scaled_dot_product_attention(c.inputs[0], c.inputs[1], c.inputs[2], true),
                         c.expected, 1e-5f))
        << name;
  }
}

TEST(Sdpa, ViewsAndThreadsGiveTheSameResult) {
  // The contiguous, single-threaded result is the reference for every other way of calling it.
  const int64_t b = 2, h = 4, g = 2, t = 40, d = 16;
  const Tensor q = Tensor::randn({b, h, t, d}, 21), k = Tensor::randn({b, g, t, d}, 22), v = Tensor::randn({b, g, t, d}, 23);
  tinytorch::set_num_threads(1);
  const auto reference = tinytorch::scaled_dot_product_attention(q, k, v, true).to_vector();

  // k and v as the first t positions of a longer (B, G, 64, D) buffer, as a KV cache hands them over.
  Tensor k_buffer = Tensor::zeros({b, g, 64, d}), v_buffer = Tensor::zeros({b, g, 64, d});
  k_buffer.slice(2, 0, t).copy_from(k);
  v_buffer.slice(2, 0, t).copy_from(v);
  // q as a permuted (B, T, H, D) projection, and as a view whose last axis is not contiguous.
  const Tensor q_permuted = q.permute({0, 2, 1, 3}).contiguous().permute({0, 2, 1, 3});
  const Tensor q_transposed = q.transpose(2, 3).contiguous().transpose(2, 3);
  EXPECT_EQ(tinytorch::scaled_dot_product_attention(q_permuted, k_buffer.slice(2, 0, t), v_buffer.slice(2, 0, t), true)
                .to_vector(),
            reference);
  EXPECT_EQ(tinytorch::scaled_dot_product_attention(q_transposed, k, v, true).to_vector(), reference);

  tinytorch::set_num_threads(2);
  const auto two_threads = tinytorch::scaled_dot_product_attention(q, k, v, true).to_vector();
  tinytorch::set_num_threads(1);
  EXPECT_EQ(two_threads, reference);
}

TEST(Sdpa, ShapeErrorsNameTheShapes) {
  try {
    tinytorch::scaled_dot_product_attention(Tensor::zeros({1, 3, 2, 4}), Tensor::zeros({1, 2, 2, 4}),
                                            Tensor::zeros({1, 2, 2, 4}), true);
    FAIL() << "3 query heads over 2 key heads were accepted";
  } catch (const tinytorch::ShapeError& error) {
    EXPECT_NE(std::string(error.what()).find("(1, 3, 2, 4)"), std::string::npos) << error.what();
  }
}

TEST(MultiHeadAttention, ProjectionShapesAndValidation) {
  MultiHeadAttention attention(12, 4, 2, 1);
  EXPECT_EQ(attention.head_dim(), 3);
  EXPECT_EQ(attention.q_proj().weight().shape(), (Shape{12, 12}));
  EXPECT_EQ(attention.k_proj().weight().shape(), (Shape{6, 12}));  // 2 kv heads x 3
  const auto heads = attention.project(Tensor::randn({2, 5, 12}, 2));
  EXPECT_EQ(heads.q.shape(), (Shape{2, 4, 5, 3}));
  EXPECT_EQ(heads.k.shape(), (Shape{2, 2, 5, 3}));
  EXPECT_THROW(MultiHeadAttention(10, 4), std::invalid_argument);
  EXPECT_THROW(MultiHeadAttention(12, 4, 3), std::invalid_argument);
}

TEST(MultiHeadAttention, ForwardMatchesTorchWithGroupedHeads) {
  const auto cases = load_fixture("attention.json");
  const auto& c = cases.at("mha_gqa");
  MultiHeadAttention attention(12, 4, 2);
  load_weights(attention, std::vector<Tensor>(c.inputs.begin() + 1, c.inputs.end()));
  const Tensor out = attention.forward(c.inputs[0], 0);
  EXPECT_EQ(out.shape(), (Shape{2, 5, 12}));
  EXPECT_TRUE(close_to(out, c.expected, 1e-5f));
}

TEST(MultiHeadAttention, IsCausal) {
  // Changing the last token must not change any earlier position's output.
  MultiHeadAttention attention(8, 2, 0, 3);
  Tensor x = Tensor::randn({1, 6, 8}, 4);
  const Tensor before = attention.forward(x, 0);
  x.select(1, 5).copy_from(Tensor::randn({8}, 5));
  const Tensor after = attention.forward(x, 0);
  EXPECT_TRUE(close_to(after.slice(1, 0, 5), before.slice(1, 0, 5), 1e-6f));
  EXPECT_FALSE(after.select(1, 5).allclose(before.select(1, 5)));
}
