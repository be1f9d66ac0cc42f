// Module 10 — Tokenization: UTF-8 and the character tokenizer (Task 10.1).
//
// Read top to bottom: how UTF-8 bytes become Unicode code points and back,
// then a tokenizer whose vocabulary is the distinct code points of a text.
//
// UTF-8 in one table (x = payload bits, high bits first):
//   U+0000  .. U+007F     0xxxxxxx                              1 byte
//   U+0080  .. U+07FF     110xxxxx 10xxxxxx                     2 bytes
//   U+0800  .. U+FFFF     1110xxxx 10xxxxxx 10xxxxxx            3 bytes
//   U+10000 .. U+10FFFF   11110xxx 10xxxxxx 10xxxxxx 10xxxxxx   4 bytes
// Surrogates U+D800..U+DFFF are not characters, and every code point has
// exactly one encoding: the shortest (a longer one is "overlong", invalid).

#include <cstdio>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "tinytorch/core/not_implemented.hpp"
#include "tinytorch/text/tokenizer.hpp"

namespace tinytorch {

std::string code_point_name(char32_t code_point) {
  char text[16];
  std::snprintf(text, sizeof text, "U+%04X", static_cast<unsigned>(code_point));
  return text;
}

// ---- UTF-8 ---------------------------------------------------------------------

std::vector<char32_t> utf8_to_code_points(const std::string& text) {
  // BEGIN SOLUTION Task 10.1: utf8_to_code_points
  // The lead byte says how many bytes the character has; each continuation
  // byte (10xxxxxx) adds 6 more payload bits. Everything else is an error,
  // reported with its byte offset so the bad byte can be found in a file.
  const auto fail = [&](std::size_t offset, const std::string& what) {
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[offset]));
    return std::invalid_argument("utf8_to_code_points: invalid UTF-8 at byte offset " + std::to_string(offset) +
                                 " (byte " + byte + "): " + what);
  };
  std::vector<char32_t> code_points;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    char32_t code_point = 0;
    char32_t smallest = 0;  // the smallest code point that needs this many bytes
    if (lead < 0x80) {
      length = 1;
      code_point = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code_point = lead & 0x1F;
      smallest = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code_point = lead & 0x0F;
      smallest = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code_point = lead & 0x07;
      smallest = 0x10000;
    } else {
      throw fail(i, "this byte cannot start a character");
    }
    if (i + length > text.size()) {
      throw fail(i, "a " + std::to_string(length) + "-byte character is cut off by the end of the text");
    }
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) throw fail(i + k, "expected a continuation byte 10xxxxxx");
      code_point = (code_point << 6) | (next & 0x3F);
    }
    if (code_point < smallest) throw fail(i, "overlong encoding of " + code_point_name(code_point));
    if (code_point >= 0xD800 && code_point <= 0xDFFF) throw fail(i, "surrogate " + code_point_name(code_point));
    if (code_point > 0x10FFFF) throw fail(i, code_point_name(code_point) + " is past U+10FFFF");
    code_points.push_back(code_point);
    i += length;
  }
  return code_points;
  // END SOLUTION
}

std::string code_point_to_utf8(char32_t code_point) {
  // BEGIN SOLUTION Task 10.1: code_point_to_utf8
  // The table above, read right to left: the last 6 bits go into the last byte.
  if ((code_point >= 0xD800 && code_point <= 0xDFFF) || code_point > 0x10FFFF) {
    throw std::invalid_argument("code_point_to_utf8: " + code_point_name(code_point) +
                                " is not a Unicode character (a surrogate or past U+10FFFF)");
  }
  std::string bytes;
  if (code_point < 0x80) {
    bytes += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    bytes += static_cast<char>(0xC0 | (code_point >> 6));
    bytes += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    bytes += static_cast<char>(0xE0 | (code_point >> 12));
    bytes += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    bytes += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    bytes += static_cast<char>(0xF0 | (code_point >> 18));
    bytes += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    bytes += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    bytes += static_cast<char>(0x80 | (code_point & 0x3F));
  }
  return bytes;
  // END SOLUTION
}

// ---- CharTokenizer -----------------------------------------------------------------

CharTokenizer::CharTokenizer(const std::string& text, UnknownPolicy policy) : policy_(policy) {
  // BEGIN SOLUTION Task 10.1: CharTokenizer::CharTokenizer
  // Sorting the distinct code points makes the ids depend only on which
  // characters occur, not on where: the same text always gives the same ids.
  const std::vector<char32_t> code_points = utf8_to_code_points(text);
  const std::set<char32_t> distinct(code_points.begin(), code_points.end());
  characters_.assign(distinct.begin(), distinct.end());
  for (std::size_t i = 0; i < characters_.size(); ++i) ids_[characters_[i]] = static_cast<int>(i) + first_id();
  // END SOLUTION
}

int CharTokenizer::vocab_size() const { return static_cast<int>(characters_.size()) + first_id(); }

std::vector<int> CharTokenizer::encode(const std::string& text) const {
  // BEGIN SOLUTION Task 10.1: CharTokenizer::encode
  // One id per code point, not per byte: "é" is two bytes but one token.
  const std::vector<char32_t> code_points = utf8_to_code_points(text);
  std::vector<int> ids;
  ids.reserve(code_points.size());
  for (std::size_t position = 0; position < code_points.size(); ++position) {
    const char32_t code_point = code_points[position];
    const auto found = ids_.find(code_point);
    if (found != ids_.end()) {
      ids.push_back(found->second);
    } else if (policy_ == UnknownPolicy::kReplace) {
      ids.push_back(0);  // <unk>
    } else {
      throw std::invalid_argument("CharTokenizer::encode: character '" + code_point_to_utf8(code_point) + "' (" +
                                  code_point_name(code_point) + ") at position " + std::to_string(position) +
                                  " is not in the vocabulary of " + std::to_string(characters_.size()) +
                                  " characters. HINT: build the tokenizer from text that contains it, or use "
                                  "UnknownPolicy::kReplace to map it to <unk>");
    }
  }
  return ids;
  // END SOLUTION
}

std::string CharTokenizer::decode(const std::vector<int>& ids) const {
  // BEGIN SOLUTION Task 10.1: CharTokenizer::decode
  std::string text;
  for (std::size_t position = 0; position < ids.size(); ++position) {
    const int id = ids[position];
    if (id < 0 || id >= vocab_size()) {
      throw std::out_of_range("CharTokenizer::decode: id " + std::to_string(id) + " at position " +
                              std::to_string(position) + " is out of range: vocab_size is " +
                              std::to_string(vocab_size()) + " (valid ids 0.." + std::to_string(vocab_size() - 1) +
                              ")");
    }
    // <unk> cannot give back the character it replaced; U+FFFD marks the spot.
    text += id < first_id() ? std::string(kUnknownText) : code_point_to_utf8(characters_[id - first_id()]);
  }
  return text;
  // END SOLUTION
}

}  // namespace tinytorch
