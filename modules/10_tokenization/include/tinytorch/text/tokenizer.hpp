#pragma once
// Module 10 — Tokenization: text to integer ids and back.
//
// A model reads integers, not text. A tokenizer fixes a vocabulary of V
// tokens and maps text to ids in [0, V) (encode) and ids back to text
// (decode). Two tokenizers live here:
//
//   CharTokenizer  one token per distinct Unicode character of a training
//                  text. Small and readable; characters it never saw need a
//                  policy (throw, or map to <unk>).
//   BPETokenizer   byte-level byte-pair encoding, as in GPT-2: the 256 byte
//                  values are tokens 0..255, so every string can be encoded;
//                  learned merges glue frequent neighbours into new tokens
//                  256, 257, ... and shorten the sequence.
//
// Both save to and load from JSON, so a tokenizer trained once gives the same
// ids in every later program. Bad input throws std::invalid_argument, an id
// outside [0, V) throws std::out_of_range; messages name the value and where.

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace tinytorch {

// ---- UTF-8 ---------------------------------------------------------------------

/// The Unicode code points of UTF-8 text; invalid UTF-8 throws naming the byte offset (Task 10.1).
std::vector<char32_t> utf8_to_code_points(const std::string& text);
/// The UTF-8 bytes of one code point (1 to 4 bytes); a surrogate or a value past U+10FFFF throws (Task 10.1).
std::string code_point_to_utf8(char32_t code_point);
/// "U+00E9": how code points appear in messages.
std::string code_point_name(char32_t code_point);

// ---- CharTokenizer -----------------------------------------------------------------

/// What encode does with a character the vocabulary does not have.
enum class UnknownPolicy {
  kError,    ///< throw std::invalid_argument naming the character and its position
  kReplace,  ///< map it to the reserved <unk> token, id 0
};

/// One token per distinct Unicode character of a training text, ids in code point order.
class CharTokenizer {
 public:
  /// Text that decode writes for the <unk> id: U+FFFD, Unicode's replacement character.
  static constexpr const char* kUnknownText = "\xEF\xBF\xBD";

  /// An empty vocabulary (every character is unknown).
  CharTokenizer() = default;
  /// The vocabulary of `text`: its distinct code points, sorted; ids 0.. (1.. under kReplace) (Task 10.1).
  explicit CharTokenizer(const std::string& text, UnknownPolicy policy = UnknownPolicy::kError);

  /// Token ids of UTF-8 text, one per code point (Task 10.1).
  std::vector<int> encode(const std::string& text) const;
  /// UTF-8 text of token ids; an id outside [0, vocab_size()) throws std::out_of_range (Task 10.1).
  std::string decode(const std::vector<int>& ids) const;

  /// Number of ids: distinct characters, plus one for <unk> under kReplace.
  int vocab_size() const;
  /// The policy for characters outside the vocabulary.
  UnknownPolicy policy() const { return policy_; }
  /// The vocabulary's code points, sorted: the character of id i is characters()[i - first id].
  const std::vector<char32_t>& characters() const { return characters_; }

  /// The tokenizer as JSON: {"type": "char", "unknown_policy": ..., "characters": [...]} (Task 10.4).
  std::string to_json() const;
  /// A tokenizer from to_json's text; malformed JSON or a wrong field throws std::invalid_argument (Task 10.4).
  static CharTokenizer from_json(const std::string& json);
  /// Writes to_json() to `path`; std::runtime_error when the file cannot be written.
  void save(const std::filesystem::path& path) const;
  /// from_json of the file at `path`; std::runtime_error when it cannot be read.
  static CharTokenizer load(const std::filesystem::path& path);

 private:
  // The id of characters_[0]: 1 when id 0 is <unk>, else 0.
  int first_id() const { return policy_ == UnknownPolicy::kReplace ? 1 : 0; }

  UnknownPolicy policy_ = UnknownPolicy::kError;
  std::vector<char32_t> characters_;  // sorted, distinct; index + first_id() is the id
  std::map<char32_t, int> ids_;       // code point -> id
};

// ---- BPETokenizer ------------------------------------------------------------------

/// Two adjacent token ids, (left, right).
using TokenPair = std::pair<int, int>;

/// One learned merge: the pair (left, right) becomes token `id`.
struct Merge {
  int left = 0;
  int right = 0;
  int id = 0;
  /// Same pair, same id.
  bool operator==(const Merge&) const = default;
};

/// Every occurrence of `pair` in `ids`, left to right and without overlaps, replaced by `new_id`.
///   merge_pair({97, 97, 97, 98}, {97, 97}, 256) -> {256, 97, 98}
std::vector<int> merge_pair(const std::vector<int>& ids, TokenPair pair, int new_id);

/// Byte-level byte-pair encoding: tokens 0..255 are the bytes, merges add 256, 257, ...
class BPETokenizer {
 public:
  /// The base vocabulary: one token per byte value.
  static constexpr int kByteTokens = 256;

  /// No merges yet: every byte is its own token.
  BPETokenizer();

  /// Forgets earlier merges and learns up to `num_merges` from the bytes of `text` (Task 10.2).
  /// Each merge takes the most frequent adjacent pair (ties: the smallest (left, right)); training
  /// stops early when no pair occurs twice.
  void train(const std::string& text, int num_merges);

  /// Token ids of any byte string, applying merges in the order they were learned (Task 10.3).
  std::vector<int> encode(const std::string& text) const;
  /// The bytes of token ids; an id outside [0, vocab_size()) throws std::out_of_range (Task 10.3).
  std::string decode(const std::vector<int>& ids) const;

  /// 256 plus the number of merges.
  int vocab_size() const { return static_cast<int>(token_bytes_.size()); }
  /// The learned merges, in order: merges()[i] creates token 256 + i.
  const std::vector<Merge>& merges() const { return merges_; }
  /// The bytes token `id` stands for; an id outside [0, vocab_size()) throws std::out_of_range.
  const std::string& token_bytes(int id) const;

  /// The tokenizer as JSON: {"type": "byte_bpe", "merges": [[left, right], ...]} (Task 10.4).
  std::string to_json() const;
  /// A tokenizer from to_json's text; malformed JSON or a wrong field throws std::invalid_argument (Task 10.4).
  static BPETokenizer from_json(const std::string& json);
  /// Writes to_json() to `path`; std::runtime_error when the file cannot be written.
  void save(const std::filesystem::path& path) const;
  /// from_json of the file at `path`; std::runtime_error when it cannot be read.
  static BPETokenizer load(const std::filesystem::path& path);

 private:
  // Appends the merge (pair -> next id) and the bytes of the new token; returns the new id.
  int add_merge(TokenPair pair);

  std::vector<Merge> merges_;          // in learned order
  std::map<TokenPair, int> ranks_;     // pair -> index in merges_ (lower = learned earlier)
  std::vector<std::string> token_bytes_;  // id -> the bytes it stands for
};

}  // namespace tinytorch
