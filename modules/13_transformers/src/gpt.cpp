// Module 13 — the GPT model and generation without a cache.

#include "tinytorch/nn/gpt.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>

#include "tinytorch/core/activations.hpp"
#include "tinytorch/core/errors.hpp"
#include "tinytorch/core/not_implemented.hpp"
#include "tinytorch/nn/safetensors.hpp"

namespace tinytorch {

void GPTConfig::validate() const {
  auto require = [](bool ok, const std::string& what) {
    if (!ok) throw std::invalid_argument("GPTConfig: " + what);
  };
  require(vocab_size > 0, "vocab_size must be positive, not " + std::to_string(vocab_size));
  require(max_seq_len > 0, "max_seq_len must be positive, not " + std::to_string(max_seq_len));
  require(num_layers > 0, "num_layers must be positive, not " + std::to_string(num_layers));
  require(num_heads > 0 && embed_dim > 0 && embed_dim % num_heads == 0,
          "embed_dim " + std::to_string(embed_dim) + " is not divisible by num_heads " + std::to_string(num_heads));
  require(kv_heads() > 0 && num_heads % kv_heads() == 0,
          "num_heads " + std::to_string(num_heads) + " is not a multiple of num_kv_heads " + std::to_string(kv_heads()));
  require(mlp_hidden >= 0, "mlp_hidden must not be negative");
}

namespace {

const GPTConfig& validated(const GPTConfig& config) {
  config.validate();
  return config;
}

}  // namespace

GPT::GPT(const GPTConfig& config)
    : config_(validated(config)),
      tok_emb_(config.vocab_size, config.embed_dim, config.seed),
      pos_emb_(config.max_seq_len, config.embed_dim, config.seed + 1),
      ln_f_(config.embed_dim) {
  const int64_t hidden = config.mlp_hidden == 0 ? 4 * config.embed_dim : config.mlp_hidden;
  for (int64_t i = 0; i < config.num_layers; ++i) {
    blocks_.push_back(std::make_unique<TransformerBlock>(config.embed_dim, config.num_heads, config.kv_heads(), hidden,
                                                         config.seed + 100 * static_cast<uint64_t>(i + 1)));
  }
  if (!config.tie_lm_head) {
    lm_head_ = std::make_shared<Linear>(config.embed_dim, config.vocab_size, false, Init::kXavierUniform,
                                        config.seed + 7);
  }
}

Tensor GPT::forward(const TokenBatch& tokens, int64_t start_pos, LogitsFor which) {
  // BEGIN SOLUTION Task 13.4: GPT::forward
  check_token_batch(tokens);
  const auto time = static_cast<int64_t>(tokens.front().size());
  Tensor x = tok_emb_.forward(tokens) + pos_emb_.forward(time, start_pos);  // (B, T, C)
  for (auto& block : blocks_) x = block->forward(x, start_pos);            // (B, T, C)
  if (which == LogitsFor::kLastPosition) x = x.slice(1, time - 1, time);   // (B, 1, C)
  const Tensor h = ln_f_.forward(x);
  if (lm_head_) return lm_head_->forward(h);                                // (B, T, V)
  return h.matmul(tok_emb_.weight().transpose(0, 1));                      // tied: h @ W_emb^T
  // END SOLUTION
}

std::vector<NamedParameter> GPT::parameters() const {
  std::vector<NamedParameter> list = {{"tok_emb.weight", tok_emb_.weight()}, {"pos_emb.weight", pos_emb_.weight()}};
  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    for (auto& [name, tensor] : blocks_[i]->parameters()) {
      list.emplace_back("blocks." + std::to_string(i) + "." + name, tensor);
    }
  }
  for (auto& [name, tensor] : ln_f_.parameters()) list.emplace_back("ln_f." + name, tensor);
  if (lm_head_) list.emplace_back("lm_head.weight", lm_head_->weight());
  return list;
}

int64_t GPT::num_parameters() const {
  int64_t total = 0;
  for (const auto& [name, tensor] : parameters()) total += tensor.numel();
  return total;
}

void GPT::save(const std::filesystem::path& path) const {
  std::map<std::string, Tensor> tensors;
  for (const auto& [name, tensor] : parameters()) tensors.emplace(name, tensor);
  save_safetensors(path, tensors);
}

void GPT::load(const std::filesystem::path& path) {
  const auto tensors = load_safetensors(path);
  const auto params = parameters();
  // Check everything first, so a bad file leaves the model as it was.
  for (const auto& [name, target] : params) {
    auto it = tensors.find(name);
    if (it == tensors.end()) throw std::runtime_error(path.string() + ": tensor " + name + " is missing");
    if (it->second.shape() != target.shape()) {
      throw std::runtime_error(path.string() + ": tensor " + name + " has shape " + shape_str(it->second.shape()) +
                               ", the model needs " + shape_str(target.shape()));
    }
  }
  if (tensors.size() != params.size()) {
    for (const auto& [name, tensor] : tensors) {
      bool known = false;
      for (const auto& [param, target] : params) known = known || param == name;
      if (!known) throw std::runtime_error(path.string() + ": unexpected tensor " + name + " for this model");
    }
  }
  for (const auto& [name, target] : params) {
    Tensor writable = target;
    writable.copy_from(tensors.at(name));
  }
}

std::vector<int> pick_next_tokens(const Tensor& logits, const GenerateOptions& options, std::mt19937_64& rng) {
  // BEGIN SOLUTION Task 13.5: pick_next_tokens
  const int64_t batch = logits.size(0), vocab = logits.size(1);
  const Tensor rows = logits.contiguous();
  std::vector<int> next(static_cast<std::size_t>(batch));
  for (int64_t b = 0; b < batch; ++b) {
    const float* row = rows.data() + b * vocab;
    if (options.temperature <= 0.0f) {  // greedy: the first of the largest
      next[b] = static_cast<int>(std::max_element(row, row + vocab) - row);
      continue;
    }
    std::vector<float> scaled(row, row + vocab);
    for (float& v : scaled) v /= options.temperature;
    if (options.top_k > 0 && options.top_k < vocab) {
      std::vector<float> sorted = scaled;
      std::nth_element(sorted.begin(), sorted.begin() + (options.top_k - 1), sorted.end(), std::greater<>());
      const float kth = sorted[options.top_k - 1];
      for (float& v : scaled) {
        if (v < kth) v = -std::numeric_limits<float>::infinity();
      }
    }
    const Tensor probabilities = softmax(Tensor::from_data(scaled, {vocab}));
    std::discrete_distribution<int> pick(probabilities.data(), probabilities.data() + vocab);
    next[b] = pick(rng);
  }
  return next;
  // END SOLUTION
}

TokenBatch generate(GPT& model, const TokenBatch& prompt, const GenerateOptions& options) {
  // BEGIN SOLUTION Task 13.5: generate
  check_token_batch(prompt);
  const auto prompt_len = static_cast<int64_t>(prompt.front().size());
  if (prompt_len + options.max_new_tokens > model.config().max_seq_len) {
    throw std::length_error("generate: " + std::to_string(prompt_len) + " prompt tokens + " +
                            std::to_string(options.max_new_tokens) + " new tokens exceed max_seq_len " +
                            std::to_string(model.config().max_seq_len));
  }
  std::mt19937_64 rng(options.seed);
  TokenBatch sequences = prompt;
  for (int64_t step = 0; step < options.max_new_tokens; ++step) {
    // The whole sequence again, every step: O(n^2) work over a generation.
    const Tensor logits = model.forward(sequences, 0, LogitsFor::kLastPosition).select(1, 0);  // (B, V)
    if (options.on_logits) options.on_logits(step, logits);
    const std::vector<int> next = pick_next_tokens(logits, options, rng);
    for (std::size_t b = 0; b < sequences.size(); ++b) sequences[b].push_back(next[b]);
  }
  return sequences;
  // END SOLUTION
}

}  // namespace tinytorch
