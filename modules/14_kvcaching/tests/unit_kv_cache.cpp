// Module 14 unit tests: the cache's storage (Task 14.2), its memory (Task 14.3),
// and its errors.

#include <gtest/gtest.h>

#include "tinytorch/core/errors.hpp"
#include "tinytorch/generation/kv_cache.hpp"
#include "tinytorch_fixtures.hpp"

using tinytorch::KVCache;
using tinytorch::Shape;
using tinytorch::Tensor;
using tinytorch::testing::close_to;

namespace {

// A (B, G, T, D) key whose every element encodes its layer, position and index, so a read-back
// shows exactly where it came from.
Tensor marked(int64_t b, int64_t g, int64_t t, int64_t d, float layer, float position) {
  return Tensor::arange(0, static_cast<float>(b * g * t * d)).reshape({b, g, t, d}) * 0.001f + layer * 100.0f +
         position;
}

void write_step(KVCache& cache, int64_t t, float position) {
  for (int64_t layer = 0; layer < cache.num_layers(); ++layer) {
    cache.update(layer, marked(cache.batch_size(), cache.num_kv_heads(), t, cache.head_dim(), layer, position),
                 marked(cache.batch_size(), cache.num_kv_heads(), t, cache.head_dim(), layer, -position));
  }
}

}  // namespace

TEST(KVCacheUnit, StartsEmptyWithMemoryAllocated) {
  KVCache cache(1, 16, 2, 4, 8);
  EXPECT_EQ(cache.seq_pos(), 0);
  EXPECT_GT(cache.memory_usage().total_bytes, 0);
  EXPECT_EQ(cache.get(0).keys.shape(), (Shape{1, 4, 0, 8}));
}

TEST(KVCacheUnit, UpdateThenAdvanceThenGet) {
  KVCache cache(1, 16, 1, 2, 4);
  const Tensor k0 = marked(1, 2, 1, 4, 0, 1), v0 = marked(1, 2, 1, 4, 0, -1);
  cache.update(0, k0, v0);
  EXPECT_EQ(cache.get(0).keys.size(2), 0) << "before advance: nothing committed";
  EXPECT_EQ(cache.get(0, 1).keys.size(2), 1) << "but this step's own key is readable";
  cache.advance();
  EXPECT_EQ(cache.seq_pos(), 1);
  EXPECT_EQ(cache.get(0).keys.size(2), 1);
  const Tensor k1 = marked(1, 2, 1, 4, 0, 2), v1 = marked(1, 2, 1, 4, 0, -2);
  cache.update(0, k1, v1);
  cache.advance();
  const auto kv = cache.get(0);
  EXPECT_EQ(kv.keys.shape(), (Shape{1, 2, 2, 4}));
  EXPECT_EQ(kv.keys.slice(2, 0, 1).to_vector(), k0.to_vector()) << "the first token's key is kept";
  EXPECT_EQ(kv.keys.slice(2, 1, 2).to_vector(), k1.to_vector());
  EXPECT_EQ(kv.values.slice(2, 1, 2).to_vector(), v1.to_vector());
}

TEST(KVCacheUnit, EveryLayerHoldsItsOwnKeysAndValues) {
  KVCache cache(2, 8, 3, 2, 4);
  write_step(cache, 1, 1);
  cache.advance();
  for (int64_t layer = 0; layer < 3; ++layer) {
    EXPECT_EQ(cache.get(layer).keys.to_vector(), marked(2, 2, 1, 4, layer, 1).to_vector()) << "layer " << layer;
    EXPECT_EQ(cache.get(layer).values.to_vector(), marked(2, 2, 1, 4, layer, -1).to_vector()) << "layer " << layer;
  }
}

TEST(KVCacheUnit, PrefillWritesManyPositionsAtOnce) {
  KVCache cache(1, 10, 2, 2, 3);
  write_step(cache, 4, 7);  // a 4-token prompt in one update per layer
  cache.advance(4);
  write_step(cache, 1, 9);
  EXPECT_EQ(cache.get(1, 5).keys.slice(2, 4, 5).to_vector(), marked(1, 2, 1, 3, 1, 9).to_vector());
  cache.advance();
  EXPECT_EQ(cache.seq_pos(), 5);
  EXPECT_EQ(cache.get(1).keys.slice(2, 0, 4).to_vector(), marked(1, 2, 4, 3, 1, 7).to_vector());
}

TEST(KVCacheUnit, GetIsAViewIntoTheBuffer) {
  KVCache cache(1, 8, 1, 1, 2);
  write_step(cache, 2, 1);
  cache.advance(2);
  const auto first = cache.get(0);
  write_step(cache, 1, 3);
  cache.advance();
  const auto second = cache.get(0);
  EXPECT_TRUE(first.keys.shares_storage(second.keys)) << "no copy: both read the one pre-allocated buffer";
  EXPECT_EQ(first.keys.data(), second.keys.data());
}

TEST(KVCacheUnit, ResetEmptiesAndZeroes) {
  KVCache cache(1, 8, 2, 2, 2);
  write_step(cache, 3, 5);
  cache.advance(3);
  const auto before = cache.get(1);  // a view of the old prompt's positions, alive across reset
  cache.reset();
  EXPECT_EQ(before.keys.to_vector(), std::vector<float>(1 * 2 * 3 * 2, 0.0f)) << "old keys are zeroed";
  EXPECT_EQ(before.values.to_vector(), std::vector<float>(1 * 2 * 3 * 2, 0.0f)) << "old values are zeroed";
  EXPECT_EQ(cache.seq_pos(), 0);
  EXPECT_EQ(cache.get(0).keys.size(2), 0);
  write_step(cache, 1, 6);
  cache.advance();
  EXPECT_EQ(cache.get(1).keys.to_vector(), marked(1, 2, 1, 2, 1, 6).to_vector()) << "the new prompt, not the old";
  EXPECT_EQ(cache.get(1).keys.size(2), 1);

  // A step written but never committed is cleared too.
  write_step(cache, 2, 7);
  const auto pending = cache.get(0, 3);
  cache.reset();
  EXPECT_EQ(pending.keys.to_vector(), std::vector<float>(1 * 2 * 3 * 2, 0.0f));
}

TEST(KVCacheErrors, BadInputIsNamedAndChangesNothing) {
  KVCache cache(2, 4, 2, 4, 8);
  auto message = [](const std::function<void()>& call) {
    try {
      call();
    } catch (const std::exception& error) {
      return std::string(error.what());
    }
    return std::string();
  };
  const Tensor good = Tensor::ones({2, 4, 1, 8});
  EXPECT_NE(message([&] { cache.update(2, good, good); }).find("layer 2 is out of range [0, 2)"), std::string::npos);
  EXPECT_NE(message([&] { cache.update(-1, good, good); }).find("layer -1"), std::string::npos);
  const std::string shape = message([&] { cache.update(0, Tensor::ones({1, 4, 1, 8}), Tensor::ones({1, 4, 1, 8})); });
  EXPECT_NE(shape.find("(1, 4, 1, 8)"), std::string::npos) << shape;
  EXPECT_NE(shape.find("(2, 4, T, 8)"), std::string::npos) << shape;
  EXPECT_NE(message([&] { cache.update(0, good, Tensor::ones({2, 4, 2, 8})); }), "");
  EXPECT_EQ(cache.cells().pending(), 0) << "rejected calls wrote nothing";
  EXPECT_NE(message([&] { cache.update(0, Tensor::ones({2, 4, 5, 8}), Tensor::ones({2, 4, 5, 8})); }).find("full"),
            std::string::npos);
  EXPECT_NE(message([&] { cache.get(0, 1); }).find("holds 0 readable position(s)"), std::string::npos);
  EXPECT_NE(message([&] { KVCache(1, 0, 2, 4, 8); }).find("max_seq_len=0"), std::string::npos);
  EXPECT_NE(message([&] { KVCache(1, 8, 2, 4, 3, 8); }).find("not a multiple of num_kv_heads 3"), std::string::npos);
  // Fill it, then one more step is a clear error and the data stays.
  for (int step = 0; step < 4; ++step) {
    cache.update(0, good * static_cast<float>(step), good);
    cache.update(1, good, good);
    cache.advance();
  }
  EXPECT_NE(message([&] { cache.update(0, good, good); }).find("KV cache full"), std::string::npos);
  EXPECT_EQ(cache.seq_pos(), 4);
  EXPECT_EQ(cache.get(0).keys.slice(2, 3, 4).to_vector(), (good * 3.0f).to_vector());
}

TEST(KVCacheMemory, SizesFollowTheFormula) {
  // 2 x layers x B x G x S x D x 4 bytes
  EXPECT_LT(KVCache(1, 64, 2, 4, 32).memory_usage().total_mb, 1.0);
  const auto medium = KVCache(1, 128, 4, 8, 64).memory_usage();
  EXPECT_GE(medium.total_mb, 1.0);
  EXPECT_LE(medium.total_mb, 10.0);
  EXPECT_GT(KVCache(4, 128, 4, 8, 64).memory_usage().total_bytes, medium.total_bytes);
  EXPECT_EQ(medium.total_bytes, 2 * 4 * 1 * 8 * 128 * 64 * 4);
  EXPECT_EQ(medium.dtype, "float32");
  ASSERT_EQ(medium.layer_mb.size(), 4u);
  EXPECT_DOUBLE_EQ(medium.layer_mb[2], 0.5);
  EXPECT_DOUBLE_EQ(medium.per_layer_mb, 0.5);
  const auto via_enable = tinytorch::enable_kv_cache(1, 128, 4, 8, 64)->memory_usage();
  EXPECT_EQ(via_enable.total_bytes, medium.total_bytes);
}

TEST(KVCacheMemory, GroupedQueryHeadsShrinkItByTheGroupSize) {
  const auto full = KVCache(1, 256, 6, 12, 12, 64).memory_usage();
  const auto grouped = KVCache(1, 256, 6, 12, 3, 64).memory_usage();
  const auto single = KVCache(1, 256, 6, 12, 1, 64).memory_usage();
  EXPECT_EQ(full.total_bytes, 4 * grouped.total_bytes);
  EXPECT_EQ(full.total_bytes, 12 * single.total_bytes);
  EXPECT_EQ(KVCache(1, 256, 6, 12, 3, 64).get(0).keys.size(1), 3) << "it stores the key/value heads only";
}
