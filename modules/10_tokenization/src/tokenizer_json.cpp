// Module 10 — Tokenization: saving and loading tokenizers as JSON (Task 10.4).
//
// A tokenizer is part of a model: ids mean nothing without the exact
// vocabulary that made them. The files hold only what cannot be recomputed —
// the characters, or the merges in order (each merged token's bytes follow
// from its two parts) — and loading checks every field, because a tokenizer
// that loads "almost right" silently gives different ids.
//
//   {"type": "char", "unknown_policy": "replace", "characters": [" ", "a", "é"]}
//   {"type": "byte_bpe", "merges": [[97, 97], [97, 98], [256, 257]]}

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tinytorch/core/not_implemented.hpp"
#include "tinytorch/text/tokenizer.hpp"

namespace tinytorch {
namespace {

std::string read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read tokenizer file " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write tokenizer file " + path.string());
}

// Parses a saved tokenizer: a JSON object whose "type" is `type` and whose keys are all in
// `fields`. Every problem throws std::invalid_argument("<who>::from_json: ...").
[[maybe_unused]] nlohmann::json parse_typed_object(const std::string& json, const std::string& who,
                                                  const std::string& type, const std::vector<std::string>& fields) {
  // BEGIN SOLUTION Task 10.4: parse_typed_object
  const auto fail = [&](const std::string& what) { return std::invalid_argument(who + "::from_json: " + what); };
  nlohmann::json root;
  try {
    root = nlohmann::json::parse(json);
  } catch (const nlohmann::json::parse_error& error) {
    throw fail(std::string("not valid JSON: ") + error.what());
  }
  if (!root.is_object()) throw fail(std::string("expected a JSON object, got ") + root.type_name());
  if (!root.contains("type") || root["type"] != type) {
    throw fail("expected \"type\": \"" + type + "\", got " +
               (root.contains("type") ? root["type"].dump() : "no type field"));
  }
  for (const auto& [key, value] : root.items()) {
    if (std::find(fields.begin(), fields.end(), key) == fields.end()) {
      std::string expected;
      for (const auto& field : fields) expected += (expected.empty() ? "" : ", ") + field;
      throw fail("unknown field \"" + key + "\" (expected " + expected + ")");
    }
  }
  return root;
  // END SOLUTION
}

}  // namespace

// ---- CharTokenizer -----------------------------------------------------------------

std::string CharTokenizer::to_json() const {
  // BEGIN SOLUTION Task 10.4: CharTokenizer::to_json
  // Characters as UTF-8 strings, so the file is readable; their order is their id order.
  nlohmann::json characters = nlohmann::json::array();
  for (const char32_t code_point : characters_) characters.push_back(code_point_to_utf8(code_point));
  const nlohmann::json root = {
      {"type", "char"},
      {"unknown_policy", policy_ == UnknownPolicy::kReplace ? "replace" : "error"},
      {"characters", characters},
  };
  return root.dump();
  // END SOLUTION
}

CharTokenizer CharTokenizer::from_json(const std::string& json) {
  // BEGIN SOLUTION Task 10.4: CharTokenizer::from_json
  const auto fail = [](const std::string& what) {
    return std::invalid_argument("CharTokenizer::from_json: " + what);
  };
  const nlohmann::json root = parse_typed_object(json, "CharTokenizer", "char", {"type", "unknown_policy", "characters"});

  CharTokenizer tokenizer;
  const nlohmann::json policy = root.value("unknown_policy", nlohmann::json());
  if (policy == "error") {
    tokenizer.policy_ = UnknownPolicy::kError;
  } else if (policy == "replace") {
    tokenizer.policy_ = UnknownPolicy::kReplace;
  } else {
    throw fail("\"unknown_policy\" must be \"error\" or \"replace\", not " + policy.dump());
  }

  const nlohmann::json characters = root.value("characters", nlohmann::json());
  if (!characters.is_array()) throw fail("\"characters\" must be an array of strings, not " + characters.dump());
  for (std::size_t i = 0; i < characters.size(); ++i) {
    const std::string where = "characters[" + std::to_string(i) + "]";
    if (!characters[i].is_string()) throw fail(where + " must be a string, not " + characters[i].dump());
    const std::vector<char32_t> code_points = utf8_to_code_points(characters[i].get<std::string>());
    if (code_points.size() != 1) throw fail(where + " = " + characters[i].dump() + " must be exactly one character");
    // Ids are positions in the sorted list: an unsorted file would silently renumber them.
    if (!tokenizer.characters_.empty() && code_points[0] <= tokenizer.characters_.back()) {
      throw fail(where + " (" + code_point_name(code_points[0]) + ") must come after " +
                 code_point_name(tokenizer.characters_.back()) + ": characters are sorted and distinct");
    }
    tokenizer.characters_.push_back(code_points[0]);
    tokenizer.ids_[code_points[0]] = static_cast<int>(i) + tokenizer.first_id();
  }
  return tokenizer;
  // END SOLUTION
}

void CharTokenizer::save(const std::filesystem::path& path) const { write_text_file(path, to_json()); }

CharTokenizer CharTokenizer::load(const std::filesystem::path& path) { return from_json(read_text_file(path)); }

// ---- BPETokenizer ------------------------------------------------------------------

std::string BPETokenizer::to_json() const {
  // BEGIN SOLUTION Task 10.4: BPETokenizer::to_json
  // The merges in learned order are the whole model: merge i creates id 256 + i.
  nlohmann::json merges = nlohmann::json::array();
  for (const Merge& merge : merges_) merges.push_back({merge.left, merge.right});
  const nlohmann::json root = {{"type", "byte_bpe"}, {"merges", merges}};
  return root.dump();
  // END SOLUTION
}

BPETokenizer BPETokenizer::from_json(const std::string& json) {
  // BEGIN SOLUTION Task 10.4: BPETokenizer::from_json
  const auto fail = [](const std::string& what) {
    return std::invalid_argument("BPETokenizer::from_json: " + what);
  };
  const nlohmann::json root = parse_typed_object(json, "BPETokenizer", "byte_bpe", {"type", "merges"});
  const nlohmann::json merges = root.value("merges", nlohmann::json());
  if (!merges.is_array()) throw fail("\"merges\" must be an array of [left, right] pairs, not " + merges.dump());

  // Replaying the merges rebuilds every token's bytes; each may only use
  // tokens that exist before it, and a pair may be merged only once.
  BPETokenizer tokenizer;
  for (std::size_t i = 0; i < merges.size(); ++i) {
    const nlohmann::json& entry = merges[i];
    const std::string where = "merges[" + std::to_string(i) + "] = " + entry.dump();
    if (!entry.is_array() || entry.size() != 2 || !entry[0].is_number_integer() || !entry[1].is_number_integer()) {
      throw fail(where + " must be a pair of two integer ids");
    }
    for (const int64_t id : {entry[0].get<int64_t>(), entry[1].get<int64_t>()}) {
      if (id < 0 || id >= tokenizer.vocab_size()) {
        throw fail(where + " uses token " + std::to_string(id) + ", but only tokens 0.." +
                   std::to_string(tokenizer.vocab_size() - 1) + " exist before it");
      }
    }
    const TokenPair pair{entry[0].get<int>(), entry[1].get<int>()};
    if (tokenizer.ranks_.count(pair) != 0) {
      throw fail(where + " repeats merges[" + std::to_string(tokenizer.ranks_.at(pair)) + "]");
    }
    tokenizer.add_merge(pair);
  }
  return tokenizer;
  // END SOLUTION
}

void BPETokenizer::save(const std::filesystem::path& path) const { write_text_file(path, to_json()); }

BPETokenizer BPETokenizer::load(const std::filesystem::path& path) { return from_json(read_text_file(path)); }

}  // namespace tinytorch
