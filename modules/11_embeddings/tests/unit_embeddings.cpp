// Module 11 unit tests: lookups (Task 11.1), learned positions (Task 11.2), sinusoids (Task 11.3).

#include <gtest/gtest.h>

#include <cmath>

#include "tinytorch/core/errors.hpp"
#include "tinytorch/text/embeddings.hpp"
#include "tinytorch_fixtures.hpp"

using tinytorch::Embedding;
using tinytorch::PositionalEmbedding;
using tinytorch::Shape;
using tinytorch::Tensor;
using tinytorch::testing::close_to;

TEST(Embedding, LooksUpRowsOfTheTable) {
  Embedding table(10, 4, 1);
  const Tensor out = table.forward({{3, 0, 3}, {9, 1, 2}});
  EXPECT_EQ(out.shape(), (Shape{2, 3, 4}));
  EXPECT_EQ(out.select(0, 0).select(0, 0).to_vector(), table.weight().select(0, 3).to_vector());
  EXPECT_EQ(out.select(0, 0).select(0, 2).to_vector(), table.weight().select(0, 3).to_vector());
  EXPECT_EQ(out.select(0, 1).select(0, 0).to_vector(), table.weight().select(0, 9).to_vector());
  EXPECT_NE(out.select(0, 1).select(0, 1).to_vector(), out.select(0, 1).select(0, 2).to_vector());
}

TEST(Embedding, OutOfRangeIdNamesTheIdAndTheVocabulary) {
  Embedding table(50, 8);
  try {
    table.forward({{1, 2}, {3, 50}});
    FAIL() << "id 50 in a vocabulary of 50 was accepted";
  } catch (const std::out_of_range& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("token id 50"), std::string::npos) << message;
    EXPECT_NE(message.find("size 50"), std::string::npos) << message;
  }
  EXPECT_THROW(table.forward({{-1}}), std::out_of_range);
  EXPECT_THROW(table.forward({{1, 2}, {3}}), tinytorch::ShapeError) << "ragged batch";
}

TEST(Embedding, InitialisedLikeGpt2) {
  Embedding table(500, 64, 3);
  const Tensor w = table.weight().reshape({-1});
  const float mean = w.mean(0).item();
  const float var = ((w - mean) * (w - mean)).mean(0).item();
  EXPECT_NEAR(mean, 0.0f, 0.001f);
  EXPECT_NEAR(std::sqrt(var), 0.02f, 0.001f);
}

TEST(PositionalEmbedding, RowsFromTheStartPosition) {
  PositionalEmbedding positions(16, 4, 2);
  const Tensor p = positions.forward(3, 5);
  EXPECT_EQ(p.shape(), (Shape{1, 3, 4}));
  EXPECT_EQ(p.select(0, 0).select(0, 0).to_vector(), positions.weight().select(0, 5).to_vector());
  EXPECT_EQ(p.select(0, 0).select(0, 2).to_vector(), positions.weight().select(0, 7).to_vector());
  EXPECT_TRUE(close_to(positions.forward(1, 15).select(0, 0), positions.weight().slice(0, 15, 16)));
}

TEST(PositionalEmbedding, PastTheEndIsAnError) {
  PositionalEmbedding positions(8, 4);
  EXPECT_NO_THROW(positions.forward(8, 0));
  try {
    positions.forward(2, 7);
    FAIL() << "positions [7, 9) of 8 were accepted";
  } catch (const std::out_of_range& error) {
    EXPECT_NE(std::string(error.what()).find("max_seq_len 8"), std::string::npos) << error.what();
  }
}

TEST(Sinusoidal, HandValuesAndUnitPairs) {
  const Tensor pe = tinytorch::sinusoidal_encoding(50, 8);
  EXPECT_EQ(pe.shape(), (Shape{50, 8}));
  EXPECT_FLOAT_EQ(pe.at({0, 0}), 0.0f);
  EXPECT_FLOAT_EQ(pe.at({0, 1}), 1.0f);
  EXPECT_NEAR(pe.at({1, 0}), std::sin(1.0f), 1e-6f);
  EXPECT_NEAR(pe.at({1, 1}), std::cos(1.0f), 1e-6f);
  EXPECT_NEAR(pe.at({3, 2}), std::sin(3.0f / std::pow(10000.0f, 2.0f / 8.0f)), 1e-6f);
  EXPECT_NEAR(pe.at({7, 5}), std::cos(7.0f / std::pow(10000.0f, 4.0f / 8.0f)), 1e-6f);
  for (int64_t p = 0; p < 50; ++p) {
    const float s = pe.at({p, 4}), c = pe.at({p, 5});
    EXPECT_NEAR(s * s + c * c, 1.0f, 1e-5f) << "sin^2 + cos^2 at position " << p;
  }
}

TEST(Sinusoidal, MatchesTorchFormula) {
  const auto cases = tinytorch::testing::load_fixture("sinusoidal.json");
  const auto& c = cases.at("sinusoidal_12x6");
  EXPECT_TRUE(close_to(tinytorch::sinusoidal_encoding(12, 6), c.expected, 1e-6f));
}
