// Module 11 integration tests: token plus position, as a GPT's input layer.

#include <gtest/gtest.h>

#include "tinytorch/text/embeddings.hpp"
#include "tinytorch_fixtures.hpp"

using tinytorch::Embedding;
using tinytorch::PositionalEmbedding;
using tinytorch::Shape;
using tinytorch::Tensor;
using tinytorch::testing::close_to;

TEST(EmbeddingsIntegration, TokenPlusPositionBroadcastsOverTheBatch) {
  Embedding tokens(20, 6, 1);
  PositionalEmbedding positions(10, 6, 2);
  const Tensor x = tokens.forward({{4, 4, 7}, {1, 4, 0}}) + positions.forward(3, 0);  // (2, 3, 6)
  EXPECT_EQ(x.shape(), (Shape{2, 3, 6}));
  // The same token at two positions gets two different vectors...
  EXPECT_NE(x.select(0, 0).select(0, 0).to_vector(), x.select(0, 0).select(0, 1).to_vector());
  // ...and at one position in two sequences the same vector.
  EXPECT_TRUE(close_to(x.select(0, 0).select(0, 1), x.select(0, 1).select(0, 1)));
}

TEST(EmbeddingsIntegration, DecodingOneTokenAtAPositionEqualsTheSlice) {
  // Module 14 feeds one token at position t: it must get the same vector as
  // position t of the whole sequence.
  Embedding tokens(20, 6, 1);
  PositionalEmbedding positions(10, 6, 2);
  const Tensor whole = tokens.forward({{3, 8, 5, 2}}) + positions.forward(4, 0);
  const Tensor one = tokens.forward({{5}}) + positions.forward(1, 2);
  EXPECT_TRUE(close_to(one.select(1, 0), whole.select(1, 2)));
}
