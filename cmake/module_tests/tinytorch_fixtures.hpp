#pragma once
// Test helpers for course modules: reference fixtures (JSON written once by a
// module's tests/fixtures/make_fixtures.py with PyTorch) read into Tensors,
// and a comparison that prints the number that matters when values differ.
// Every module's test executable has this folder on its include path and
// TINYTORCH_FIXTURES_DIR pointing at its own tests/fixtures/.

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tinytorch/core/tensor.hpp"

namespace tinytorch::testing {

/// One reference case: inputs, expected output and arguments, as the fixture script wrote them.
struct FixtureCase {
  std::string name;
  std::string op;
  std::vector<Tensor> inputs;
  Tensor expected;
  nlohmann::json args;
};

inline Tensor tensor_from_json(const nlohmann::json& value) {
  return Tensor::from_data(value.at("data").get<std::vector<float>>(), value.at("shape").get<Shape>());
}

/// Every case of a fixture file in this module's tests/fixtures/.
inline std::map<std::string, FixtureCase> load_fixture(const std::string& file) {
  const std::string path = std::string(TINYTORCH_FIXTURES_DIR) + "/" + file;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("fixture not found: " + path);
  const nlohmann::json root = nlohmann::json::parse(in);
  std::map<std::string, FixtureCase> cases;
  for (const auto& item : root.at("cases")) {
    FixtureCase entry;
    entry.name = item.at("name").get<std::string>();
    entry.op = item.at("op").get<std::string>();
    for (const auto& input : item.at("inputs")) entry.inputs.push_back(tensor_from_json(input));
    entry.expected = tensor_from_json(item.at("expected"));
    entry.args = item.value("args", nlohmann::json::object());
    cases[entry.name] = std::move(entry);
  }
  return cases;
}

/// Fails with the shapes, or with the largest difference, when `actual` is not close to `expected`.
inline ::testing::AssertionResult close_to(const Tensor& actual, const Tensor& expected, float atol = 1e-5f,
                                           float rtol = 1e-5f) {
  if (actual.shape() != expected.shape()) {
    return ::testing::AssertionFailure() << "shape " << shape_str(actual.shape()) << ", expected "
                                         << shape_str(expected.shape());
  }
  if (actual.allclose(expected, rtol, atol)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "max abs diff " << actual.max_abs_diff(expected) << " (atol " << atol
                                       << ", rtol " << rtol << ")\n  actual:   " << actual
                                       << "\n  expected: " << expected;
}

}  // namespace tinytorch::testing
