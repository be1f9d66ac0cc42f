// Generates with and without the KV cache through the installed package, and
// says whether the tokens agree (exit 0 only if they do).

#include <cstdio>

#include <tinytorch/generation/cached_attention.hpp>
#include <tinytorch/generation/cached_generation.hpp>
#include <tinytorch/nn/gpt.hpp>

int main() {
  tinytorch::GPT model(tinytorch::GPTConfig{.vocab_size = 50, .max_seq_len = 64, .seed = 2026});
  const tinytorch::TokenBatch prompt = {{1, 2, 3, 4}};
  const auto uncached = tinytorch::generate(model, prompt, {.max_new_tokens = 16});
  const auto cached = tinytorch::generate_cached(model, prompt, {.max_new_tokens = 16});
  const auto cache = tinytorch::enable_kv_cache(model);
  std::printf("cache: %.3f MB in %lld tensors\n", cache->memory_usage().total_mb,
              static_cast<long long>(cache->memory_usage().num_tensors));
  std::printf("tokens:");
  for (int token : cached.front()) std::printf(" %d", token);
  std::printf("\n%s\n", cached == uncached ? "cached == uncached" : "MISMATCH");
  return cached == uncached ? 0 : 1;
}
