// Module 10 integration tests: train, save, load, encode and decode together,
// and hand ids to a tensor the way module 11's embedding table will.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include "tinytorch/core/tensor.hpp"
#include "tinytorch/text/tokenizer.hpp"

using tinytorch::BPETokenizer;
using tinytorch::CharTokenizer;
using tinytorch::Shape;
using tinytorch::Tensor;
using tinytorch::UnknownPolicy;

namespace {

const std::string kCorpus =
    "The quick brown fox jumps over the lazy dog. The dog sleeps; the fox runs on.\n"
    "Le renard brun rapide saute par-dessus le chien paresseux. Café, crème, déjà vu.\n"
    "敏捷的棕色狐狸跳过了懒狗。狐狸跑了,狗还在睡。\n"
    "Emoji too: 🙂🙂 🦊 🐶 🙂 — and the fox, the dog, the end.\n";
// Trained to the end, the corpus's 301 bytes give 42 merges and 178 tokens
// (tests/fixtures/bpe_reference.py computes the same with a plain Python BPE).
constexpr int kCorpusMerges = 42;
constexpr std::size_t kCorpusTokens = 178;

}  // namespace

TEST(TokenizationIntegration, TrainSaveLoadReproducesEveryEncoding) {
  const auto dir = std::filesystem::temp_directory_path() / ("tinytorch_10_integration_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);

  BPETokenizer bpe;
  bpe.train(kCorpus, 100);
  EXPECT_EQ(bpe.vocab_size(), 256 + kCorpusMerges) << "training stops when no pair repeats";
  bpe.save(dir / "bpe.json");
  const BPETokenizer bpe_loaded = BPETokenizer::load(dir / "bpe.json");

  const CharTokenizer chars(kCorpus, UnknownPolicy::kReplace);
  chars.save(dir / "chars.json");
  const CharTokenizer chars_loaded = CharTokenizer::load(dir / "chars.json");
  std::filesystem::remove_all(dir);

  for (const std::string& text : {kCorpus, std::string("the fox 🦊 saute, 狐狸跑了"), std::string("unseen: ßæø ∑ 🎉"),
                                 std::string("\xFF\xFE not UTF-8 at all \x80")}) {
    const std::vector<int> ids = bpe.encode(text);
    EXPECT_EQ(bpe_loaded.encode(text), ids);
    EXPECT_EQ(bpe_loaded.decode(ids), text) << "byte-level BPE round-trips every byte string";
  }
  for (const std::string& text : {kCorpus, std::string("the fox 🦊 saute, 狐狸跑了"), std::string("unseen: ßæø ∑ 🎉")}) {
    EXPECT_EQ(chars_loaded.encode(text), chars.encode(text));
  }
  EXPECT_EQ(chars_loaded.decode(chars_loaded.encode(kCorpus)), kCorpus);
  EXPECT_EQ(chars.encode(kCorpus).size(), tinytorch::utf8_to_code_points(kCorpus).size());
}

TEST(TokenizationIntegration, EachMergeShortensTheTrainingText) {
  // By hand (see unit_bpe_tokenizer.cpp): 11 bytes, then 9, 7, 5 tokens; no fourth merge exists.
  std::vector<std::size_t> lengths;
  for (int merges = 0; merges <= 5; ++merges) {
    BPETokenizer tokenizer;
    tokenizer.train("aaabdaaabac", merges);
    lengths.push_back(tokenizer.encode("aaabdaaabac").size());
  }
  EXPECT_EQ(lengths, (std::vector<std::size_t>{11, 9, 7, 5, 5, 5}));

  // Every learned merge occurs at least twice in the training text, so each
  // one makes its encoding strictly shorter; past the last merge nothing changes.
  ASSERT_EQ(kCorpus.size(), 301u);
  std::size_t previous = kCorpus.size();
  for (int merges = 1; merges <= kCorpusMerges + 3; ++merges) {
    BPETokenizer tokenizer;
    tokenizer.train(kCorpus, merges);
    ASSERT_EQ(tokenizer.vocab_size(), 256 + std::min(merges, kCorpusMerges));
    const std::vector<int> ids = tokenizer.encode(kCorpus);
    if (merges <= kCorpusMerges) {
      EXPECT_LT(ids.size(), previous) << "after " << merges << " merges";
    } else {
      EXPECT_EQ(ids.size(), previous) << "after " << merges << " merges";
    }
    EXPECT_EQ(tokenizer.decode(ids), kCorpus);
    previous = ids.size();
  }
  EXPECT_EQ(previous, kCorpusTokens);
}

TEST(TokenizationIntegration, IdsSelectRowsOfAnEmbeddingTable) {
  // Module 11 turns ids into vectors by picking rows of a (V, C) table. Here
  // row i of the table is (i, -i), so the picked rows show the ids themselves.
  BPETokenizer tokenizer;
  tokenizer.train("aaabdaaabac", 10);
  const int vocab = tokenizer.vocab_size();  // V = 259
  Tensor table = Tensor::zeros({vocab, 2});  // (V, C)
  for (int64_t id = 0; id < vocab; ++id) {
    table.at({id, 0}) = static_cast<float>(id);
    table.at({id, 1}) = -static_cast<float>(id);
  }
  const std::vector<int> ids = tokenizer.encode("aaabdaaabac");  // (T,) = 258 100 258 97 99
  Tensor embedded = Tensor::zeros({static_cast<int64_t>(ids.size()), 2});  // (T, C)
  for (std::size_t t = 0; t < ids.size(); ++t) embedded.select(0, static_cast<int64_t>(t)).copy_from(table.select(0, ids[t]));
  EXPECT_EQ(embedded.shape(), (Shape{5, 2}));
  EXPECT_EQ(embedded.to_vector(), (std::vector<float>{258, -258, 100, -100, 258, -258, 97, -97, 99, -99}));
}
