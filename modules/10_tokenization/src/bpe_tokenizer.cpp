// Module 10 — Tokenization: byte-level byte-pair encoding (Tasks 10.2, 10.3).
//
// Read top to bottom: how one merge rewrites a sequence (given), how training
// picks merges from a text (Task 10.2), and how encoding replays them on new
// text and decoding undoes them (Task 10.3).
//
// Text is handled as raw bytes, never as characters: tokens 0..255 are the
// byte values, so any string at all — valid UTF-8 or not — has an encoding,
// and a merged token may hold half of a multi-byte character.

#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "tinytorch/core/not_implemented.hpp"
#include "tinytorch/text/tokenizer.hpp"

namespace tinytorch {

std::vector<int> merge_pair(const std::vector<int>& ids, TokenPair pair, int new_id) {
  // Left to right, and a matched pair is consumed whole: in "a a a" the pair
  // (a, a) matches once, at the start, giving [new_id, a].
  std::vector<int> merged;
  merged.reserve(ids.size());
  std::size_t i = 0;
  while (i < ids.size()) {
    if (i + 1 < ids.size() && ids[i] == pair.first && ids[i + 1] == pair.second) {
      merged.push_back(new_id);
      i += 2;
    } else {
      merged.push_back(ids[i]);
      i += 1;
    }
  }
  return merged;
}

BPETokenizer::BPETokenizer() {
  for (int byte = 0; byte < kByteTokens; ++byte) token_bytes_.push_back(std::string(1, static_cast<char>(byte)));
}

int BPETokenizer::add_merge(TokenPair pair) {
  const int id = vocab_size();
  merges_.push_back(Merge{pair.first, pair.second, id});
  ranks_[pair] = static_cast<int>(merges_.size()) - 1;
  token_bytes_.push_back(token_bytes_[pair.first] + token_bytes_[pair.second]);
  return id;
}

const std::string& BPETokenizer::token_bytes(int id) const {
  if (id < 0 || id >= vocab_size()) {
    throw std::out_of_range("BPETokenizer::token_bytes: id " + std::to_string(id) +
                            " is out of range: vocab_size is " + std::to_string(vocab_size()));
  }
  return token_bytes_[id];
}

// ---- training ----------------------------------------------------------------------

void BPETokenizer::train(const std::string& text, int num_merges) {
  // BEGIN SOLUTION Task 10.2: BPETokenizer::train
  if (num_merges < 0) {
    throw std::invalid_argument("BPETokenizer::train: num_merges must be >= 0, not " + std::to_string(num_merges));
  }
  *this = BPETokenizer();  // training starts from the 256 byte tokens every time
  std::vector<int> ids;    // the training text as it is rewritten, merge by merge
  ids.reserve(text.size());
  for (const unsigned char byte : text) ids.push_back(byte);  // unsigned: bytes >= 0x80 are ids 128..255

  for (int step = 0; step < num_merges; ++step) {
    // Count every adjacent pair, overlapping ones included ("a a a" has (a, a) twice).
    std::map<TokenPair, int> counts;
    for (std::size_t i = 0; i + 1 < ids.size(); ++i) ++counts[{ids[i], ids[i + 1]}];
    // A std::map visits pairs in ascending order, so taking only a strictly
    // larger count keeps the smallest pair on ties: training is deterministic.
    TokenPair best{0, 0};
    int best_count = 0;
    for (const auto& [pair, count] : counts) {
      if (count > best_count) {
        best = pair;
        best_count = count;
      }
    }
    // A pair seen once saves one token in this text and costs one vocabulary entry.
    if (best_count < 2) break;
    const int id = add_merge(best);
    ids = merge_pair(ids, best, id);
  }
  // END SOLUTION
}

// ---- encoding and decoding -----------------------------------------------------------

std::vector<int> BPETokenizer::encode(const std::string& text) const {
  // BEGIN SOLUTION Task 10.3: BPETokenizer::encode
  // Replay the merges as training learned them: of the pairs present, always
  // merge the one learned first (lowest rank). A later merge may be built on
  // an earlier one — (256, 257) needs 256 and 257 to exist — so the order matters.
  std::vector<int> ids;
  ids.reserve(text.size());
  for (const unsigned char byte : text) ids.push_back(byte);
  while (ids.size() >= 2) {
    int best_rank = std::numeric_limits<int>::max();
    for (std::size_t i = 0; i + 1 < ids.size(); ++i) {
      const auto found = ranks_.find({ids[i], ids[i + 1]});
      if (found != ranks_.end() && found->second < best_rank) best_rank = found->second;
    }
    if (best_rank == std::numeric_limits<int>::max()) break;  // no learned pair left
    const Merge& merge = merges_[best_rank];
    ids = merge_pair(ids, {merge.left, merge.right}, merge.id);
  }
  return ids;
  // END SOLUTION
}

std::string BPETokenizer::decode(const std::vector<int>& ids) const {
  // BEGIN SOLUTION Task 10.3: BPETokenizer::decode
  // Every token stands for a fixed byte string; decoding is concatenation.
  std::string bytes;
  for (std::size_t position = 0; position < ids.size(); ++position) {
    const int id = ids[position];
    if (id < 0 || id >= vocab_size()) {
      throw std::out_of_range("BPETokenizer::decode: id " + std::to_string(id) + " at position " +
                              std::to_string(position) + " is out of range: vocab_size is " +
                              std::to_string(vocab_size()) + " (256 bytes + " + std::to_string(merges_.size()) +
                              " merges)");
    }
    bytes += token_bytes_[id];
  }
  return bytes;
  // END SOLUTION
}

}  // namespace tinytorch
