// Module 14 integration tests: the spec's end-to-end scenarios.

#include <gtest/gtest.h>

#include "test_models.hpp"
#include "tinytorch/generation/cached_attention.hpp"
#include "tinytorch/generation/cached_generation.hpp"
#include "tinytorch_fixtures.hpp"

using tinytorch::GPT;
using tinytorch::GPTConfig;
using tinytorch::KVCache;
using tinytorch::Shape;
using tinytorch::Tensor;
using tinytorch::testing::close_to;

TEST(KVCacheIntegration, FiveStepWorkflowOverFourLayers) {
  KVCache cache(1, 128, 4, 8, 64);
  for (int step = 0; step < 5; ++step) {
    for (int64_t layer = 0; layer < 4; ++layer) {
      const Tensor k = Tensor::randn({1, 8, 1, 64}, static_cast<uint64_t>(step * 10 + layer));
      cache.update(layer, k, k * 2.0f);
    }
    cache.advance();
  }
  EXPECT_EQ(cache.seq_pos(), 5);
  for (int64_t layer = 0; layer < 4; ++layer) {
    const auto kv = cache.get(layer);
    EXPECT_EQ(kv.keys.shape(), (Shape{1, 8, 5, 64}));
    EXPECT_EQ(kv.values.shape(), (Shape{1, 8, 5, 64}));
    EXPECT_EQ(kv.keys.slice(2, 3, 4).to_vector(), Tensor::randn({1, 8, 1, 64}, 30 + layer).to_vector());
    EXPECT_TRUE(close_to(kv.values, kv.keys * 2.0f, 0.0f));
  }
}

TEST(KVCacheIntegration, MemoryTrackingTwoMegabytesInEightTensors) {
  const auto usage = KVCache(1, 128, 4, 8, 64).memory_usage();
  EXPECT_EQ(usage.num_tensors, 8);
  EXPECT_NEAR(usage.total_mb, 2.00, 1e-9);
  EXPECT_EQ(usage.total_elements, 524288);
}

TEST(KVCacheIntegration, CachedGenerationEqualsUncachedOnAModule13Model) {
  GPT model(GPTConfig{.vocab_size = 50, .max_seq_len = 128, .embed_dim = 32, .num_layers = 2, .num_heads = 2,
                      .seed = 14});
  const tinytorch::TokenBatch prompt = {{3, 14, 15, 9, 26}};
  const auto uncached = tinytorch::testing::record(tinytorch::generate, model, prompt, {.max_new_tokens = 20});
  const auto cached = tinytorch::testing::record(tinytorch::generate_cached, model, prompt, {.max_new_tokens = 20});
  ASSERT_GT(tinytorch::testing::min_top2_margin(uncached.logits), 1e-4f) << "choose another seed: a near-tie";
  EXPECT_EQ(cached.tokens, uncached.tokens);
  for (std::size_t s = 0; s < cached.logits.size(); ++s) {
    EXPECT_TRUE(close_to(cached.logits[s], uncached.logits[s], 1e-4f, 0.0f)) << "step " << s;
  }
  EXPECT_EQ(tinytorch::kv_cache_of(model), nullptr) << "the model is left as it was found";
}

TEST(KVCacheIntegration, ErrorCasesEndToEnd) {
  GPT model(GPTConfig{.max_seq_len = 10, .seed = 15});
  try {
    tinytorch::generate_cached(model, {{1, 2, 3, 4}}, {.max_new_tokens = 7});
    FAIL() << "4 + 7 positions fit max_seq_len 10";
  } catch (const std::length_error& error) {
    EXPECT_NE(std::string(error.what()).find("exceed max_seq_len 10"), std::string::npos) << error.what();
  }
  EXPECT_EQ(tinytorch::kv_cache_of(model), nullptr);
  EXPECT_EQ(tinytorch::generate_cached(model, {{1, 2, 3, 4}}, {.max_new_tokens = 6}).front().size(), 10u);
  // Driving a cached model by hand past its end is a clear error, not a wrong answer.
  const auto cache = tinytorch::enable_kv_cache(model);
  model.forward({{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}});
  cache->advance(10);
  EXPECT_THROW(model.forward({{1}}, 10), std::out_of_range);
  EXPECT_THROW(model.forward({{1}}, 3), std::logic_error) << "position 3 when the cache holds 10";
}
