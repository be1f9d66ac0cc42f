// Module 14 — cached generation: prefill, then decode.

#include "tinytorch/generation/cached_generation.hpp"

#include <stdexcept>
#include <string>

#include "tinytorch/core/not_implemented.hpp"
#include "tinytorch/generation/cached_attention.hpp"

namespace tinytorch {

TokenBatch generate_cached(GPT& model, const TokenBatch& prompt, const GenerateOptions& options) {
  // BEGIN SOLUTION Task 14.6: generate_cached
  check_token_batch(prompt);
  const auto batch = static_cast<int64_t>(prompt.size());
  const auto prompt_len = static_cast<int64_t>(prompt.front().size());
  if (prompt_len + options.max_new_tokens > model.config().max_seq_len) {
    throw std::length_error("generate_cached: " + std::to_string(prompt_len) + " prompt tokens + " +
                            std::to_string(options.max_new_tokens) + " new tokens exceed max_seq_len " +
                            std::to_string(model.config().max_seq_len));
  }
  std::shared_ptr<KVCache> cache = kv_cache_of(model);
  const bool was_enabled = cache != nullptr;
  if (!cache || cache->batch_size() != batch) cache = enable_kv_cache(model, batch);
  // Leave the model as it was found, also when something below throws.
  struct Restore {
    GPT& model;
    bool was_enabled;
    ~Restore() {
      if (!was_enabled) disable_kv_cache(model);
    }
  } restore{model, was_enabled};
  cache->reset();

  std::mt19937_64 rng(options.seed);
  TokenBatch sequences = prompt;
  TokenBatch step_tokens = prompt;  // prefill: the whole prompt in one pass
  int64_t position = 0;
  for (int64_t step = 0; step < options.max_new_tokens; ++step) {
    const Tensor logits = model.forward(step_tokens, position, LogitsFor::kLastPosition).select(1, 0);  // (B, V)
    const auto written = static_cast<int64_t>(step_tokens.front().size());
    cache->advance(written);  // every layer wrote these positions during forward
    position += written;
    if (options.on_logits) options.on_logits(step, logits);
    const std::vector<int> next = pick_next_tokens(logits, options, rng);
    for (int64_t b = 0; b < batch; ++b) {
      sequences[b].push_back(next[b]);
      step_tokens[b] = {next[b]};  // decode: one new token per sequence
    }
  }
  return sequences;
  // END SOLUTION
}

}  // namespace tinytorch
