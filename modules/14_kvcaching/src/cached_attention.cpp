// Module 14 — CachedAttention, and enabling the cache on a model.
//
// One decode step in layer l, for a token at position p:
//
//   x (B, 1, C) ─ inner.project ─► q (B, H, 1, D), k, v (B, G, 1, D)
//                                  cache.update(l, k, v)          writes position p
//                                  cache.get(l, p + 1)            keys/values 0..p, the new one included
//   sdpa(q, keys, values, causal, q_offset = p) ─► (B, H, 1, D) ─ inner.merge_heads ─► (B, 1, C)
//
// Prefill is the same with T prompt tokens at once (p = 0, T positions).

#include "tinytorch/generation/cached_attention.hpp"

#include <stdexcept>
#include <string>

#include "tinytorch/core/not_implemented.hpp"

namespace tinytorch {

CachedAttention::CachedAttention(std::shared_ptr<MultiHeadAttention> inner, std::shared_ptr<KVCache> cache,
                                 int64_t layer)
    : inner_(std::move(inner)), cache_(std::move(cache)), layer_(layer) {
  if (!inner_ || !cache_) throw std::invalid_argument("CachedAttention: attention and cache must not be null");
}

Tensor CachedAttention::forward(const Tensor& x, int64_t start_pos) {
  // BEGIN SOLUTION Task 14.4: CachedAttention::forward
  if (start_pos != cache_->seq_pos()) {
    throw std::logic_error("cached attention (layer " + std::to_string(layer_) + "): tokens at position " +
                           std::to_string(start_pos) + " but the cache holds " + std::to_string(cache_->seq_pos()) +
                           " positions; feed tokens in order from the cache's position, or reset() it");
  }
  const HeadProjections heads = inner_->project(x);  // q (B, H, T, D), k and v (B, G, T, D)
  const int64_t time = heads.q.size(2);
  cache_->update(layer_, heads.k, heads.v);                 // positions [p, p + T)
  const KVView past = cache_->get(layer_, start_pos + time);  // (B, G, p + T, D), this step included
  const Tensor out = scaled_dot_product_attention(heads.q, past.keys, past.values, /*causal=*/true, start_pos);
  return inner_->merge_heads(out);  // (B, T, C)
  // END SOLUTION
}

std::shared_ptr<KVCache> kv_cache_of(GPT& model) {
  const auto cached = std::dynamic_pointer_cast<CachedAttention>(model.block(0).attention());
  return cached ? cached->cache() : nullptr;
}

void disable_kv_cache(GPT& model) {
  // BEGIN SOLUTION Task 14.5: disable_kv_cache
  for (int64_t i = 0; i < model.num_layers(); ++i) {
    if (const auto cached = std::dynamic_pointer_cast<CachedAttention>(model.block(i).attention())) {
      model.block(i).set_attention(cached->inner());
    }
  }
  // END SOLUTION
}

std::shared_ptr<KVCache> enable_kv_cache(GPT& model, int64_t batch_size) {
  // BEGIN SOLUTION Task 14.5: enable_kv_cache (model)
  disable_kv_cache(model);  // enabling twice replaces the cache, never wraps a wrapper
  const GPTConfig& config = model.config();
  std::vector<std::shared_ptr<MultiHeadAttention>> originals;
  for (int64_t i = 0; i < model.num_layers(); ++i) {
    auto mha = std::dynamic_pointer_cast<MultiHeadAttention>(model.block(i).attention());
    if (!mha) {
      throw std::invalid_argument("enable_kv_cache: block " + std::to_string(i) +
                                  "'s attention is not a MultiHeadAttention, so its keys and values cannot be cached");
    }
    originals.push_back(std::move(mha));
  }
  auto cache = std::make_shared<KVCache>(batch_size, config.max_seq_len, config.num_layers, config.num_heads,
                                         config.kv_heads(), config.head_dim());
  for (int64_t i = 0; i < model.num_layers(); ++i) {
    model.block(i).set_attention(std::make_shared<CachedAttention>(originals[i], cache, i));
  }
  return cache;
  // END SOLUTION
}

}  // namespace tinytorch
