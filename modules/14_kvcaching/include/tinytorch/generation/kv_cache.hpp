#pragma once
// Module 14 — the KV cache: pre-allocated key and value buffers per layer
// (the storage), with KVCells keeping track of what is filled.
//
//   layer l:  keys   (B, G, max_seq, D)   [ k0 k1 k2 k3 | k4 | . . . . ]
//             values (B, G, max_seq, D)   [ v0 v1 v2 v3 | v4 | . . . . ]
//                                           committed     this step (update, not yet advance)
//
// G is the number of key/value heads: the number of query heads for plain
// multi-head attention, fewer for grouped-query attention — the cache shrinks
// by the same factor. Buffers are float32, zero-filled, allocated once.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tinytorch/core/tensor.hpp"
#include "tinytorch/generation/kv_cells.hpp"

namespace tinytorch {

/// Keys and values of one layer, as views into the cache's buffers: (B, G, n, D) each.
struct KVView {
  Tensor keys;
  Tensor values;
};

/// What the cache occupies.
struct KVMemoryUsage {
  std::string dtype = "float32";
  int64_t bytes_per_element = 4;
  int64_t num_tensors = 0;        ///< 2 per layer (keys and values)
  int64_t total_elements = 0;
  int64_t total_bytes = 0;
  double total_mb = 0;            ///< MiB (2^20 bytes)
  double per_layer_mb = 0;
  std::vector<double> layer_mb;   ///< one entry per layer
};

class KVCache {
 public:
  /// A cache whose key/value heads equal the query heads.
  KVCache(int64_t batch_size, int64_t max_seq_len, int64_t num_layers, int64_t num_heads, int64_t head_dim);
  /// A grouped-query cache: stores num_kv_heads heads (num_heads must be a multiple of it) (Task 14.2).
  KVCache(int64_t batch_size, int64_t max_seq_len, int64_t num_layers, int64_t num_heads, int64_t num_kv_heads,
          int64_t head_dim);

  /// Committed positions: how many every layer holds.
  int64_t seq_pos() const { return cells_.seq_pos(); }
  int64_t batch_size() const { return batch_size_; }
  int64_t max_seq_len() const { return max_seq_len_; }
  int64_t num_layers() const { return static_cast<int64_t>(keys_.size()); }
  int64_t num_heads() const { return num_heads_; }
  int64_t num_kv_heads() const { return num_kv_heads_; }
  int64_t head_dim() const { return head_dim_; }
  /// The bookkeeping, to look at or print (cells().map()).
  const KVCells& cells() const { return cells_; }

  /// Writes key and value, each (B, G, T, D) with T >= 1, at positions [seq_pos, seq_pos + T) of
  /// `layer`; does not advance. T = 1 for a decode step, T = prompt length for prefill. A bad layer,
  /// a shape that does not fit or a full cache throws and changes nothing (Task 14.2).
  void update(int64_t layer, const Tensor& key, const Tensor& value);
  /// Commits the step: every layer must have been updated with `steps` positions (Task 14.2).
  void advance(int64_t steps = 1);
  /// The committed keys and values of `layer`: (B, G, seq_pos, D) views, no copy (Task 14.2).
  KVView get(int64_t layer) const;
  /// The first `n` positions of `layer`, which may include what update() wrote this step, so a new
  /// token attends to itself: n <= seq_pos + (this layer's pending positions) (Task 14.2).
  KVView get(int64_t layer, int64_t n) const;
  /// Back to position 0 with zeroed buffers, ready for a new prompt.
  void reset();
  /// Bytes and elements, in total and per layer (Task 14.3).
  KVMemoryUsage memory_usage() const;

 private:
  int64_t batch_size_;
  int64_t max_seq_len_;
  int64_t num_heads_;
  int64_t num_kv_heads_;
  int64_t head_dim_;
  KVCells cells_;
  std::vector<Tensor> keys_;    // per layer (B, G, max_seq, D)
  std::vector<Tensor> values_;  // per layer (B, G, max_seq, D)
};

/// Makes a cache of this size; its memory is in memory_usage() (Task 14.3).
std::shared_ptr<KVCache> enable_kv_cache(int64_t batch_size, int64_t max_seq_len, int64_t num_layers,
                                         int64_t num_heads, int64_t head_dim);

}  // namespace tinytorch
