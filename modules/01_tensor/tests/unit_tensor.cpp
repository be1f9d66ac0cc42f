// Module 01 unit tests: construction, strides and element access (Task 01.1), views (Task 01.2).

#include <gtest/gtest.h>

#include "tinytorch/core/errors.hpp"
#include "tinytorch/core/tensor.hpp"
#include "tinytorch_fixtures.hpp"

using tinytorch::Shape;
using tinytorch::ShapeError;
using tinytorch::Tensor;

TEST(Construction, ZerosOnesFullArange) {
  EXPECT_EQ(Tensor::zeros({2, 3}).to_vector(), std::vector<float>(6, 0.0f));
  EXPECT_EQ(Tensor::ones({4}).to_vector(), std::vector<float>(4, 1.0f));
  EXPECT_EQ(Tensor::full({2, 2}, 7.5f).to_vector(), std::vector<float>(4, 7.5f));
  EXPECT_EQ(Tensor::arange(0, 5).to_vector(), (std::vector<float>{0, 1, 2, 3, 4}));
  EXPECT_EQ(Tensor::arange(1, 2, 0.25f).to_vector(), (std::vector<float>{1, 1.25f, 1.5f, 1.75f}));
  EXPECT_EQ(Tensor::zeros({2, 3, 4}).shape(), (Shape{2, 3, 4}));
  EXPECT_EQ(Tensor::zeros({2, 0}).numel(), 0);
}

TEST(Construction, SeededRandomIsReproducible) {
  const Tensor a = Tensor::randn({100}, 42);
  EXPECT_EQ(a.to_vector(), Tensor::randn({100}, 42).to_vector());
  EXPECT_NE(a.to_vector(), Tensor::randn({100}, 43).to_vector());
  const float mean = a.mean(0).item();
  EXPECT_NEAR(mean, 0.0f, 0.3f) << "100 standard normal samples";
  const Tensor u = Tensor::rand({1000}, 7, 2.0f, 3.0f);
  EXPECT_GE(u.max(0).item(), 2.9f);
  EXPECT_LT(u.max(0).item(), 3.0f);
  EXPECT_GE((-u).max(0).item(), -2.1f);
}

TEST(Construction, FromDataChecksTheCount) {
  EXPECT_EQ(Tensor::from_data({1, 2, 3, 4, 5, 6}, {2, 3}).at({1, 0}), 4.0f);
  try {
    Tensor::from_data({1, 2, 3}, {2, 2});
    FAIL() << "3 values filled a (2, 2) tensor";
  } catch (const ShapeError& error) {
    EXPECT_NE(std::string(error.what()).find("(2, 2)"), std::string::npos) << error.what();
  }
}

TEST(Strides, ContiguousStridesAreRowMajor) {
  EXPECT_EQ(tinytorch::contiguous_strides({2, 3, 4}), (Shape{12, 4, 1}));
  EXPECT_EQ(tinytorch::contiguous_strides({5}), (Shape{1}));
  EXPECT_EQ(tinytorch::contiguous_strides({}), (Shape{}));
  EXPECT_EQ(Tensor::zeros({3, 1, 2}).strides(), (Shape{2, 2, 1}));
}

TEST(Strides, AtReadsAndWritesThroughStrides) {
  Tensor t = Tensor::arange(0, 24).reshape({2, 3, 4});
  EXPECT_EQ(t.at({0, 0, 0}), 0.0f);
  EXPECT_EQ(t.at({1, 2, 3}), 23.0f);
  EXPECT_EQ(t.at({1, 0, 2}), 14.0f);  // 1*12 + 0*4 + 2
  t.at({0, 1, 1}) = -5.0f;
  EXPECT_EQ(t.to_vector()[5], -5.0f);
  EXPECT_THROW(t.at({2, 0, 0}), ShapeError);
  EXPECT_THROW(t.at({0, 0}), ShapeError);
}

TEST(Views, TransposeIsAViewThatAliases) {
  Tensor base = Tensor::arange(0, 6).reshape({2, 3});
  Tensor t = base.transpose(0, 1);
  EXPECT_EQ(t.shape(), (Shape{3, 2}));
  EXPECT_EQ(t.strides(), (Shape{1, 3}));
  EXPECT_TRUE(t.shares_storage(base));
  EXPECT_FALSE(t.is_contiguous());
  EXPECT_EQ(t.to_vector(), (std::vector<float>{0, 3, 1, 4, 2, 5}));
  t.at({2, 1}) = 100.0f;  // element (1, 2) of the base
  EXPECT_EQ(base.at({1, 2}), 100.0f);
}

TEST(Views, PermuteReordersAxes) {
  Tensor t = Tensor::arange(0, 24).reshape({2, 3, 4});
  Tensor p = t.permute({2, 0, 1});
  EXPECT_EQ(p.shape(), (Shape{4, 2, 3}));
  EXPECT_TRUE(p.shares_storage(t));
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 3; ++j)
      for (int64_t k = 0; k < 4; ++k) EXPECT_EQ(p.at({k, i, j}), t.at({i, j, k}));
  EXPECT_THROW(t.permute({0, 0, 1}), ShapeError);
  EXPECT_THROW(t.permute({0, 1}), ShapeError);
}

TEST(Views, SliceAlongAnyAxis) {
  Tensor t = Tensor::arange(0, 24).reshape({2, 3, 4});
  Tensor s = t.slice(2, 1, 3);
  EXPECT_EQ(s.shape(), (Shape{2, 3, 2}));
  EXPECT_TRUE(s.shares_storage(t));
  EXPECT_EQ(s.at({1, 2, 0}), t.at({1, 2, 1}));
  Tensor stepped = t.slice(1, 0, 3, 2);
  EXPECT_EQ(stepped.shape(), (Shape{2, 2, 4}));
  EXPECT_EQ(stepped.at({0, 1, 3}), t.at({0, 2, 3}));
  EXPECT_EQ(t.slice(0, -1, 2).shape(), (Shape{1, 3, 4}));
  EXPECT_EQ(t.slice(0, 1, 2).at({0, 0, 0}), 12.0f);
  s.at({0, 0, 0}) = -1.0f;
  EXPECT_EQ(t.at({0, 0, 1}), -1.0f);
}

TEST(Views, ReshapeOfContiguousDataIsAView) {
  Tensor t = Tensor::arange(0, 12);
  Tensor r = t.reshape({3, -1});
  EXPECT_EQ(r.shape(), (Shape{3, 4}));
  EXPECT_TRUE(r.shares_storage(t));
  EXPECT_EQ(r.at({2, 1}), 9.0f);
  EXPECT_THROW(t.reshape({5, 3}), ShapeError);
}

TEST(Views, ReshapeOfAViewCopiesAndContiguousCopies) {
  Tensor t = Tensor::arange(0, 6).reshape({2, 3});
  Tensor tt = t.transpose(0, 1);
  Tensor flat = tt.reshape({6});
  EXPECT_FALSE(flat.shares_storage(t));
  EXPECT_EQ(flat.to_vector(), (std::vector<float>{0, 3, 1, 4, 2, 5}));
  Tensor c = tt.contiguous();
  EXPECT_TRUE(c.is_contiguous());
  EXPECT_FALSE(c.shares_storage(t));
  EXPECT_TRUE(t.contiguous().shares_storage(t)) << "already contiguous: no copy";
  EXPECT_FALSE(t.clone().shares_storage(t));
}
