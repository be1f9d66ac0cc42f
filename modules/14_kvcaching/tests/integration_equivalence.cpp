// Module 14: the test that matters most. For several model shapes, batch 1 and 3, prompts of
// length 1 and longer, cached generation gives the same tokens as uncached generation, and every
// step's logits agree within 1e-4 (Task 14.6).

#include <gtest/gtest.h>

#include "test_models.hpp"
#include "tinytorch/generation/cached_attention.hpp"
#include "tinytorch/generation/cached_generation.hpp"
#include "tinytorch_fixtures.hpp"

using tinytorch::GenerateOptions;
using tinytorch::GPT;
using tinytorch::GPTConfig;
using tinytorch::TokenBatch;
using tinytorch::testing::close_to;
using tinytorch::testing::record;

namespace {

TokenBatch prompt_of(int64_t batch, int64_t length, int64_t vocab, int seed) {
  TokenBatch prompt(static_cast<std::size_t>(batch));
  for (int64_t b = 0; b < batch; ++b) {
    for (int64_t t = 0; t < length; ++t) prompt[b].push_back(static_cast<int>((seed * 7 + b * 13 + t * 5) % vocab));
  }
  return prompt;
}

void expect_equivalent(GPT& model, const TokenBatch& prompt, const GenerateOptions& options, const std::string& what) {
  const auto uncached = record(tinytorch::generate, model, prompt, options);
  const auto cached = record(tinytorch::generate_cached, model, prompt, options);
  const float margin = tinytorch::testing::min_top2_margin(uncached.logits);
  ASSERT_GT(margin, 1e-5f) << what << ": a near-tie (top-2 margin " << margin << "); pick another seed";
  EXPECT_EQ(cached.tokens, uncached.tokens) << what;
  ASSERT_EQ(cached.logits.size(), uncached.logits.size());
  for (std::size_t s = 0; s < cached.logits.size(); ++s) {
    EXPECT_TRUE(close_to(cached.logits[s], uncached.logits[s], 1e-4f, 0.0f)) << what << ", step " << s;
  }
}

}  // namespace

TEST(CachedEqualsUncached, SeveralShapesBatchesAndPromptLengths) {
  const std::vector<GPTConfig> shapes = {
      {.vocab_size = 50, .max_seq_len = 64, .embed_dim = 32, .num_layers = 2, .num_heads = 2, .seed = 21},
      {.vocab_size = 61, .max_seq_len = 64, .embed_dim = 48, .num_layers = 3, .num_heads = 4, .seed = 22},
      {.vocab_size = 40, .max_seq_len = 64, .embed_dim = 24, .num_layers = 1, .num_heads = 3, .seed = 23},
  };
  for (const GPTConfig& config : shapes) {
    GPT model(config);
    for (int64_t batch : {1, 3}) {
      for (int64_t length : {1, 6}) {
        expect_equivalent(model, prompt_of(batch, length, config.vocab_size, static_cast<int>(config.seed)),
                          {.max_new_tokens = 12},
                          "C=" + std::to_string(config.embed_dim) + " L=" + std::to_string(config.num_layers) +
                              " H=" + std::to_string(config.num_heads) + " batch " + std::to_string(batch) +
                              " prompt " + std::to_string(length));
      }
    }
  }
}

TEST(CachedEqualsUncached, GroupedAndMultiQueryHeads) {
  for (int64_t kv_heads : {2, 1}) {
    GPTConfig config{.vocab_size = 45, .max_seq_len = 48, .embed_dim = 32, .num_layers = 2, .num_heads = 4,
                     .num_kv_heads = kv_heads, .seed = 30 + static_cast<uint64_t>(kv_heads)};
    GPT model(config);
    expect_equivalent(model, prompt_of(3, 5, 45, 3), {.max_new_tokens = 10}, "kv heads " + std::to_string(kv_heads));
    const auto cache = tinytorch::enable_kv_cache(model);
    EXPECT_EQ(cache->num_kv_heads(), kv_heads);
    tinytorch::disable_kv_cache(model);
  }
}

TEST(CachedEqualsUncached, SampledGenerationWithASeed) {
  GPT model(GPTConfig{.vocab_size = 50, .max_seq_len = 64, .seed = 40});
  const GenerateOptions options{.max_new_tokens = 15, .temperature = 0.8f, .top_k = 10, .seed = 7};
  const auto uncached = tinytorch::generate(model, prompt_of(2, 3, 50, 1), options);
  EXPECT_EQ(tinytorch::generate_cached(model, prompt_of(2, 3, 50, 1), options), uncached);
}

TEST(CachedEqualsUncached, ResetThenANewPromptEqualsAFreshCache) {
  GPT model(GPTConfig{.vocab_size = 50, .max_seq_len = 64, .seed = 41});
  const auto cache = tinytorch::enable_kv_cache(model);  // kept on across calls
  tinytorch::generate_cached(model, prompt_of(1, 7, 50, 2), {.max_new_tokens = 9});
  const auto reused = tinytorch::generate_cached(model, prompt_of(1, 4, 50, 5), {.max_new_tokens = 9});
  EXPECT_EQ(tinytorch::kv_cache_of(model), cache) << "an enabled cache stays enabled";
  GPT fresh(GPTConfig{.vocab_size = 50, .max_seq_len = 64, .seed = 41});
  EXPECT_EQ(reused, tinytorch::generate_cached(fresh, prompt_of(1, 4, 50, 5), {.max_new_tokens = 9}));
  EXPECT_EQ(reused, tinytorch::generate(fresh, prompt_of(1, 4, 50, 5), {.max_new_tokens = 9}));
}

TEST(CachedEqualsUncached, FillingTheContextExactly) {
  GPT model(GPTConfig{.vocab_size = 50, .max_seq_len = 16, .seed = 42});
  expect_equivalent(model, prompt_of(1, 4, 50, 6), {.max_new_tokens = 12}, "up to max_seq_len");
}
