// Module 10 unit tests: UTF-8 and the character tokenizer (Task 10.1).

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "tinytorch/text/tokenizer.hpp"
#include "tokenizer_test_helpers.hpp"

using tinytorch::CharTokenizer;
using tinytorch::UnknownPolicy;
using tinytorch::testing::contains;
using tinytorch::testing::message_of;

// ---- UTF-8 ---------------------------------------------------------------------------

TEST(Utf8, DecodesOneToFourByteCharacters) {
  // a = 61; é = C3 A9 -> U+00E9; 漢 = E6 BC A2 -> U+6F22; 🙂 = F0 9F 99 82 -> U+1F642.
  EXPECT_EQ(tinytorch::utf8_to_code_points("a\xC3\xA9\xE6\xBC\xA2\xF0\x9F\x99\x82"),
            (std::vector<char32_t>{0x61, 0xE9, 0x6F22, 0x1F642}));
  EXPECT_EQ(tinytorch::utf8_to_code_points("a\xC3\xA9\xE6\xBC\xA2\xF0\x9F\x99\x82"),
            (std::vector<char32_t>{U'a', U'é', U'漢', U'🙂'}));
  EXPECT_EQ(tinytorch::utf8_to_code_points(std::string("\0x", 2)), (std::vector<char32_t>{0, U'x'}));
  // The largest of each length: U+007F, U+07FF, U+FFFF, U+10FFFF.
  EXPECT_EQ(tinytorch::utf8_to_code_points("\x7F\xDF\xBF\xEF\xBF\xBF\xF4\x8F\xBF\xBF"),
            (std::vector<char32_t>{0x7F, 0x7FF, 0xFFFF, 0x10FFFF}));
}

TEST(Utf8, EncodesCodePoints) {
  EXPECT_EQ(tinytorch::code_point_to_utf8(U'a'), "a");
  EXPECT_EQ(tinytorch::code_point_to_utf8(0xE9), "\xC3\xA9");
  EXPECT_EQ(tinytorch::code_point_to_utf8(0x6F22), "\xE6\xBC\xA2");
  EXPECT_EQ(tinytorch::code_point_to_utf8(0x1F642), "\xF0\x9F\x99\x82");
  EXPECT_EQ(tinytorch::code_point_to_utf8(0x7FF), "\xDF\xBF");
  EXPECT_EQ(tinytorch::code_point_to_utf8(0x800), "\xE0\xA0\x80");
  EXPECT_EQ(tinytorch::code_point_to_utf8(0x10000), "\xF0\x90\x80\x80");
  EXPECT_TRUE(contains(message_of<std::invalid_argument>([] { tinytorch::code_point_to_utf8(0xD800); }), "U+D800"));
  EXPECT_TRUE(contains(message_of<std::invalid_argument>([] { tinytorch::code_point_to_utf8(0x110000); }), "U+110000"));
}

TEST(Utf8, RejectsInvalidBytesNamingTheOffset) {
  const auto offset_named = [](const std::string& bytes, const std::string& offset) {
    return contains(message_of<std::invalid_argument>([&] { tinytorch::utf8_to_code_points(bytes); }),
                    "byte offset " + offset);
  };
  EXPECT_TRUE(offset_named("ab\x80", "2"));              // a continuation byte cannot start a character
  EXPECT_TRUE(offset_named("ab\xC3", "2"));              // é cut off by the end of the text
  EXPECT_TRUE(offset_named("a\xC3\x28", "2"));           // ( is not a continuation byte
  EXPECT_TRUE(offset_named("\xC0\xAF", "0"));            // overlong "/"
  EXPECT_TRUE(offset_named("xy\xED\xA0\x80", "2"));      // surrogate U+D800
  EXPECT_TRUE(offset_named("\xF4\x90\x80\x80", "0"));    // U+110000, past the last code point
  EXPECT_TRUE(offset_named("\xFF", "0"));
}

// ---- CharTokenizer ---------------------------------------------------------------------

TEST(CharTokenizer, BuildsSortedVocabulary) {
  // Distinct characters of "hello world", sorted: ' ' d e h l o r w -> ids 0..7.
  const CharTokenizer tokenizer("hello world");
  EXPECT_EQ(tokenizer.vocab_size(), 8);
  EXPECT_EQ(tokenizer.characters(), (std::vector<char32_t>{U' ', U'd', U'e', U'h', U'l', U'o', U'r', U'w'}));
  EXPECT_EQ(tokenizer.encode("hello world"), (std::vector<int>{3, 2, 4, 4, 5, 0, 7, 5, 6, 4, 1}));
  EXPECT_EQ(tokenizer.encode("world"), (std::vector<int>{7, 5, 6, 4, 1}));
  EXPECT_EQ(tokenizer.encode(""), std::vector<int>{});
  // Ids depend on which characters occur, not on their order or count.
  EXPECT_EQ(CharTokenizer("dlrow olleh hhh").encode("hello world"), tokenizer.encode("hello world"));
}

TEST(CharTokenizer, RoundTripsMultiByteText) {
  // Sorted code points: ' ' U+0020, a U+0061, é U+00E9, 日 U+65E5, 本 U+672C, 語 U+8A9E, 🙂 U+1F642.
  const std::string text = "日本語 é 🙂 a";
  const CharTokenizer tokenizer(text);
  EXPECT_EQ(tokenizer.vocab_size(), 7);
  EXPECT_EQ(tokenizer.encode("🙂é日"), (std::vector<int>{6, 2, 3})) << "one id per character, not per byte";
  EXPECT_EQ(tokenizer.encode(text), (std::vector<int>{3, 4, 5, 0, 2, 0, 6, 0, 1}));
  EXPECT_EQ(tokenizer.decode({6, 2, 3}), "🙂é日");
  EXPECT_EQ(tokenizer.decode(tokenizer.encode(text)), text);
  EXPECT_EQ(tokenizer.decode({}), "");
}

TEST(CharTokenizer, UnknownCharacterErrorNamesItAndItsPosition) {
  const CharTokenizer tokenizer("hello world");
  EXPECT_EQ(tokenizer.policy(), UnknownPolicy::kError);
  const std::string message = message_of<std::invalid_argument>([&] { tokenizer.encode("help"); });
  EXPECT_TRUE(contains(message, "'p'"));
  EXPECT_TRUE(contains(message, "U+0070"));
  EXPECT_TRUE(contains(message, "position 3"));
  // Positions count characters, not bytes: "é" before "ö" is one character.
  const std::string wide = message_of<std::invalid_argument>([&] { tokenizer.encode("hé"); });
  EXPECT_TRUE(contains(wide, "U+00E9"));
  EXPECT_TRUE(contains(wide, "position 1"));
  const std::string later = message_of<std::invalid_argument>([&] { CharTokenizer("hé!").encode("héö"); });
  EXPECT_TRUE(contains(later, "'ö'"));
  EXPECT_TRUE(contains(later, "position 2"));
}

TEST(CharTokenizer, UnknownCharacterReplacedByUnk) {
  // Under kReplace id 0 is <unk>, so ' ' d e h l o r w are ids 1..8.
  const CharTokenizer tokenizer("hello world", UnknownPolicy::kReplace);
  EXPECT_EQ(tokenizer.vocab_size(), 9);
  EXPECT_EQ(tokenizer.encode("hold, wörld!"), (std::vector<int>{4, 6, 5, 2, 0, 1, 8, 0, 7, 5, 2, 0}));
  EXPECT_EQ(tokenizer.decode({4, 6, 5, 2, 0}), "hold\xEF\xBF\xBD");
  EXPECT_EQ(tokenizer.decode(tokenizer.encode("hold, wörld!")), "hold\xEF\xBF\xBD w\xEF\xBF\xBDrld\xEF\xBF\xBD");
  EXPECT_EQ(tokenizer.decode(tokenizer.encode("hello world")), "hello world");
}

TEST(CharTokenizer, DecodeRejectsOutOfRangeIds) {
  const CharTokenizer tokenizer("hello world");  // ids 0..7
  EXPECT_EQ(tokenizer.decode({3, 2, 4}), "hel");
  const std::string high = message_of<std::out_of_range>([&] { tokenizer.decode({3, 8}); });
  EXPECT_TRUE(contains(high, "id 8"));
  EXPECT_TRUE(contains(high, "vocab_size is 8"));
  EXPECT_TRUE(contains(high, "position 1"));
  EXPECT_TRUE(contains(message_of<std::out_of_range>([&] { tokenizer.decode({-1}); }), "id -1"));
  const CharTokenizer with_unk("ab", UnknownPolicy::kReplace);  // <unk> a b: ids 0..2
  EXPECT_EQ(with_unk.decode({2, 1}), "ba");
  EXPECT_TRUE(contains(message_of<std::out_of_range>([&] { with_unk.decode({3}); }), "vocab_size is 3"));
}
