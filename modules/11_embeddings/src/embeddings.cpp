// Module 11 — Embeddings.
//
//   tokens (B, T) ids        weight (V, C)              out (B, T, C)
//   [[5, 2, 9]]       -->    row 5, row 2, row 9   -->  [[w5, w2, w9]]
//
// A lookup is a copy of rows: no arithmetic. Positions get their own table
// (learned, as in GPT-2) or a fixed pattern of sines and cosines (as in the
// original transformer); either is added to the token vectors.

#include "tinytorch/text/embeddings.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

#include "tinytorch/core/errors.hpp"
#include "tinytorch/core/not_implemented.hpp"

namespace tinytorch {

void check_token_batch(const TokenBatch& tokens) {
  if (tokens.empty() || tokens.front().empty()) throw ShapeError("token batch is empty: need at least 1 x 1 tokens");
  for (std::size_t b = 1; b < tokens.size(); ++b) {
    if (tokens[b].size() != tokens.front().size()) {
      throw ShapeError("token batch is not rectangular: row " + std::to_string(b) + " has " +
                       std::to_string(tokens[b].size()) + " tokens, row 0 has " + std::to_string(tokens[0].size()));
    }
  }
}

Embedding::Embedding(int64_t vocab_size, int64_t dim, uint64_t seed) {
  if (vocab_size <= 0 || dim <= 0) {
    throw std::invalid_argument("Embedding: sizes must be positive, not vocab=" + std::to_string(vocab_size) +
                                " dim=" + std::to_string(dim));
  }
  // BEGIN SOLUTION Task 11.1: Embedding::Embedding initialisation
  // Small weights (std 0.02, as GPT-2): token vectors start near the origin.
  weight_ = Tensor::randn({vocab_size, dim}, seed, 0.0f, 0.02f);  // (V, C)
  // END SOLUTION
}

Tensor Embedding::forward(const TokenBatch& tokens) const {
  // BEGIN SOLUTION Task 11.1: Embedding::forward
  check_token_batch(tokens);
  const auto batch = static_cast<int64_t>(tokens.size());
  const auto time = static_cast<int64_t>(tokens.front().size());
  const int64_t c = dim();
  Tensor out = Tensor::zeros({batch, time, c});  // (B, T, C)
  for (int64_t b = 0; b < batch; ++b) {
    for (int64_t t = 0; t < time; ++t) {
      const int id = tokens[b][t];
      if (id < 0 || id >= vocab_size()) {
        throw std::out_of_range("Embedding: token id " + std::to_string(id) + " at [" + std::to_string(b) + "][" +
                                std::to_string(t) + "] is outside the vocabulary of size " +
                                std::to_string(vocab_size()));
      }
      std::memcpy(out.data() + (b * time + t) * c, weight_.data() + id * c, static_cast<std::size_t>(c) * sizeof(float));
    }
  }
  return out;
  // END SOLUTION
}

PositionalEmbedding::PositionalEmbedding(int64_t max_seq_len, int64_t dim, uint64_t seed)
    : weight_(Tensor::randn({max_seq_len, dim}, seed, 0.0f, 0.02f)) {}

Tensor PositionalEmbedding::forward(int64_t time, int64_t start_pos) const {
  // BEGIN SOLUTION Task 11.2: PositionalEmbedding::forward
  if (start_pos < 0 || time <= 0 || start_pos + time > max_seq_len()) {
    throw std::out_of_range("PositionalEmbedding: positions [" + std::to_string(start_pos) + ", " +
                            std::to_string(start_pos + time) + ") do not fit max_seq_len " +
                            std::to_string(max_seq_len()));
  }
  return weight_.slice(0, start_pos, start_pos + time).unsqueeze(0);  // (1, T, C), a view
  // END SOLUTION
}

Tensor sinusoidal_encoding(int64_t max_seq_len, int64_t dim) {
  // BEGIN SOLUTION Task 11.3: sinusoidal_encoding
  // Each pair of columns is a sine and cosine of one frequency; frequencies
  // fall geometrically from 1 to 1/10000, so every position gets a unique,
  // smoothly varying code and relative offsets are linear maps of it.
  Tensor pe = Tensor::zeros({max_seq_len, dim});  // (T, C)
  for (int64_t p = 0; p < max_seq_len; ++p) {
    for (int64_t i = 0; i < dim; i += 2) {
      const double angle = static_cast<double>(p) / std::pow(10000.0, static_cast<double>(i) / static_cast<double>(dim));
      pe.at({p, i}) = static_cast<float>(std::sin(angle));
      if (i + 1 < dim) pe.at({p, i + 1}) = static_cast<float>(std::cos(angle));
    }
  }
  return pe;
  // END SOLUTION
}

}  // namespace tinytorch
