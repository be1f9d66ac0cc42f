// Module 01 — Tensor: element-wise arithmetic with broadcasting (Task 01.4)
// and reductions along an axis (Task 01.5).

#include <algorithm>
#include <cmath>
#include <limits>

#include "tinytorch/core/errors.hpp"
#include "tinytorch/core/not_implemented.hpp"
#include "tinytorch/core/tensor.hpp"

namespace tinytorch {
namespace {

// Strides that read `tensor` as if it had shape `target` (its shape broadcast
// to it): broadcast axes get stride 0, so every step re-reads the same value.
Shape broadcast_strides(const Shape& shape, const Shape& strides, const Shape& target) {
  Shape result(target.size(), 0);
  const std::size_t lead = target.size() - shape.size();
  for (std::size_t i = 0; i < shape.size(); ++i) result[lead + i] = shape[i] == 1 ? 0 : strides[i];
  return result;
}

// Calls visit(out_index, a_offset, b_offset) for every element of `shape`,
// walking the index like an odometer; offsets follow each input's strides.
template <class Visit>
void for_each_pair(const Shape& shape, const Shape& a_strides, const Shape& b_strides, Visit visit) {
  const int64_t rank = static_cast<int64_t>(shape.size());
  const int64_t total = numel_of(shape);
  if (total == 0) return;
  std::vector<int64_t> index(shape.size(), 0);
  int64_t a = 0;
  int64_t b = 0;
  const int64_t inner = rank ? shape[rank - 1] : 1;
  const int64_t a_inner = rank ? a_strides[rank - 1] : 0;
  const int64_t b_inner = rank ? b_strides[rank - 1] : 0;
  for (int64_t done = 0; done < total; done += inner) {
    for (int64_t i = 0; i < inner; ++i) visit(done + i, a + i * a_inner, b + i * b_inner);
    for (int64_t axis = rank - 2; axis >= 0; --axis) {
      a += a_strides[axis];
      b += b_strides[axis];
      if (++index[axis] < shape[axis]) break;
      a -= a_strides[axis] * shape[axis];
      b -= b_strides[axis] * shape[axis];
      index[axis] = 0;
    }
  }
}

}  // namespace

Shape broadcast_shapes(const Shape& a, const Shape& b, const std::string& op) {
  // BEGIN SOLUTION Task 01.4: broadcast_shapes
  // Align from the right; sizes must be equal or one of them 1.
  //   (B, T, C) with (C,) -> (B, T, C);   (3, 1) with (1, 4) -> (3, 4)
  const std::size_t rank = std::max(a.size(), b.size());
  Shape result(rank);
  for (std::size_t i = 0; i < rank; ++i) {
    const int64_t x = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    const int64_t y = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (x != y && x != 1 && y != 1) {
      throw ShapeError(op + ": shapes " + shape_str(a) + " and " + shape_str(b) + " cannot broadcast (axis " +
                       std::to_string(i) + ": " + std::to_string(x) + " vs " + std::to_string(y) + ")");
    }
    result[i] = x == 1 ? y : x;
  }
  return result;
  // END SOLUTION
}

template <class Op>
Tensor Tensor::binary(const Tensor& other, Op op, const char* name) const {
  // BEGIN SOLUTION Task 01.4: Tensor::binary
  const Shape shape = broadcast_shapes(shape_, other.shape_, name);
  Tensor out = zeros(shape);
  float* result = out.data();
  const float* a = data();
  const float* b = other.data();
  if (shape_ == other.shape_ && is_contiguous() && other.is_contiguous()) {
    for (int64_t i = 0; i < out.numel(); ++i) result[i] = op(a[i], b[i]);  // the common fast case
    return out;
  }
  for_each_pair(shape, broadcast_strides(shape_, strides_, shape), broadcast_strides(other.shape_, other.strides_, shape),
                [&](int64_t i, int64_t ia, int64_t ib) { result[i] = op(a[ia], b[ib]); });
  return out;
  // END SOLUTION
}

void Tensor::copy_from(const Tensor& source) {
  const Shape shape = broadcast_shapes(shape_, source.shape_, "copy_from");
  if (shape != shape_) {
    throw ShapeError("copy_from: source of shape " + shape_str(source.shape_) + " does not fit shape " + shape_str(shape_));
  }
  float* target = data();
  const float* from = source.data();
  for_each_pair(shape, strides_, broadcast_strides(source.shape_, source.strides_, shape),
                [&](int64_t, int64_t it, int64_t is) { target[it] = from[is]; });
}

Tensor Tensor::operator+(const Tensor& other) const { return binary(other, std::plus<>(), "add"); }
Tensor Tensor::operator-(const Tensor& other) const { return binary(other, std::minus<>(), "sub"); }
Tensor Tensor::operator*(const Tensor& other) const { return binary(other, std::multiplies<>(), "mul"); }
Tensor Tensor::operator/(const Tensor& other) const { return binary(other, std::divides<>(), "div"); }
Tensor Tensor::operator+(float value) const { return unary([value](float x) { return x + value; }); }
Tensor Tensor::operator-(float value) const { return unary([value](float x) { return x - value; }); }
Tensor Tensor::operator*(float value) const { return unary([value](float x) { return x * value; }); }
Tensor Tensor::operator/(float value) const { return unary([value](float x) { return x / value; }); }
Tensor Tensor::operator-() const { return unary([](float x) { return -x; }); }
Tensor operator*(float value, const Tensor& tensor) { return tensor * value; }
Tensor operator+(float value, const Tensor& tensor) { return tensor + value; }

template <class Op>
Tensor Tensor::unary(Op op) const {
  const Tensor source = contiguous();
  Tensor out = zeros(shape_);
  const float* in = source.data();
  float* result = out.data();
  for (int64_t i = 0; i < out.numel(); ++i) result[i] = op(in[i]);
  return out;
}

Tensor Tensor::exp() const {
  // BEGIN SOLUTION Task 01.5: Tensor::exp
  return unary([](float x) { return std::exp(x); });
  // END SOLUTION
}

Tensor Tensor::log() const {
  // BEGIN SOLUTION Task 01.5: Tensor::log
  return unary([](float x) { return std::log(x); });
  // END SOLUTION
}

Tensor Tensor::sqrt() const {
  return unary([](float x) { return std::sqrt(x); });
}

Tensor Tensor::tanh() const {
  return unary([](float x) { return std::tanh(x); });
}

Tensor Tensor::pow(float exponent) const {
  return unary([exponent](float x) { return std::pow(x, exponent); });
}

// ---- reductions ----------------------------------------------------------------------

template <class Init, class Step, class Finish>
Tensor Tensor::reduce(int64_t axis, bool keepdims, Init init, Step step, Finish finish) const {
  // BEGIN SOLUTION Task 01.5: Tensor::reduce
  // View the tensor as (outer, n, inner) around `axis` and fold the middle.
  //   shape (2, 3, 4), axis 1 -> outer 2, n 3, inner 4 -> result (2, 4)
  const int64_t a = normalize_axis(axis, dim(), "reduce");
  const Tensor source = contiguous();
  const int64_t n = shape_[a];
  const int64_t inner = numel_of(Shape(shape_.begin() + a + 1, shape_.end()));
  const int64_t outer = numel_of(Shape(shape_.begin(), shape_.begin() + a));
  Shape shape = shape_;
  if (keepdims) {
    shape[a] = 1;
  } else {
    shape.erase(shape.begin() + a);
  }
  Tensor out = zeros(shape);
  const float* in = source.data();
  float* result = out.data();
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      auto state = init();
      for (int64_t k = 0; k < n; ++k) step(state, in[(o * n + k) * inner + i], k);
      result[o * inner + i] = finish(state, n);
    }
  }
  return out;
  // END SOLUTION
}

Tensor Tensor::sum(int64_t axis, bool keepdims) const {
  return reduce(axis, keepdims, [] { return 0.0; }, [](double& s, float x, int64_t) { s += x; },
                [](double s, int64_t) { return static_cast<float>(s); });
}

Tensor Tensor::mean(int64_t axis, bool keepdims) const {
  return reduce(axis, keepdims, [] { return 0.0; }, [](double& s, float x, int64_t) { s += x; },
                [](double s, int64_t n) { return static_cast<float>(s / static_cast<double>(n)); });
}

Tensor Tensor::max(int64_t axis, bool keepdims) const {
  if (size(axis) == 0) throw ShapeError("max: empty axis in shape " + shape_str(shape_));
  return reduce(axis, keepdims, [] { return -std::numeric_limits<float>::infinity(); },
                [](float& m, float x, int64_t) { m = std::max(m, x); }, [](float m, int64_t) { return m; });
}

Tensor Tensor::argmax(int64_t axis, bool keepdims) const {
  if (size(axis) == 0) throw ShapeError("argmax: empty axis in shape " + shape_str(shape_));
  struct Best {
    float value;
    int64_t index;
  };
  return reduce(axis, keepdims, [] { return Best{-std::numeric_limits<float>::infinity(), 0}; },
                [](Best& best, float x, int64_t k) {
                  if (x > best.value || k == 0) best = {x, k};
                },
                [](Best best, int64_t) { return static_cast<float>(best.index); });
}

Tensor Tensor::sum() const { return reshape({numel()}).sum(0); }

}  // namespace tinytorch
