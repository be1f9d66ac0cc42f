#pragma once
// Module 13 — the transformer block and its parts.
//
//   x ──┬── LayerNorm ── attention(·, start_pos) ──(+)──┬── LayerNorm ── MLP ──(+)── out
//       └─────────────── residual ──────────────────────┘└──────── residual ──────┘
//
// The block holds its attention behind the Attention interface of module 12,
// readable and replaceable from outside: module 14 swaps in a cached
// attention that wraps this one, without a line of this module changing.

#include <cstdint>
#include <memory>
#include <vector>

#include "tinytorch/core/layers.hpp"
#include "tinytorch/nn/attention.hpp"

namespace tinytorch {

/// Normalises the last axis to mean 0 and variance 1, then scales and shifts (gamma, beta).
class LayerNorm {
 public:
  explicit LayerNorm(int64_t dim, float eps = 1e-5f);
  /// (..., dim) -> (..., dim) (Task 13.1).
  Tensor forward(const Tensor& x) const;
  /// weight (gamma) and bias (beta), both (dim,).
  std::vector<NamedParameter> parameters() const;

 private:
  float eps_;
  Tensor weight_;
  Tensor bias_;
};

/// Linear(C, hidden) -> GELU (tanh form, as GPT-2) -> Linear(hidden, C).
class MLP {
 public:
  MLP(int64_t dim, int64_t hidden, uint64_t seed = 0);
  /// (..., C) -> (..., C) (Task 13.2).
  Tensor forward(const Tensor& x) const;
  /// fc.weight, fc.bias, proj.weight, proj.bias
  std::vector<NamedParameter> parameters() const;

 private:
  std::shared_ptr<Linear> fc_;
  std::shared_ptr<Linear> proj_;
};

/// A pre-LayerNorm transformer block with residual connections.
class TransformerBlock {
 public:
  TransformerBlock(int64_t dim, int64_t num_heads, int64_t num_kv_heads, int64_t mlp_hidden, uint64_t seed = 0);
  /// x (B, T, C) whose first position is `start_pos` -> (B, T, C) (Task 13.3).
  Tensor forward(const Tensor& x, int64_t start_pos = 0);
  /// The attention this block uses now.
  const std::shared_ptr<Attention>& attention() const { return attention_; }
  /// Replaces the attention (for example with one that caches keys and values).
  void set_attention(std::shared_ptr<Attention> attention);
  /// ln1.*, attn.*, ln2.*, mlp.*
  std::vector<NamedParameter> parameters() const;

 private:
  LayerNorm ln1_;
  std::shared_ptr<Attention> attention_;
  LayerNorm ln2_;
  MLP mlp_;
};

}  // namespace tinytorch
