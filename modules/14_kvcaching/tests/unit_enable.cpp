// Module 14 unit tests: cached attention (Task 14.4) and turning the cache on and off (Task 14.5).

#include <gtest/gtest.h>

#include "tinytorch/generation/cached_attention.hpp"
#include "tinytorch_fixtures.hpp"

using tinytorch::CachedAttention;
using tinytorch::GPT;
using tinytorch::GPTConfig;
using tinytorch::KVCache;
using tinytorch::MultiHeadAttention;
using tinytorch::Shape;
using tinytorch::Tensor;
using tinytorch::testing::close_to;

TEST(CachedAttentionUnit, TokenByTokenEqualsTheWholeSequence) {
  auto mha = std::make_shared<MultiHeadAttention>(16, 4, 2, 3);
  auto cache = std::make_shared<KVCache>(2, 8, 1, 4, 2, 4);
  CachedAttention cached(mha, cache, 0);
  const Tensor x = Tensor::randn({2, 5, 16}, 4);
  const Tensor whole = mha->forward(x, 0);
  // Prefill two positions, then three single steps.
  Tensor got = cached.forward(x.slice(1, 0, 2), 0);
  cache->advance(2);
  EXPECT_TRUE(close_to(got, whole.slice(1, 0, 2), 1e-5f));
  for (int64_t p = 2; p < 5; ++p) {
    got = cached.forward(x.slice(1, p, p + 1), p);
    cache->advance();
    EXPECT_TRUE(close_to(got, whole.slice(1, p, p + 1), 1e-5f)) << "position " << p;
  }
  EXPECT_EQ(cached.parameters().size(), mha->parameters().size()) << "it reports the weights it wraps";
}

TEST(CachedAttentionUnit, PositionsOutOfOrderAreAnError) {
  auto mha = std::make_shared<MultiHeadAttention>(8, 2, 0, 5);
  auto cache = std::make_shared<KVCache>(1, 8, 1, 2, 4);
  CachedAttention cached(mha, cache, 0);
  try {
    cached.forward(Tensor::randn({1, 1, 8}, 6), 3);
    FAIL() << "position 3 on an empty cache was accepted";
  } catch (const std::logic_error& error) {
    EXPECT_NE(std::string(error.what()).find("position 3 but the cache holds 0"), std::string::npos) << error.what();
  }
  EXPECT_EQ(cache->cells().pending(), 0);
}

TEST(CacheEnablement, SizedFromTheModel) {
  GPT model(GPTConfig{.vocab_size = 30, .max_seq_len = 40, .embed_dim = 24, .num_layers = 3, .num_heads = 6,
                      .num_kv_heads = 2});
  const auto cache = tinytorch::enable_kv_cache(model, 2);
  EXPECT_EQ(cache->num_layers(), 3);
  EXPECT_EQ(cache->num_kv_heads(), 2);
  EXPECT_EQ(cache->head_dim(), 4);
  EXPECT_EQ(cache->max_seq_len(), 40);
  EXPECT_EQ(cache->batch_size(), 2);
  EXPECT_EQ(cache->memory_usage().total_bytes, 2 * 3 * 2 * 2 * 40 * 4 * 4);
  EXPECT_EQ(tinytorch::kv_cache_of(model), cache);
}

TEST(NonInvasive, EnableRunsDisableRestoresEnableAgain) {
  GPT model(GPTConfig{.seed = 9});
  std::vector<std::shared_ptr<tinytorch::Attention>> originals;
  for (int64_t i = 0; i < model.num_layers(); ++i) originals.push_back(model.block(i).attention());
  const Tensor before = model.forward({{1, 2, 3}});

  const auto cache = tinytorch::enable_kv_cache(model);
  for (int64_t i = 0; i < model.num_layers(); ++i) {
    const auto cached = std::dynamic_pointer_cast<CachedAttention>(model.block(i).attention());
    ASSERT_NE(cached, nullptr) << "block " << i;
    EXPECT_EQ(cached->inner(), originals[i]) << "the original attention is wrapped, weights and all";
    EXPECT_EQ(cached->layer(), i);
  }
  const Tensor cached_logits = model.forward({{1, 2, 3}});
  EXPECT_EQ(cached_logits.shape(), (Shape{1, 3, 50}));
  EXPECT_TRUE(close_to(cached_logits, before, 1e-5f));
  cache->advance(3);

  tinytorch::disable_kv_cache(model);
  for (int64_t i = 0; i < model.num_layers(); ++i) EXPECT_EQ(model.block(i).attention(), originals[i]);
  EXPECT_EQ(tinytorch::kv_cache_of(model), nullptr);
  EXPECT_TRUE(close_to(model.forward({{1, 2, 3}}), before, 0.0f));

  const auto again = tinytorch::enable_kv_cache(model);
  const auto twice = tinytorch::enable_kv_cache(model);  // must not stack two caches
  const auto cached = std::dynamic_pointer_cast<CachedAttention>(model.block(0).attention());
  EXPECT_EQ(cached->inner(), originals[0]) << "enabling twice wraps the original, not a wrapper";
  EXPECT_EQ(cached->cache(), twice);
  EXPECT_TRUE(close_to(model.forward({{1, 2, 3}}), before, 1e-5f));
}

TEST(NonInvasive, ModelParametersAreTheSameWithTheCache) {
  GPT model(GPTConfig{.seed = 10});
  const auto names = [&] {
    std::vector<std::string> list;
    for (const auto& [name, tensor] : model.parameters()) list.push_back(name);
    return list;
  };
  const auto before = names();
  tinytorch::enable_kv_cache(model);
  EXPECT_EQ(names(), before) << "saving or counting weights is unaffected by the cache";
}
