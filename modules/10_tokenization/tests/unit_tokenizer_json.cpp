// Module 10 unit tests: saving and loading tokenizers as JSON (Task 10.4).

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "tinytorch/text/tokenizer.hpp"
#include "tokenizer_test_helpers.hpp"

using tinytorch::BPETokenizer;
using tinytorch::CharTokenizer;
using tinytorch::UnknownPolicy;
using tinytorch::testing::contains;
using tinytorch::testing::message_of;

namespace {

// A fresh folder under the system's temporary directory, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("tinytorch_10_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

BPETokenizer trained(const std::string& text, int num_merges) {
  BPETokenizer tokenizer;
  tokenizer.train(text, num_merges);
  return tokenizer;
}

}  // namespace

TEST(TokenizerJson, CharRoundTrip) {
  const CharTokenizer tokenizer("hello wörld 🙂", UnknownPolicy::kReplace);
  const nlohmann::json saved = nlohmann::json::parse(tokenizer.to_json());
  EXPECT_EQ(saved["type"], "char");
  EXPECT_EQ(saved["unknown_policy"], "replace");
  EXPECT_EQ(saved["characters"],
            (nlohmann::json{" ", "d", "e", "h", "l", "o", "r", "w", "ö", "🙂"}));

  const CharTokenizer loaded = CharTokenizer::from_json(tokenizer.to_json());
  EXPECT_EQ(loaded.policy(), UnknownPolicy::kReplace);
  EXPECT_EQ(loaded.vocab_size(), 11);
  EXPECT_EQ(loaded.characters(), tokenizer.characters());
  const std::string text = "hello wörld 🙂, and some unknowns ÷";
  EXPECT_EQ(loaded.encode(text), tokenizer.encode(text));
  EXPECT_EQ(loaded.to_json(), tokenizer.to_json());

  const CharTokenizer strict = CharTokenizer::from_json(CharTokenizer("ba").to_json());
  EXPECT_EQ(strict.policy(), UnknownPolicy::kError);
  EXPECT_EQ(strict.encode("abba"), (std::vector<int>{0, 1, 1, 0}));
  EXPECT_THROW(strict.encode("c"), std::invalid_argument);
}

TEST(TokenizerJson, BpeRoundTrip) {
  const BPETokenizer tokenizer = trained("aaabdaaabac", 10);
  const nlohmann::json saved = nlohmann::json::parse(tokenizer.to_json());
  EXPECT_EQ(saved["type"], "byte_bpe");
  EXPECT_EQ(saved["merges"], nlohmann::json::parse("[[97, 97], [97, 98], [256, 257]]"));

  const BPETokenizer loaded = BPETokenizer::from_json(tokenizer.to_json());
  EXPECT_EQ(loaded.merges(), tokenizer.merges());
  EXPECT_EQ(loaded.vocab_size(), 259);
  EXPECT_EQ(loaded.token_bytes(258), "aaab");
  for (const std::string text : {"aaabdaaabac", "aab", "abaa", "🙂 é"}) {
    EXPECT_EQ(loaded.encode(text), tokenizer.encode(text)) << text;
  }
  // A file written by hand loads the same way.
  EXPECT_EQ(BPETokenizer::from_json(R"({"merges": [[97, 97]], "type": "byte_bpe"})").encode("aaa"),
            (std::vector<int>{256, 97}));
  EXPECT_EQ(BPETokenizer::from_json(BPETokenizer().to_json()).vocab_size(), 256);
}

TEST(TokenizerJson, SaveAndLoadFiles) {
  TempDir dir;
  const BPETokenizer bpe = trained("the cat sat on the mat; the cat ate the rat", 20);
  bpe.save(dir.path() / "bpe.json");
  const BPETokenizer bpe_loaded = BPETokenizer::load(dir.path() / "bpe.json");
  EXPECT_EQ(bpe_loaded.merges(), bpe.merges());
  EXPECT_EQ(bpe_loaded.encode("the rat sat on the cat"), bpe.encode("the rat sat on the cat"));

  const CharTokenizer chars("the cat sat 🙂");
  chars.save(dir.path() / "chars.json");
  EXPECT_EQ(CharTokenizer::load(dir.path() / "chars.json").encode("🙂 at the"), chars.encode("🙂 at the"));

  const auto missing = dir.path() / "missing.json";
  EXPECT_TRUE(contains(message_of<std::runtime_error>([&] { BPETokenizer::load(missing); }), missing.string()));
  // A file of the wrong kind is a field error, not a crash.
  EXPECT_THROW(CharTokenizer::load(dir.path() / "bpe.json"), std::invalid_argument);
}

TEST(TokenizerJson, MalformedJsonIsRejected) {
  for (const std::string text : {"", "{not json", R"({"type": "byte_bpe", "merges": [[97, 97]])"}) {
    EXPECT_TRUE(contains(message_of<std::invalid_argument>([&] { BPETokenizer::from_json(text); }),
                         "not valid JSON"));
    EXPECT_TRUE(contains(message_of<std::invalid_argument>([&] { CharTokenizer::from_json(text); }),
                         "not valid JSON"));
  }
  EXPECT_TRUE(contains(message_of<std::invalid_argument>([] { BPETokenizer::from_json("[1, 2]"); }),
                       "expected a JSON object"));
  EXPECT_TRUE(contains(message_of<std::invalid_argument>([] { CharTokenizer::from_json("42"); }),
                       "expected a JSON object"));
}

TEST(TokenizerJson, WrongFieldsAreNamed) {
  const auto bpe_error = [](const std::string& json) {
    return message_of<std::invalid_argument>([&] { BPETokenizer::from_json(json); });
  };
  const auto char_error = [](const std::string& json) {
    return message_of<std::invalid_argument>([&] { CharTokenizer::from_json(json); });
  };
  // The wrong kind of tokenizer.
  const std::string char_json = CharTokenizer("ab").to_json();
  EXPECT_TRUE(contains(bpe_error(char_json), R"(expected "type": "byte_bpe", got "char")"));
  EXPECT_TRUE(contains(char_error(trained("abab", 1).to_json()), R"(expected "type": "char", got "byte_bpe")"));
  EXPECT_TRUE(contains(bpe_error(R"({"merges": []})"), "no type field"));
  // BPE merges: shape, ids that do not exist yet, repeats, unknown fields.
  EXPECT_TRUE(contains(bpe_error(R"({"type": "byte_bpe"})"), "\"merges\" must be an array"));
  EXPECT_TRUE(contains(bpe_error(R"({"type": "byte_bpe", "merges": [[97]]})"), "merges[0]"));
  EXPECT_TRUE(contains(bpe_error(R"({"type": "byte_bpe", "merges": [[97, 97], [97, "b"]]})"), "merges[1]"));
  const std::string future = bpe_error(R"({"type": "byte_bpe", "merges": [[97, 97], [256, 257]]})");
  EXPECT_TRUE(contains(future, "merges[1]"));
  EXPECT_TRUE(contains(future, "token 257"));
  EXPECT_TRUE(contains(bpe_error(R"({"type": "byte_bpe", "merges": [[-1, 97]]})"), "token -1"));
  EXPECT_TRUE(contains(bpe_error(R"({"type": "byte_bpe", "merges": [[97, 97], [97, 97]]})"), "repeats merges[0]"));
  EXPECT_TRUE(contains(bpe_error(R"({"type": "byte_bpe", "merges": [], "vocab": 300})"), "\"vocab\""));
  // Char fields: policy, one character per entry, sorted and distinct.
  EXPECT_TRUE(contains(char_error(R"({"type": "char", "unknown_policy": "maybe", "characters": []})"),
                       "unknown_policy"));
  EXPECT_TRUE(contains(char_error(R"({"type": "char", "unknown_policy": "error", "characters": ["a", "bc"]})"),
                       "characters[1]"));
  EXPECT_TRUE(contains(char_error(R"({"type": "char", "unknown_policy": "error", "characters": ["b", "a"]})"),
                       "characters[1]"));
  EXPECT_TRUE(contains(char_error(R"({"type": "char", "unknown_policy": "error", "characters": ["a", "a"]})"),
                       "sorted and distinct"));
  EXPECT_TRUE(contains(char_error(R"({"type": "char", "unknown_policy": "error", "characters": [97]})"),
                       "characters[0]"));
  EXPECT_TRUE(contains(char_error(R"({"type": "char", "unknown_policy": "error"})"), "\"characters\""));
  EXPECT_TRUE(contains(
      char_error(R"({"type": "char", "unknown_policy": "error", "characters": [], "extra": 1})"), "\"extra\""));
}
