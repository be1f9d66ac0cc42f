// Module 10 unit tests: BPE training (Task 10.2), encoding and decoding (Task 10.3).
//
// The running example, derived by hand ("a" = 97, "b" = 98, "c" = 99, "d" = 100):
//   aaabdaaabac              a a a b d a a a b a c          11 tokens
//   (97, 97) x4   -> 256     256 a b d 256 a b a c           9 tokens
//   (97, 98) x2   -> 257     256 257 d 256 257 a c           7 tokens
//     ties (256, 97) x2 too; (97, 98) is the smaller pair
//   (256, 257) x2 -> 258     258 d 258 a c                   5 tokens
//   every pair now occurs once: training stops after 3 merges.

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "tinytorch/text/tokenizer.hpp"
#include "tokenizer_test_helpers.hpp"

using tinytorch::BPETokenizer;
using tinytorch::Merge;
using tinytorch::testing::contains;
using tinytorch::testing::message_of;

namespace {

BPETokenizer trained(const std::string& text, int num_merges) {
  BPETokenizer tokenizer;
  tokenizer.train(text, num_merges);
  return tokenizer;
}

// `count` random bytes drawn from `alphabet` (all 256 values when empty).
std::string random_bytes(std::mt19937& generator, std::size_t count, const std::string& alphabet = "") {
  std::uniform_int_distribution<int> pick(0, alphabet.empty() ? 255 : static_cast<int>(alphabet.size()) - 1);
  std::string bytes;
  for (std::size_t i = 0; i < count; ++i) {
    const int index = pick(generator);
    bytes += alphabet.empty() ? static_cast<char>(index) : alphabet[index];
  }
  return bytes;
}

}  // namespace

// ---- training (Task 10.2) ------------------------------------------------------------

TEST(BPETrain, FirstMergesOnAaabdaaabac) {
  const BPETokenizer tokenizer = trained("aaabdaaabac", 10);
  EXPECT_EQ(tokenizer.merges(), (std::vector<Merge>{{97, 97, 256}, {97, 98, 257}, {256, 257, 258}}));
  EXPECT_EQ(tokenizer.vocab_size(), 259);
  EXPECT_EQ(tokenizer.token_bytes(256), "aa");
  EXPECT_EQ(tokenizer.token_bytes(257), "ab");
  EXPECT_EQ(tokenizer.token_bytes(258), "aaab");
  // Asking for fewer merges gives a prefix of the same list.
  EXPECT_EQ(trained("aaabdaaabac", 1).merges(), (std::vector<Merge>{{97, 97, 256}}));
  EXPECT_EQ(trained("aaabdaaabac", 2).vocab_size(), 258);
}

TEST(BPETrain, TiesGoToTheSmallestPair) {
  // "cdcdabab": (99, 100) and (97, 98) both occur twice; (97, 98) is smaller
  // although (99, 100) comes first. Then c d c d 256 256: (99, 100) x2 -> 257;
  // then 257 257 256 256 has no repeated pair.
  const BPETokenizer tokenizer = trained("cdcdabab", 5);
  EXPECT_EQ(tokenizer.merges(), (std::vector<Merge>{{97, 98, 256}, {99, 100, 257}}));
  // The most frequent pair wins over a smaller one: (98, 98) x3 beats (97, 98) x2.
  EXPECT_EQ(trained("ababbbb", 1).merges(), (std::vector<Merge>{{98, 98, 256}}));
}

TEST(BPETrain, StopsWhenNoPairRepeats) {
  EXPECT_EQ(trained("abcdef", 5).vocab_size(), 256);
  EXPECT_TRUE(trained("abcdef", 5).merges().empty());
  EXPECT_EQ(trained("", 5).vocab_size(), 256);
  // "abab": (97, 98) x2 -> 256, then 256 256 occurs once: one merge, not five.
  EXPECT_EQ(trained("abab", 5).merges(), (std::vector<Merge>{{97, 98, 256}}));
  // Overlapping pairs count: "aaa" holds (97, 97) twice, and merges to 256 97.
  EXPECT_EQ(trained("aaa", 5).merges(), (std::vector<Merge>{{97, 97, 256}}));
  EXPECT_EQ(trained("abab", 0).vocab_size(), 256);
  BPETokenizer tokenizer;
  EXPECT_TRUE(contains(message_of<std::invalid_argument>([&] { tokenizer.train("abab", -1); }), "-1"));
}

TEST(BPETrain, MergesBytesOfMultiByteCharacters) {
  // "éééé" is C3 A9 C3 A9 C3 A9 C3 A9: (195, 169) x4 -> 256 ("é"), then
  // 256 256 256 256: (256, 256) x3 -> 257 ("éé"), then 257 257 occurs once.
  const BPETokenizer tokenizer = trained("éééé", 10);
  EXPECT_EQ(tokenizer.merges(), (std::vector<Merge>{{195, 169, 256}, {256, 256, 257}}));
  EXPECT_EQ(tokenizer.token_bytes(256), "é");
  EXPECT_EQ(tokenizer.token_bytes(257), "éé");
  // Bytes >= 0x80 are ids 128..255, never negative: "\xFF\xFF\xFF" merges (255, 255).
  EXPECT_EQ(trained("\xFF\xFF\xFF", 1).merges(), (std::vector<Merge>{{255, 255, 256}}));
}

TEST(BPETrain, IsDeterministicAndRetrainingForgets) {
  std::mt19937 generator(10);
  const std::string text = random_bytes(generator, 3000, "abcde \xC3\xA9");
  const BPETokenizer first = trained(text, 40);
  EXPECT_EQ(first.vocab_size(), 296);
  EXPECT_EQ(trained(text, 40).merges(), first.merges());
  // train() starts over: what was learned before does not leak into the new merges.
  BPETokenizer retrained = trained(text, 40);
  retrained.train("aaabdaaabac", 10);
  EXPECT_EQ(retrained.merges(), trained("aaabdaaabac", 10).merges());
  EXPECT_EQ(retrained.vocab_size(), 259);
}

// ---- encoding and decoding (Task 10.3) ----------------------------------------------------

TEST(BPEEncode, WithoutMergesEveryByteIsAToken) {
  const BPETokenizer tokenizer;
  EXPECT_EQ(tokenizer.vocab_size(), 256);
  EXPECT_EQ(tokenizer.encode("ab"), (std::vector<int>{97, 98}));
  EXPECT_EQ(tokenizer.encode("é"), (std::vector<int>{195, 169}));
  EXPECT_EQ(tokenizer.encode("\xFF"), (std::vector<int>{255}));
  EXPECT_EQ(tokenizer.decode({195, 169, 33}), "é!");
}

TEST(BPEEncode, AppliesMergesInLearnedOrder) {
  // Merges (97, 97) -> 256, (97, 98) -> 257, (256, 257) -> 258; encode always
  // applies the earliest-learned pair present.
  const BPETokenizer tokenizer = trained("aaabdaaabac", 10);
  EXPECT_EQ(tokenizer.encode("aaabdaaabac"), (std::vector<int>{258, 100, 258, 97, 99}));
  EXPECT_EQ(tokenizer.encode("aaab"), (std::vector<int>{258}));  // 256 a b -> 256 257 -> 258
  // a a b: (97, 97) was learned before (97, 98), so it wins: 256 b, not a 257.
  EXPECT_EQ(tokenizer.encode("aab"), (std::vector<int>{256, 98}));
  // a b a a: (97, 97) first -> a b 256, then (97, 98) -> 257 256; (257, 256) was never learned.
  EXPECT_EQ(tokenizer.encode("abaa"), (std::vector<int>{257, 256}));
  EXPECT_EQ(tokenizer.encode("aaaaa"), (std::vector<int>{256, 256, 97}));
  EXPECT_EQ(tokenizer.encode("xyz"), (std::vector<int>{120, 121, 122}));
  EXPECT_EQ(tokenizer.encode(""), std::vector<int>{});
  EXPECT_EQ(tokenizer.decode({258, 100, 258, 97, 99}), "aaabdaaabac");
  EXPECT_EQ(tokenizer.decode({257, 256}), "abaa");

  // Rank beats position. "bcbcbc abab": (98, 99) x3 -> 256; then 256 256 256 _ a b a b
  // has (256, 256) and (97, 98) twice each -> (97, 98) -> 257. In "abc" the pair
  // (97, 98) comes first, but (98, 99) was learned first: a 256, not 257 c.
  const BPETokenizer ranked = trained("bcbcbc abab", 2);
  ASSERT_EQ(ranked.merges(), (std::vector<Merge>{{98, 99, 256}, {97, 98, 257}}));
  EXPECT_EQ(ranked.encode("abc"), (std::vector<int>{97, 256}));
}

TEST(BPEEncode, RoundTripsUtf8) {
  const BPETokenizer tokenizer = trained("éééé 漢字漢字 🙂🙂 naïve café", 30);
  EXPECT_EQ(tokenizer.encode("é"), (std::vector<int>{256}));
  EXPECT_EQ(tokenizer.encode("ééé"), (std::vector<int>{257, 256}));
  for (const std::string text : {"é", "漢字", "🙂", "naïve café 漢字 🙂!", "plain ascii", "日本語 ünïcödé 🙂🎉",
                                 "e\xCC\x81 (e + combining acute)"}) {
    const std::vector<int> ids = tokenizer.encode(text);
    EXPECT_EQ(tokenizer.decode(ids), text) << "ids: " << ::testing::PrintToString(ids);
  }
  // A merged token may hold part of a character; decoding pieces gives bytes, not characters.
  EXPECT_EQ(tokenizer.decode({0xF0, 0x9F}) + tokenizer.decode({0x99, 0x82}), "🙂");
}

TEST(BPEEncode, RoundTripsAnyBytes) {
  std::mt19937 generator(2024);
  // Trained on bytes that are mostly not valid UTF-8, so merges hold odd bytes.
  const BPETokenizer tokenizer = trained(random_bytes(generator, 4000, std::string("\x00\xFF\x80\xC3" "ab", 6)), 60);
  EXPECT_EQ(tokenizer.vocab_size(), 316);
  std::string every_byte;
  for (int byte = 0; byte < 256; ++byte) every_byte += static_cast<char>(byte);
  EXPECT_EQ(tokenizer.decode(tokenizer.encode(every_byte + every_byte)), every_byte + every_byte);
  for (int trial = 0; trial < 200; ++trial) {
    const std::string text = trial % 2 ? random_bytes(generator, trial)
                                       : random_bytes(generator, trial, std::string("\x00\xFF\x80\xC3" "ab", 6));
    const std::vector<int> ids = tokenizer.encode(text);
    ASSERT_EQ(tokenizer.decode(ids), text) << "trial " << trial;
    if (trial % 2 == 0 && trial > 50) {
      EXPECT_LT(ids.size(), text.size()) << "merges were learned on such bytes";
    }
  }
}

TEST(BPEEncode, DecodeRejectsOutOfRangeIds) {
  const BPETokenizer tokenizer = trained("aaabdaaabac", 10);  // ids 0..258
  const std::string message = message_of<std::out_of_range>([&] { tokenizer.decode({97, 300}); });
  EXPECT_TRUE(contains(message, "id 300"));
  EXPECT_TRUE(contains(message, "vocab_size is 259"));
  EXPECT_TRUE(contains(message, "position 1"));
  EXPECT_TRUE(contains(message_of<std::out_of_range>([&] { tokenizer.decode({259}); }), "id 259"));
  EXPECT_TRUE(contains(message_of<std::out_of_range>([&] { tokenizer.decode({-1}); }), "id -1"));
  EXPECT_TRUE(contains(message_of<std::out_of_range>([&] { BPETokenizer().decode({256}); }), "vocab_size is 256"));
}
