// Module 14 — KVCache: the storage.
//
// update() copies the new keys/values into the pre-allocated buffers through
// a slice view: the cost depends on the new positions only, never on how
// many are already filled. get() returns slices of the buffers: no copy.

#include "tinytorch/generation/kv_cache.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "tinytorch/core/errors.hpp"
#include "tinytorch/core/not_implemented.hpp"

namespace tinytorch {

KVCache::KVCache(int64_t batch_size, int64_t max_seq_len, int64_t num_layers, int64_t num_heads, int64_t head_dim)
    : KVCache(batch_size, max_seq_len, num_layers, num_heads, num_heads, head_dim) {}

KVCache::KVCache(int64_t batch_size, int64_t max_seq_len, int64_t num_layers, int64_t num_heads,
                 int64_t num_kv_heads, int64_t head_dim)
    : batch_size_(batch_size),
      max_seq_len_(max_seq_len),
      num_heads_(num_heads),
      num_kv_heads_(num_kv_heads),
      head_dim_(head_dim),
      cells_(std::max<int64_t>(batch_size, 1), std::max<int64_t>(max_seq_len, 1), std::max<int64_t>(num_layers, 1)) {
  if (batch_size <= 0 || max_seq_len <= 0 || num_layers <= 0 || num_heads <= 0 || num_kv_heads <= 0 || head_dim <= 0) {
    throw std::invalid_argument("KVCache: every size must be positive, got batch_size=" + std::to_string(batch_size) +
                                " max_seq_len=" + std::to_string(max_seq_len) + " num_layers=" +
                                std::to_string(num_layers) + " num_heads=" + std::to_string(num_heads) +
                                " num_kv_heads=" + std::to_string(num_kv_heads) + " head_dim=" +
                                std::to_string(head_dim));
  }
  if (num_heads % num_kv_heads != 0) {
    throw std::invalid_argument("KVCache: num_heads " + std::to_string(num_heads) + " is not a multiple of num_kv_heads " +
                                std::to_string(num_kv_heads));
  }
  // BEGIN SOLUTION Task 14.2: KVCache buffers
  // Everything is allocated here, once: generation itself allocates nothing in the cache.
  for (int64_t layer = 0; layer < num_layers; ++layer) {
    keys_.push_back(Tensor::zeros({batch_size, num_kv_heads, max_seq_len, head_dim}));    // (B, G, S, D)
    values_.push_back(Tensor::zeros({batch_size, num_kv_heads, max_seq_len, head_dim}));  // (B, G, S, D)
  }
  // END SOLUTION
}

void KVCache::update(int64_t layer, const Tensor& key, const Tensor& value) {
  // BEGIN SOLUTION Task 14.2: KVCache::update
  for (const Tensor* t : {&key, &value}) {
    if (t->dim() != 4 || t->size(0) != batch_size_ || t->size(1) != num_kv_heads_ || t->size(3) != head_dim_ ||
        t->size(2) < 1 || key.shape() != value.shape()) {
      throw ShapeError("KV cache update: key " + shape_str(key.shape()) + " and value " + shape_str(value.shape()) +
                       " must both be (" + std::to_string(batch_size_) + ", " + std::to_string(num_kv_heads_) +
                       ", T, " + std::to_string(head_dim_) + ") with T >= 1");
    }
  }
  const int64_t count = key.size(2);
  const int64_t start = cells_.seq_pos();
  cells_.begin_write(layer, count);  // checks the layer, the step and the room; throws before any write
  keys_[layer].slice(2, start, start + count).copy_from(key);      // (B, G, T, D) into the buffer
  values_[layer].slice(2, start, start + count).copy_from(value);  // (B, G, T, D) into the buffer
  // END SOLUTION
}

void KVCache::advance(int64_t steps) {
  // BEGIN SOLUTION Task 14.2: KVCache::advance
  cells_.commit(steps);
  // END SOLUTION
}

KVView KVCache::get(int64_t layer) const { return get(layer, cells_.seq_pos()); }

KVView KVCache::get(int64_t layer, int64_t n) const {
  // BEGIN SOLUTION Task 14.2: KVCache::get
  const int64_t readable = cells_.readable(layer);  // checks the layer
  if (n < 0 || n > readable) {
    throw std::out_of_range("KV cache get: layer " + std::to_string(layer) + " holds " + std::to_string(readable) +
                            " readable position(s), not " + std::to_string(n));
  }
  return {keys_[layer].slice(2, 0, n), values_[layer].slice(2, 0, n)};  // (B, G, n, D) views
  // END SOLUTION
}

namespace {

// Zeroes positions [0, used) of a (B, G, S, D) buffer, one contiguous (used, D) run per (b, g).
void zero_positions(Tensor& buffer, int64_t used) {
  Tensor part = buffer.slice(2, 0, used);  // (B, G, used, D), a view
  const Shape& stride = part.strides();
  if (stride[3] != 1 || stride[2] != part.size(3)) {  // an unusual layout: the general (slow) copy
    part.copy_from(Tensor::zeros({1}));
    return;
  }
  for (int64_t b = 0; b < part.size(0); ++b) {
    for (int64_t g = 0; g < part.size(1); ++g) {
      float* run = part.data() + b * stride[0] + g * stride[1];
      std::fill(run, run + used * part.size(3), 0.0f);
    }
  }
}

}  // namespace

void KVCache::reset() {
  // Only positions a step has written can be non-zero, so only those are cleared: a reset
  // costs what the last generation used, not max_seq_len (72 MiB for GPT-2 small).
  const int64_t used = std::min(max_seq_len_, cells_.seq_pos() + cells_.pending());
  cells_.reset();
  for (std::size_t layer = 0; layer < keys_.size(); ++layer) {
    zero_positions(keys_[layer], used);
    zero_positions(values_[layer], used);
  }
}

KVMemoryUsage KVCache::memory_usage() const {
  // BEGIN SOLUTION Task 14.3: KVCache::memory_usage
  // 2 (keys, values) x layers x B x G x max_seq x D x 4 bytes
  KVMemoryUsage usage;
  usage.num_tensors = 2 * num_layers();
  for (int64_t layer = 0; layer < num_layers(); ++layer) {
    const int64_t elements = keys_[layer].numel() + values_[layer].numel();
    usage.total_elements += elements;
    usage.layer_mb.push_back(static_cast<double>(elements * usage.bytes_per_element) / (1 << 20));
  }
  usage.total_bytes = usage.total_elements * usage.bytes_per_element;
  usage.total_mb = static_cast<double>(usage.total_bytes) / (1 << 20);
  usage.per_layer_mb = usage.total_mb / static_cast<double>(num_layers());
  return usage;
  // END SOLUTION
}

std::shared_ptr<KVCache> enable_kv_cache(int64_t batch_size, int64_t max_seq_len, int64_t num_layers,
                                         int64_t num_heads, int64_t head_dim) {
  // BEGIN SOLUTION Task 14.3: enable_kv_cache (sizes)
  return std::make_shared<KVCache>(batch_size, max_seq_len, num_layers, num_heads, head_dim);
  // END SOLUTION
}

}  // namespace tinytorch
