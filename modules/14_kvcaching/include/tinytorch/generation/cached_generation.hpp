#pragma once
// Module 14 — generation with the cache: the prompt in one pass (prefill),
// then one token per step (decode). Same token choices as module 13's
// generate() — same picking function, same random stream — so cached and
// uncached output can be compared token for token.
//
//   uncached, n new tokens:  forward over T, T+1, ..., T+n-1 tokens  = O(n^2) token passes
//   cached:                  forward over T, then 1, 1, ..., 1       = O(n)   token passes

#include "tinytorch/nn/gpt.hpp"

namespace tinytorch {

/// Prompt + new tokens, with the model's KV cache (enabled for the call if it was not, reset at the
/// start; the model is left as it was found). More positions than max_seq_len is an error before
/// anything runs (Task 14.6).
TokenBatch generate_cached(GPT& model, const TokenBatch& prompt, const GenerateOptions& options);

}  // namespace tinytorch
