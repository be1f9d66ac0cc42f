// Module 01 unit tests: broadcasting (Task 01.4), unary math and reductions (Task 01.5),
// checked by hand and against PyTorch (tests/fixtures/tensor_ops.json).

#include <gtest/gtest.h>

#include <cmath>

#include "tinytorch/core/errors.hpp"
#include "tinytorch/core/tensor.hpp"
#include "tinytorch_fixtures.hpp"

using tinytorch::Shape;
using tinytorch::ShapeError;
using tinytorch::Tensor;
using tinytorch::testing::close_to;
using tinytorch::testing::load_fixture;

TEST(Broadcast, ShapesFollowNumpyRules) {
  EXPECT_EQ(tinytorch::broadcast_shapes({2, 3, 4}, {4}, "t"), (Shape{2, 3, 4}));
  EXPECT_EQ(tinytorch::broadcast_shapes({3, 1}, {1, 4}, "t"), (Shape{3, 4}));
  EXPECT_EQ(tinytorch::broadcast_shapes({}, {2, 2}, "t"), (Shape{2, 2}));
  EXPECT_EQ(tinytorch::broadcast_shapes({5, 1, 7}, {3, 1}, "t"), (Shape{5, 3, 7}));
}

TEST(Broadcast, ErrorNamesBothShapesAndTheOperation) {
  try {
    Tensor::zeros({2, 3}) + Tensor::zeros({4});
    FAIL() << "(2, 3) + (4,) did not throw";
  } catch (const ShapeError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("add"), std::string::npos) << message;
    EXPECT_NE(message.find("(2, 3)"), std::string::npos) << message;
    EXPECT_NE(message.find("(4,)"), std::string::npos) << message;
  }
}

TEST(Broadcast, ArithmeticMatchesTorch) {
  const auto cases = load_fixture("tensor_ops.json");
  for (const char* name : {"add_trailing", "mul_outer", "sub_both_sides", "div_same"}) {
    const auto& c = cases.at(name);
    const Tensor& a = c.inputs[0];
    const Tensor& b = c.inputs[1];
    const Tensor out = c.op == "add" ? a + b : c.op == "mul" ? a * b : c.op == "sub" ? a - b : a / b;
    EXPECT_TRUE(close_to(out, c.expected)) << name;
  }
}

TEST(Broadcast, ScalarsAndHandValues) {
  const Tensor a = Tensor::from_data({1, 2, 3, 4}, {2, 2});
  EXPECT_EQ((a * 2.0f + 1.0f).to_vector(), (std::vector<float>{3, 5, 7, 9}));
  EXPECT_EQ((a - Tensor::from_data({1, 2}, {2})).to_vector(), (std::vector<float>{0, 0, 2, 2}));
  EXPECT_EQ((a.transpose(0, 1) + Tensor::from_data({10, 20}, {2, 1})).to_vector(),
            (std::vector<float>{11, 13, 22, 24}));
}

TEST(Math, UnaryMatchesTorch) {
  const auto cases = load_fixture("tensor_ops.json");
  EXPECT_TRUE(close_to(cases.at("exp").inputs[0].exp(), cases.at("exp").expected));
  EXPECT_TRUE(close_to(cases.at("tanh").inputs[0].tanh(), cases.at("tanh").expected));
  EXPECT_TRUE(close_to(cases.at("log").inputs[0].log(), cases.at("log").expected));
  EXPECT_TRUE(close_to(cases.at("sqrt").inputs[0].sqrt(), cases.at("sqrt").expected));
  EXPECT_FLOAT_EQ(Tensor::full({1}, 0.0f).exp().item(), 1.0f);
}

TEST(Reductions, MatchTorchOnEveryAxis) {
  for (const auto& [name, c] : load_fixture("tensor_ops.json")) {
    if (c.op != "sum" && c.op != "mean" && c.op != "max" && c.op != "argmax") continue;
    const int64_t axis = c.args.at("axis");
    const bool keep = c.args.at("keepdims");
    const Tensor& x = c.inputs[0];
    const Tensor out = c.op == "sum"    ? x.sum(axis, keep)
                       : c.op == "mean" ? x.mean(axis, keep)
                       : c.op == "max"  ? x.max(axis, keep)
                                        : x.argmax(axis, keep);
    EXPECT_TRUE(close_to(out, c.expected)) << name;
  }
}

TEST(Reductions, KeepdimsAndHandValues) {
  const Tensor a = Tensor::from_data({1, 5, 3, 4, 2, 6}, {2, 3});
  EXPECT_EQ(a.sum(1).to_vector(), (std::vector<float>{9, 12}));
  EXPECT_EQ(a.sum(0, true).shape(), (Shape{1, 3}));
  EXPECT_EQ(a.mean(0).to_vector(), (std::vector<float>{2.5f, 3.5f, 4.5f}));
  EXPECT_EQ(a.max(1).to_vector(), (std::vector<float>{5, 6}));
  EXPECT_EQ(a.argmax(1).to_vector(), (std::vector<float>{1, 2}));
  EXPECT_EQ(Tensor::from_data({3, 7, 7, 1}, {4}).argmax(0).item(), 1.0f) << "first of equal maxima";
  EXPECT_EQ(a.transpose(0, 1).sum(1).to_vector(), (std::vector<float>{5, 7, 9})) << "reduces a view";
  EXPECT_EQ(a.sum().item(), 21.0f);
  EXPECT_THROW(a.sum(2), ShapeError);
}
