#pragma once
// Helpers for module 10's tests: what an expected exception said, a substring
// check that prints the whole message when it fails, and readable merges.

#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "tinytorch/text/tokenizer.hpp"

namespace tinytorch {

/// How GoogleTest prints a merge in a failure: (97, 97) -> 256.
inline void PrintTo(const Merge& merge, std::ostream* out) {
  *out << "(" << merge.left << ", " << merge.right << ") -> " << merge.id;
}

}  // namespace tinytorch

namespace tinytorch::testing {

/// The what() of the `Error` that `action` throws; fails the test when it throws nothing.
/// Any other exception (a stub's NotImplemented included) escapes and fails the test.
template <class Error, class Action>
std::string message_of(Action action) {
  try {
    action();
  } catch (const Error& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected an exception, none was thrown";
  return "";
}

/// Passes when `text` contains `part`; otherwise shows both.
inline ::testing::AssertionResult contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << text << "\" does not contain \"" << part << "\"";
}

}  // namespace tinytorch::testing
