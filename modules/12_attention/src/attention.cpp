// Module 12 — Attention.
//
//   x (B, T, C)
//    | q_proj, k_proj, v_proj                       (Linear layers of module 03)
//    v
//   q (B, T, H*D) -> (B, T, H, D) -> permute -> (B, H, T, D)     k, v the same with G heads
//    |
//    | per (batch b, head h):  scores = q_bh @ k_bg^T / sqrt(D)    (T, T)
//    |                         mask j > i with -inf (causal)
//    |                         weights = softmax(scores, -1)        rows sum to 1
//    |                         out_bh = weights @ v_bg              (T, D)
//    v
//   (B, H, T, D) -> permute -> (B, T, H, D) -> reshape (B, T, C) -> out_proj -> (B, T, C)
//
// With grouped-query attention (G < H), query heads h share key/value head
// g = h / (H / G): fewer keys and values to compute and, in module 14, to cache.

#include "tinytorch/nn/attention.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "tinytorch/core/activations.hpp"
#include "tinytorch/core/errors.hpp"
#include "tinytorch/core/not_implemented.hpp"

namespace tinytorch {

Tensor scaled_dot_product_attention(const Tensor& q, const Tensor& k, const Tensor& v, bool causal,
                                    int64_t q_offset) {
  // BEGIN SOLUTION Task 12.1: scaled_dot_product_attention
  if (q.dim() != 4 || k.dim() != 4 || v.dim() != 4 || k.shape() != v.shape() || q.size(0) != k.size(0) ||
      q.size(3) != k.size(3) || k.size(1) == 0 || q.size(1) % k.size(1) != 0) {
    throw ShapeError("scaled_dot_product_attention: q " + shape_str(q.shape()) + ", k " + shape_str(k.shape()) +
                     ", v " + shape_str(v.shape()) + " do not fit (B, H, Tq, D), (B, G, Tk, D) with H a multiple of G");
  }
  const int64_t batch = q.size(0), heads = q.size(1), tq = q.size(2), d = q.size(3);
  const int64_t kv_heads = k.size(1), tk = k.size(2);
  const int64_t group = heads / kv_heads;
  if (causal && q_offset + tq > tk) {
    throw ShapeError("scaled_dot_product_attention: queries reach position " + std::to_string(q_offset + tq) +
                     " but only " + std::to_string(tk) + " keys are given");
  }
  const float scale = 1.0f / std::sqrt(static_cast<float>(d));
  Tensor out = Tensor::zeros({batch, heads, tq, d});  // (B, H, Tq, D)
  for (int64_t b = 0; b < batch; ++b) {
    for (int64_t h = 0; h < heads; ++h) {
      const Tensor qh = q.select(0, b).select(0, h);              // (Tq, D)
      const Tensor kh = k.select(0, b).select(0, h / group);      // (Tk, D)
      const Tensor vh = v.select(0, b).select(0, h / group);      // (Tk, D)
      Tensor scores = qh.matmul(kh.transpose(0, 1)) * scale;      // (Tq, Tk)
      if (causal) {  // scores is a fresh contiguous tensor: row i starts at i * Tk
        float* row = scores.data();
        for (int64_t i = 0; i < tq; ++i, row += tk) {
          for (int64_t j = q_offset + i + 1; j < tk; ++j) row[j] = -std::numeric_limits<float>::infinity();
        }
      }
      const Tensor weights = softmax(scores, -1);                 // (Tq, Tk), rows sum to 1
      out.select(0, b).select(0, h).copy_from(weights.matmul(vh));  // (Tq, D)
    }
  }
  return out;
  // END SOLUTION
}

MultiHeadAttention::MultiHeadAttention(int64_t embed_dim, int64_t num_heads, int64_t num_kv_heads, uint64_t seed)
    : embed_dim_(embed_dim), num_heads_(num_heads), num_kv_heads_(num_kv_heads == 0 ? num_heads : num_kv_heads) {
  if (num_heads <= 0 || embed_dim <= 0 || embed_dim % num_heads != 0) {
    throw std::invalid_argument("MultiHeadAttention: embed_dim " + std::to_string(embed_dim) +
                                " is not divisible by num_heads " + std::to_string(num_heads));
  }
  if (num_kv_heads_ <= 0 || num_heads % num_kv_heads_ != 0) {
    throw std::invalid_argument("MultiHeadAttention: num_heads " + std::to_string(num_heads) +
                                " is not a multiple of num_kv_heads " + std::to_string(num_kv_heads_));
  }
  // BEGIN SOLUTION Task 12.2: MultiHeadAttention projections
  const int64_t d = embed_dim / num_heads;
  q_proj_ = std::make_shared<Linear>(embed_dim, num_heads * d, true, Init::kXavierUniform, seed);
  k_proj_ = std::make_shared<Linear>(embed_dim, num_kv_heads_ * d, true, Init::kXavierUniform, seed + 1);
  v_proj_ = std::make_shared<Linear>(embed_dim, num_kv_heads_ * d, true, Init::kXavierUniform, seed + 2);
  out_proj_ = std::make_shared<Linear>(num_heads * d, embed_dim, true, Init::kXavierUniform, seed + 3);
  // END SOLUTION
}

HeadProjections MultiHeadAttention::project(const Tensor& x) const {
  // BEGIN SOLUTION Task 12.2: MultiHeadAttention::project
  if (x.dim() != 3 || x.size(2) != embed_dim_) {
    throw ShapeError("MultiHeadAttention: input " + shape_str(x.shape()) + " is not (B, T, " +
                     std::to_string(embed_dim_) + ")");
  }
  const int64_t batch = x.size(0), time = x.size(1), d = head_dim();
  auto split = [&](const Tensor& y, int64_t heads) {
    return y.reshape({batch, time, heads, d}).permute({0, 2, 1, 3});  // (B, T, heads*D) -> (B, heads, T, D)
  };
  return {split(q_proj_->forward(x), num_heads_), split(k_proj_->forward(x), num_kv_heads_),
          split(v_proj_->forward(x), num_kv_heads_)};
  // END SOLUTION
}

Tensor MultiHeadAttention::merge_heads(const Tensor& heads) const {
  // BEGIN SOLUTION Task 12.3: MultiHeadAttention::merge_heads
  const int64_t batch = heads.size(0), time = heads.size(2);
  const Tensor merged = heads.permute({0, 2, 1, 3}).reshape({batch, time, embed_dim_});  // (B, T, C)
  return out_proj_->forward(merged);                                                      // (B, T, C)
  // END SOLUTION
}

Tensor MultiHeadAttention::forward(const Tensor& x, int64_t /*start_pos*/) {
  // BEGIN SOLUTION Task 12.3: MultiHeadAttention::forward
  const HeadProjections heads = project(x);
  return merge_heads(scaled_dot_product_attention(heads.q, heads.k, heads.v, /*causal=*/true));
  // END SOLUTION
}

}  // namespace tinytorch

namespace tinytorch {

std::vector<NamedParameter> MultiHeadAttention::parameters() const {
  std::vector<NamedParameter> list;
  const std::pair<const char*, const Linear*> parts[] = {
      {"q_proj", q_proj_.get()}, {"k_proj", k_proj_.get()}, {"v_proj", v_proj_.get()}, {"out_proj", out_proj_.get()}};
  for (const auto& [prefix, layer] : parts) {
    for (auto& [name, tensor] : layer->parameters()) list.emplace_back(std::string(prefix) + "." + name, tensor);
  }
  return list;
}

}  // namespace tinytorch
