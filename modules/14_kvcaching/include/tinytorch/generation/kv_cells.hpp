#pragma once
// Module 14 — the bookkeeping half of a KV cache (after llama.cpp's cells):
// which positions of which sequence are filled, and which layers have written
// the step in progress. No tensors here, so it can be tested on its own.
//
//   positions:      0 1 2 3 4 5 6 7          capacity 8
//   sequence 0:    [# # # # + . . .]         # committed (readable by every layer)
//   sequence 1:    [# # # # + . . .]         + pending: written this step by some layers
//                           ^ seq_pos = 4      . empty
//
// A step: every layer writes its new keys/values at [seq_pos, seq_pos + n)
// (begin_write), each layer may read them at once (readable), then commit(n)
// moves seq_pos on. Ranges are half-open [p0, p1).

#include <cstdint>
#include <string>
#include <vector>

namespace tinytorch {

class KVCells {
 public:
  /// Tracks `batch` sequences of up to `capacity` positions, written by `num_layers` layers.
  KVCells(int64_t batch, int64_t capacity, int64_t num_layers);

  int64_t batch() const { return batch_; }
  int64_t capacity() const { return capacity_; }
  int64_t num_layers() const { return num_layers_; }
  /// Committed positions, the same for every sequence: [0, seq_pos) is filled.
  int64_t seq_pos() const { return seq_pos_; }
  /// Positions of the step in progress (0 when no layer has written since the last commit).
  int64_t pending() const { return pending_; }

  /// Records that `layer` writes `count` positions at [seq_pos, seq_pos + count).
  /// Precondition, checked (nothing changes when it fails): the layer exists and has not written
  /// this step, count >= 1, count equals what the other layers wrote this step, and the positions
  /// fit in the capacity (Task 14.1).
  void begin_write(int64_t layer, int64_t count);

  /// Positions `layer` may read now: the committed ones plus the step it has written itself (Task 14.1).
  int64_t readable(int64_t layer) const;

  /// Ends the step: every layer must have written exactly `count` positions (Task 14.1).
  void commit(int64_t count = 1);

  /// Empties every sequence.
  void reset();

  /// True when `position` of `sequence` holds committed keys and values.
  bool filled(int64_t sequence, int64_t position) const;

  /// A picture of the cells, one line per sequence ('#' committed, '+' pending, '.' empty).
  std::string map(int64_t width = 64) const;

 private:
  int64_t batch_;
  int64_t capacity_;
  int64_t num_layers_;
  int64_t seq_pos_ = 0;
  int64_t pending_ = 0;
  std::vector<bool> written_;  // per layer: wrote the step in progress
};

}  // namespace tinytorch
