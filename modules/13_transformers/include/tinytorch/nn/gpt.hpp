#pragma once
// Module 13 — a GPT: token and position embeddings, N transformer blocks, a
// final LayerNorm and a language-model head that scores every vocabulary
// entry as the next token.
//
//   tokens (B, T) ─ tok_emb ─(+ pos_emb[start_pos : start_pos+T])─ blocks ─ ln_f ─ lm_head ─ logits (B, T, V)

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "tinytorch/nn/transformer.hpp"
#include "tinytorch/text/embeddings.hpp"

namespace tinytorch {

/// The shape of a GPT.
struct GPTConfig {
  int64_t vocab_size = 50;
  int64_t max_seq_len = 128;
  int64_t embed_dim = 32;
  int64_t num_layers = 2;
  int64_t num_heads = 2;
  int64_t num_kv_heads = 0;   ///< 0: same as num_heads; fewer: grouped-query attention
  int64_t mlp_hidden = 0;     ///< 0: 4 * embed_dim
  bool tie_lm_head = false;   ///< the LM head reuses the token embedding matrix (GPT-2 does)
  uint64_t seed = 0;          ///< weights are drawn from generators seeded from this

  /// Throws std::invalid_argument naming the first field that does not fit.
  void validate() const;
  int64_t head_dim() const { return embed_dim / num_heads; }
  int64_t kv_heads() const { return num_kv_heads == 0 ? num_heads : num_kv_heads; }
};

/// Which positions get logits: all (training, checking) or only the last (generation).
enum class LogitsFor { kAllPositions, kLastPosition };

class GPT {
 public:
  explicit GPT(const GPTConfig& config);

  /// tokens (B, T), the first at absolute position `start_pos` -> logits (B, T, V), or (B, 1, V)
  /// for the last position only (Task 13.4).
  Tensor forward(const TokenBatch& tokens, int64_t start_pos = 0, LogitsFor which = LogitsFor::kAllPositions);

  const GPTConfig& config() const { return config_; }
  int64_t num_layers() const { return static_cast<int64_t>(blocks_.size()); }
  /// Block `i`, whose attention can be read and replaced.
  TransformerBlock& block(int64_t i) { return *blocks_.at(static_cast<std::size_t>(i)); }

  /// Every weight by name: tok_emb.weight, pos_emb.weight, blocks.0.ln1.weight, ..., ln_f.*, lm_head.weight.
  std::vector<NamedParameter> parameters() const;
  /// Total number of scalars (a tied LM head counts once).
  int64_t num_parameters() const;
  /// Writes every weight to a safetensors file.
  void save(const std::filesystem::path& path) const;
  /// Reads every weight from a safetensors file; a missing, misshapen or unexpected tensor is an error
  /// and leaves the model unchanged.
  void load(const std::filesystem::path& path);

 private:
  GPTConfig config_;
  Embedding tok_emb_;
  PositionalEmbedding pos_emb_;
  std::vector<std::unique_ptr<TransformerBlock>> blocks_;
  LayerNorm ln_f_;
  std::shared_ptr<Linear> lm_head_;  // null when tied to tok_emb_
};

/// How to pick tokens.
struct GenerateOptions {
  int64_t max_new_tokens = 10;
  float temperature = 0.0f;  ///< 0: greedy (argmax, first on ties); > 0: sample from softmax(logits / T)
  int64_t top_k = 0;         ///< > 0: sample only among the k highest logits
  uint64_t seed = 0;         ///< sampling is reproducible for a seed
  /// Called with each step's logits (B, V) before the token is picked: for tests and tools.
  std::function<void(int64_t step, const Tensor& logits)> on_logits;
};

/// The next token of each sequence from logits (B, V), as `options` say (Task 13.5).
std::vector<int> pick_next_tokens(const Tensor& logits, const GenerateOptions& options, std::mt19937_64& rng);

/// Generation without a cache: each step runs the whole sequence through the model and reads the
/// last position's logits. Returns prompt + new tokens. Asking for more positions than max_seq_len
/// is an error before anything runs (Task 13.5).
TokenBatch generate(GPT& model, const TokenBatch& prompt, const GenerateOptions& options);

}  // namespace tinytorch
