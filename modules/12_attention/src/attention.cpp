// Module 12 — Attention.
//
//   x (B, T, C)
//    | q_proj, k_proj, v_proj                       (Linear layers of module 03)
//    v
//   q (B, T, H*D) -> (B, T, H, D) -> permute -> (B, H, T, D)     k, v the same with G heads
//    |
//    | per (batch b, head h, query row i), over the keys j <= i it may see (causal):
//    |                         scores = k_bg[0..i] q_bhi / sqrt(D)  (i+1,)  one dot product per key
//    |                         weights = softmax(scores)            sums to 1
//    |                         out_bhi = weights @ v_bg[0..i]       (D,)
//    v
//   (B, H, T, D) -> permute -> (B, T, H, D) -> reshape (B, T, C) -> out_proj -> (B, T, C)
//
// With grouped-query attention (G < H), query heads h share key/value head
// g = h / (H / G): fewer keys and values to compute and, in module 14, to cache.

#include "tinytorch/nn/attention.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "tinytorch/core/activations.hpp"
#include "tinytorch/core/errors.hpp"
#include "tinytorch/core/kernels.hpp"
#include "tinytorch/core/not_implemented.hpp"
#include "tinytorch/core/parallel.hpp"

namespace tinytorch {

namespace {

// A view whose last axis is contiguous, so each (b, h, t) row is a plain float array.
Tensor with_contiguous_rows(const Tensor& t) { return t.strides()[3] == 1 ? t : t.contiguous(); }

// One query row against its key/value head, reading only the `visible` keys:
//   scores = K[0:visible] q * scale        (visible,)   one dot product per key (kernels::gemv_rows)
//   weights = softmax(scores)              (visible,)   in place, max subtracted first
//   out = weights @ V[0:visible]           (D,)         a weighted sum of value rows (kernels::gemv_cols)
// Masked keys are never computed: exp(-inf) would make their weight exactly 0 anyway.
void attend_row(const float* q, const float* k, int64_t k_row_stride, const float* v, int64_t v_row_stride,
                int64_t visible, int64_t d, float scale, float* scores, float* out) {
  // BEGIN SOLUTION Task 12.1: attend_row
  if (visible == 0) {  // nothing to attend to (non-causal with no keys): a zero row
    std::fill(out, out + d, 0.0f);
    return;
  }
  kernels::gemv_rows(k, visible, d, k_row_stride, q, scores);
  float max = -std::numeric_limits<float>::infinity();
  for (int64_t j = 0; j < visible; ++j) max = std::max(max, scores[j] *= scale);
  float sum = 0.0f;
  for (int64_t j = 0; j < visible; ++j) sum += (scores[j] = std::exp(scores[j] - max));
  kernels::gemv_cols(v, visible, d, v_row_stride, scores, out);  // sum_j e_j v_j, then divide once
  const float inv_sum = 1.0f / sum;
  for (int64_t i = 0; i < d; ++i) out[i] *= inv_sum;
  // END SOLUTION
}

}  // namespace

Tensor scaled_dot_product_attention(const Tensor& q_in, const Tensor& k_in, const Tensor& v_in, bool causal,
                                    int64_t q_offset) {
  // BEGIN SOLUTION Task 12.1: scaled_dot_product_attention
  if (q_in.dim() != 4 || k_in.dim() != 4 || v_in.dim() != 4 || k_in.shape() != v_in.shape() ||
      q_in.size(0) != k_in.size(0) || q_in.size(3) != k_in.size(3) || k_in.size(1) == 0 ||
      q_in.size(1) % k_in.size(1) != 0) {
    throw ShapeError("scaled_dot_product_attention: q " + shape_str(q_in.shape()) + ", k " + shape_str(k_in.shape()) +
                     ", v " + shape_str(v_in.shape()) + " do not fit (B, H, Tq, D), (B, G, Tk, D) with H a multiple of G");
  }
  const int64_t batch = q_in.size(0), heads = q_in.size(1), tq = q_in.size(2), d = q_in.size(3);
  const int64_t kv_heads = k_in.size(1), tk = k_in.size(2);
  const int64_t group = heads / kv_heads;
  if (q_offset < 0) {
    throw ShapeError("scaled_dot_product_attention: q_offset " + std::to_string(q_offset) + " is negative");
  }
  if (causal && q_offset + tq > tk) {
    throw ShapeError("scaled_dot_product_attention: queries reach position " + std::to_string(q_offset + tq) +
                     " but only " + std::to_string(tk) + " keys are given");
  }
  // Strided views are read in place (a KV cache slice, a permuted projection): no copies of k and v.
  const Tensor q = with_contiguous_rows(q_in), k = with_contiguous_rows(k_in), v = with_contiguous_rows(v_in);
  const float scale = 1.0f / std::sqrt(static_cast<float>(d));
  Tensor out = Tensor::zeros({batch, heads, tq, d});  // (B, H, Tq, D)

  // Every (b, h) pair is independent: split them over the threads once there is enough work.
  const int64_t work_per_pair = std::max<int64_t>(1, tq * tk * d);
  parallel_for(batch * heads, std::max<int64_t>(1, (int64_t{1} << 16) / work_per_pair), [&](int64_t first,
                                                                                          int64_t last) {
    std::vector<float> scores(static_cast<std::size_t>(tk));
    for (int64_t pair = first; pair < last; ++pair) {
      const int64_t b = pair / heads, h = pair % heads, g = h / group;  // query head h reads kv head g
      const float* q_bh = q.data() + b * q.strides()[0] + h * q.strides()[1];    // (Tq, D) rows
      const float* k_bg = k.data() + b * k.strides()[0] + g * k.strides()[1];    // (Tk, D) rows
      const float* v_bg = v.data() + b * v.strides()[0] + g * v.strides()[1];    // (Tk, D) rows
      float* out_bh = out.data() + pair * tq * d;                                // (Tq, D), contiguous
      for (int64_t i = 0; i < tq; ++i) {
        const int64_t visible = causal ? q_offset + i + 1 : tk;  // query i sits at position q_offset + i
        attend_row(q_bh + i * q.strides()[2], k_bg, k.strides()[2], v_bg, v.strides()[2], visible, d, scale,
                   scores.data(), out_bh + i * d);
      }
    }
  });
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
