// Module 14 — KVCells: positions and steps, without tensors.

#include "tinytorch/generation/kv_cells.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "tinytorch/core/not_implemented.hpp"

namespace tinytorch {

KVCells::KVCells(int64_t batch, int64_t capacity, int64_t num_layers)
    : batch_(batch), capacity_(capacity), num_layers_(num_layers) {
  if (batch <= 0 || capacity <= 0 || num_layers <= 0) {
    throw std::invalid_argument("KVCells: batch, capacity and num_layers must be positive, not " +
                                std::to_string(batch) + ", " + std::to_string(capacity) + ", " +
                                std::to_string(num_layers));
  }
  written_.assign(static_cast<std::size_t>(num_layers), false);
}

void KVCells::begin_write(int64_t layer, int64_t count) {
  // BEGIN SOLUTION Task 14.1: KVCells::begin_write
  // Check everything before changing anything: a rejected call leaves the cells as they were.
  if (layer < 0 || layer >= num_layers_) {
    throw std::out_of_range("KV cache: layer " + std::to_string(layer) + " is out of range [0, " +
                            std::to_string(num_layers_) + ")");
  }
  if (count < 1) throw std::invalid_argument("KV cache: a write needs at least 1 position, not " + std::to_string(count));
  if (written_[layer]) {
    throw std::logic_error("KV cache: layer " + std::to_string(layer) +
                           " was already written in this step; call advance() before the next step");
  }
  if (pending_ != 0 && count != pending_) {
    throw std::invalid_argument("KV cache: layer " + std::to_string(layer) + " writes " + std::to_string(count) +
                                " positions but other layers wrote " + std::to_string(pending_) + " in this step");
  }
  if (seq_pos_ + count > capacity_) {
    throw std::length_error("KV cache full: positions [" + std::to_string(seq_pos_) + ", " +
                            std::to_string(seq_pos_ + count) + ") do not fit max_seq_len " + std::to_string(capacity_) +
                            "; reset() the cache or make it larger");
  }
  written_[layer] = true;
  pending_ = count;
  // END SOLUTION
}

int64_t KVCells::readable(int64_t layer) const {
  // BEGIN SOLUTION Task 14.1: KVCells::readable
  if (layer < 0 || layer >= num_layers_) {
    throw std::out_of_range("KV cache: layer " + std::to_string(layer) + " is out of range [0, " +
                            std::to_string(num_layers_) + ")");
  }
  return seq_pos_ + (written_[layer] ? pending_ : 0);
  // END SOLUTION
}

void KVCells::commit(int64_t count) {
  // BEGIN SOLUTION Task 14.1: KVCells::commit
  if (count != pending_ || pending_ == 0) {
    throw std::logic_error("KV cache: advance(" + std::to_string(count) + ") but this step wrote " +
                           std::to_string(pending_) + " position(s)");
  }
  std::string missing;
  for (int64_t layer = 0; layer < num_layers_; ++layer) {
    if (!written_[layer]) missing += (missing.empty() ? "" : ", ") + std::to_string(layer);
  }
  if (!missing.empty()) {
    throw std::logic_error("KV cache: advance() before layer(s) " + missing + " wrote this step's keys and values");
  }
  seq_pos_ += count;
  pending_ = 0;
  written_.assign(written_.size(), false);
  // END SOLUTION
}

void KVCells::reset() {
  seq_pos_ = 0;
  pending_ = 0;
  written_.assign(written_.size(), false);
}

bool KVCells::filled(int64_t sequence, int64_t position) const {
  return sequence >= 0 && sequence < batch_ && position >= 0 && position < seq_pos_;
}

std::string KVCells::map(int64_t width) const {
  std::string text = "KV cache: " + std::to_string(batch_) + " sequence(s) x " + std::to_string(capacity_) +
                     " positions, " + std::to_string(seq_pos_) + " filled";
  if (pending_ > 0) text += " (+" + std::to_string(pending_) + " being written)";
  text += "\n";
  const int64_t shown = std::min(width, capacity_);
  for (int64_t s = 0; s < batch_; ++s) {
    text += "  seq " + std::to_string(s) + " |";
    for (int64_t p = 0; p < shown; ++p) text += filled(s, p) ? '#' : (p < seq_pos_ + pending_ ? '+' : '.');
    text += shown < capacity_ ? "...|\n" : "|\n";
  }
  return text;
}

}  // namespace tinytorch
