#pragma once
// Module 11 — Embeddings: from token ids to vectors a network can compute
// with, and a sense of position, since attention itself is order-blind.

#include <cstdint>
#include <vector>

#include "tinytorch/core/tensor.hpp"

namespace tinytorch {

/// A batch of token sequences, all of one length: tokens[b][t].
using TokenBatch = std::vector<std::vector<int>>;

/// Checks that `tokens` is a non-empty rectangle; throws naming the row that differs.
void check_token_batch(const TokenBatch& tokens);

/// A table of one learned vector per token id: weight (vocab, dim).
class Embedding {
 public:
  /// Weights drawn from N(0, 0.02), as GPT-2 initialises them, with a seeded generator.
  Embedding(int64_t vocab_size, int64_t dim, uint64_t seed = 0);
  /// (B, T) ids -> (B, T, dim); an id outside [0, vocab) is an error naming it and the vocabulary size (Task 11.1).
  Tensor forward(const TokenBatch& tokens) const;
  /// (vocab, dim); shares storage, so writing into it changes the table.
  const Tensor& weight() const { return weight_; }
  int64_t vocab_size() const { return weight_.size(0); }
  int64_t dim() const { return weight_.size(1); }

 private:
  Tensor weight_;
};

/// One learned vector per position: weight (max_seq_len, dim).
class PositionalEmbedding {
 public:
  PositionalEmbedding(int64_t max_seq_len, int64_t dim, uint64_t seed = 0);
  /// Rows [start_pos, start_pos + time) as (1, time, dim), ready to broadcast over a batch (Task 11.2).
  Tensor forward(int64_t time, int64_t start_pos = 0) const;
  const Tensor& weight() const { return weight_; }
  int64_t max_seq_len() const { return weight_.size(0); }

 private:
  Tensor weight_;
};

/// Fixed encodings (max_seq_len, dim): PE[p, 2i] = sin(p / 10000^(2i/dim)), PE[p, 2i+1] = cos(same) (Task 11.3).
Tensor sinusoidal_encoding(int64_t max_seq_len, int64_t dim);

}  // namespace tinytorch
