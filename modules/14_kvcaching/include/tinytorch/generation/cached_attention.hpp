#pragma once
// Module 14 — turning the cache on for a GPT of module 13, without changing
// modules 12 or 13: every block's attention is wrapped (decorator style) by
// a CachedAttention that reuses the original's weights and reads and writes
// the cache; disable_kv_cache puts the originals back.
//
//   block.attention():  MultiHeadAttention            (module 12, as built)
//        enable   ──►   CachedAttention ──wraps──► the same MultiHeadAttention
//        disable  ──►   MultiHeadAttention            (the very same object)

#include <cstdint>
#include <memory>

#include "tinytorch/generation/kv_cache.hpp"
#include "tinytorch/nn/attention.hpp"
#include "tinytorch/nn/gpt.hpp"

namespace tinytorch {

/// Attention of one layer that keeps its keys and values in a KVCache.
class CachedAttention : public Attention {
 public:
  /// Wraps `inner` (its weights are used as they are) as layer `layer` of `cache`.
  CachedAttention(std::shared_ptr<MultiHeadAttention> inner, std::shared_ptr<KVCache> cache, int64_t layer);

  /// x (B, T, C) at positions [start_pos, start_pos + T): projects x, appends its keys and values
  /// to the cache, attends over every cached position up to and including its own (Task 14.4).
  /// start_pos must equal the cache's seq_pos: tokens go in order.
  Tensor forward(const Tensor& x, int64_t start_pos) override;
  /// The wrapped attention's weights.
  std::vector<NamedParameter> parameters() const override { return inner_->parameters(); }

  const std::shared_ptr<MultiHeadAttention>& inner() const { return inner_; }
  const std::shared_ptr<KVCache>& cache() const { return cache_; }
  int64_t layer() const { return layer_; }

 private:
  std::shared_ptr<MultiHeadAttention> inner_;
  std::shared_ptr<KVCache> cache_;
  int64_t layer_;
};

/// Sizes a cache from the model (layers, key/value heads, head dim, max_seq_len) for `batch_size`
/// sequences, and makes every block's attention use it. Enabling again replaces the cache; it never
/// stacks two (Task 14.5).
std::shared_ptr<KVCache> enable_kv_cache(GPT& model, int64_t batch_size = 1);

/// Puts every block's original attention back; a model without a cache is left as it is (Task 14.5).
void disable_kv_cache(GPT& model);

/// The cache the model uses now, or nullptr.
std::shared_ptr<KVCache> kv_cache_of(GPT& model);

}  // namespace tinytorch
