#pragma once
// Module 12 — Attention: every position looks at the positions before it and
// takes a weighted average of their values, the weights coming from how well
// its query matches their keys.
//
// Shapes: B batch, T time, C = H * D channels, H query heads, G key/value
// heads (H a multiple of G; G == H is plain multi-head, G == 1 multi-query),
// D head dim.

#include <cstdint>
#include <memory>
#include <vector>

#include "tinytorch/core/layers.hpp"
#include "tinytorch/core/tensor.hpp"

namespace tinytorch {

/// softmax(q k^T / sqrt(D) + mask) v for q (B, H, Tq, D) and k, v (B, G, Tk, D), H a multiple of G:
/// query head h reads key/value head h / (H / G). With `causal`, query i sits at absolute position
/// q_offset + i and sees keys 0 .. q_offset + i only (Task 12.1). Returns (B, H, Tq, D).
Tensor scaled_dot_product_attention(const Tensor& q, const Tensor& k, const Tensor& v, bool causal,
                                    int64_t q_offset = 0);

/// What a transformer block needs from its attention: (B, T, C) -> (B, T, C), the input's first
/// position being absolute position `start_pos`. Module 13 holds attention behind this interface
/// so that another implementation (module 14's cached attention) can take its place.
class Attention {
 public:
  virtual ~Attention() = default;
  /// Attention over x (B, T, C) whose first position is `start_pos`.
  virtual Tensor forward(const Tensor& x, int64_t start_pos) = 0;
  /// Its weights by name ("q_proj.weight", ...); a wrapper reports the weights it wraps.
  virtual std::vector<NamedParameter> parameters() const { return {}; }
};

/// Queries, keys and values split into heads: q (B, H, T, D), k and v (B, G, T, D).
struct HeadProjections {
  Tensor q;
  Tensor k;
  Tensor v;
};

/// Multi-head attention with q/k/v/out projections (with biases, as GPT-2) and grouped-query heads.
class MultiHeadAttention : public Attention {
 public:
  /// embed_dim = num_heads * head_dim; num_kv_heads 0 means num_heads (Task 12.2).
  MultiHeadAttention(int64_t embed_dim, int64_t num_heads, int64_t num_kv_heads = 0, uint64_t seed = 0);

  /// Causal self-attention over x (B, T, C). Positions only matter relative to each other here,
  /// so `start_pos` is not used (Task 12.3).
  Tensor forward(const Tensor& x, int64_t start_pos = 0) override;
  /// q_proj.weight, q_proj.bias, k_proj.*, v_proj.*, out_proj.*
  std::vector<NamedParameter> parameters() const override;

  /// x (B, T, C) -> q (B, H, T, D), k and v (B, G, T, D) (Task 12.2).
  HeadProjections project(const Tensor& x) const;
  /// heads (B, H, T, D) -> merged (B, T, C) -> output projection (Task 12.3).
  Tensor merge_heads(const Tensor& heads) const;

  int64_t embed_dim() const { return embed_dim_; }
  int64_t num_heads() const { return num_heads_; }
  int64_t num_kv_heads() const { return num_kv_heads_; }
  int64_t head_dim() const { return embed_dim_ / num_heads_; }
  /// The projections, readable (and writable through their parameters) from outside.
  const Linear& q_proj() const { return *q_proj_; }
  const Linear& k_proj() const { return *k_proj_; }
  const Linear& v_proj() const { return *v_proj_; }
  const Linear& out_proj() const { return *out_proj_; }

 private:
  int64_t embed_dim_;
  int64_t num_heads_;
  int64_t num_kv_heads_;
  std::shared_ptr<Linear> q_proj_;    // C -> H * D
  std::shared_ptr<Linear> k_proj_;    // C -> G * D
  std::shared_ptr<Linear> v_proj_;    // C -> G * D
  std::shared_ptr<Linear> out_proj_;  // H * D -> C
};

}  // namespace tinytorch
