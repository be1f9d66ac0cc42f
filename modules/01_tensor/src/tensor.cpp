// Module 01 — Tensor: storage, shapes, strides and views.
//
// Read top to bottom: how a shape becomes strides (Task 01.1), how an index
// becomes an offset (Task 01.1), and how views re-describe the same storage
// without copying (Task 01.2).

#include "tinytorch/core/tensor.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <ostream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "tinytorch/core/errors.hpp"
#include "tinytorch/core/not_implemented.hpp"

namespace tinytorch {

std::string shape_str(const Shape& shape) {
  std::string text = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + (shape.size() == 1 ? ",)" : ")");
}

int64_t numel_of(const Shape& shape) {
  return std::accumulate(shape.begin(), shape.end(), int64_t{1}, std::multiplies<>());
}

Shape contiguous_strides(const Shape& shape) {
  // BEGIN SOLUTION Task 01.1: contiguous_strides
  // The last axis is adjacent in memory (stride 1); each earlier axis jumps
  // over one whole block of the axes after it.
  //   shape (2, 3, 4) -> strides (12, 4, 1)
  Shape strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i) strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
  // END SOLUTION
}

// ---- construction ------------------------------------------------------------

Tensor::Tensor() : Tensor(std::make_shared<std::vector<float>>(1, 0.0f), {}, {}, 0) {}

Tensor::Tensor(std::shared_ptr<std::vector<float>> storage, Shape shape, Shape strides, int64_t offset)
    : storage_(std::move(storage)),
      shape_(std::move(shape)),
      strides_(std::move(strides)),
      offset_(offset),
      numel_(numel_of(shape_)) {}

Tensor Tensor::full(const Shape& shape, float value) {
  for (int64_t size : shape) {
    if (size < 0) throw ShapeError("full: negative size in shape " + shape_str(shape));
  }
  auto storage = std::make_shared<std::vector<float>>(static_cast<std::size_t>(numel_of(shape)), value);
  return Tensor(std::move(storage), shape, contiguous_strides(shape), 0);
}

Tensor Tensor::zeros(const Shape& shape) { return full(shape, 0.0f); }

Tensor Tensor::ones(const Shape& shape) { return full(shape, 1.0f); }

Tensor Tensor::from_data(const std::vector<float>& values, const Shape& shape) {
  if (static_cast<int64_t>(values.size()) != numel_of(shape)) {
    throw ShapeError("from_data: " + std::to_string(values.size()) + " values cannot fill shape " + shape_str(shape) +
                     " (" + std::to_string(numel_of(shape)) + " elements)");
  }
  Tensor tensor = zeros(shape);
  std::copy(values.begin(), values.end(), tensor.data());
  return tensor;
}

Tensor Tensor::arange(float start, float stop, float step) {
  if (step == 0.0f) throw std::invalid_argument("arange: step must not be 0");
  const auto count = static_cast<int64_t>(std::max(0.0f, std::ceil((stop - start) / step)));
  Tensor tensor = zeros({count});
  for (int64_t i = 0; i < count; ++i) tensor.data()[i] = start + static_cast<float>(i) * step;
  return tensor;
}

Tensor Tensor::randn(const Shape& shape, uint64_t seed, float mean, float std) {
  Tensor tensor = zeros(shape);
  std::mt19937_64 generator(seed);
  std::normal_distribution<float> normal(mean, std);
  for (float& value : *tensor.storage_) value = normal(generator);
  return tensor;
}

Tensor Tensor::rand(const Shape& shape, uint64_t seed, float low, float high) {
  Tensor tensor = zeros(shape);
  std::mt19937_64 generator(seed);
  std::uniform_real_distribution<float> uniform(low, high);
  for (float& value : *tensor.storage_) value = uniform(generator);
  return tensor;
}

// ---- what it is -----------------------------------------------------------------

int64_t Tensor::normalize_axis(int64_t axis, int64_t rank, const char* op) const {
  const int64_t normalized = axis < 0 ? axis + rank : axis;
  if (normalized < 0 || normalized >= rank) {
    throw ShapeError(std::string(op) + ": axis " + std::to_string(axis) + " is out of range for shape " +
                     shape_str(shape_));
  }
  return normalized;
}

int64_t Tensor::size(int64_t axis) const { return shape_[normalize_axis(axis, dim(), "size")]; }

bool Tensor::is_contiguous() const {
  int64_t expected = 1;
  for (int64_t i = dim() - 1; i >= 0; --i) {
    if (shape_[i] != 1 && strides_[i] != expected) return false;
    expected *= shape_[i];
  }
  return true;
}

float& Tensor::at(const std::vector<int64_t>& index) {
  // BEGIN SOLUTION Task 01.1: Tensor::at
  // offset = offset_ + sum(index[i] * strides_[i]), each index checked.
  if (static_cast<int64_t>(index.size()) != dim()) {
    throw ShapeError("at: " + std::to_string(index.size()) + " indices for a tensor of shape " + shape_str(shape_));
  }
  int64_t position = offset_;
  for (int64_t i = 0; i < dim(); ++i) {
    if (index[i] < 0 || index[i] >= shape_[i]) {
      throw ShapeError("at: index " + std::to_string(index[i]) + " is out of range for axis " + std::to_string(i) +
                       " of shape " + shape_str(shape_));
    }
    position += index[i] * strides_[i];
  }
  return (*storage_)[static_cast<std::size_t>(position)];
  // END SOLUTION
}

float Tensor::at(const std::vector<int64_t>& index) const { return const_cast<Tensor*>(this)->at(index); }

float Tensor::item() const {
  if (numel() != 1) throw ShapeError("item: tensor of shape " + shape_str(shape_) + " has " + std::to_string(numel()) + " elements, not 1");
  return *data();
}

std::vector<float> Tensor::to_vector() const {
  const Tensor dense = contiguous();
  return std::vector<float>(dense.data(), dense.data() + dense.numel());
}

// ---- views -----------------------------------------------------------------------

Tensor Tensor::reshape(const Shape& shape) const {
  // BEGIN SOLUTION Task 01.2: Tensor::reshape
  Shape target = shape;
  int64_t known = 1;
  int64_t inferred = -1;
  for (std::size_t i = 0; i < target.size(); ++i) {
    if (target[i] == -1) {
      if (inferred >= 0) throw ShapeError("reshape: more than one -1 in " + shape_str(shape));
      inferred = static_cast<int64_t>(i);
    } else {
      known *= target[i];
    }
  }
  if (inferred >= 0 && known != 0 && numel() % known == 0) target[inferred] = numel() / known;
  if (numel_of(target) != numel()) {
    throw ShapeError("reshape: cannot reshape " + shape_str(shape_) + " (" + std::to_string(numel()) +
                     " elements) to " + shape_str(shape));
  }
  // Contiguous data only needs new strides: a view of the same storage.
  if (is_contiguous()) return Tensor(storage_, target, contiguous_strides(target), offset_);
  return contiguous().reshape(target);
  // END SOLUTION
}

Tensor Tensor::permute(const std::vector<int64_t>& order) const {
  // BEGIN SOLUTION Task 01.2: Tensor::permute
  if (static_cast<int64_t>(order.size()) != dim()) {
    throw ShapeError("permute: order has " + std::to_string(order.size()) + " axes, shape " + shape_str(shape_) +
                     " has " + std::to_string(dim()));
  }
  Shape shape(order.size());
  Shape strides(order.size());
  std::vector<bool> used(order.size(), false);
  for (std::size_t i = 0; i < order.size(); ++i) {
    const int64_t axis = normalize_axis(order[i], dim(), "permute");
    if (used[axis]) throw ShapeError("permute: axis " + std::to_string(axis) + " appears twice");
    used[axis] = true;
    shape[i] = shape_[axis];
    strides[i] = strides_[axis];
  }
  return Tensor(storage_, shape, strides, offset_);
  // END SOLUTION
}

Tensor Tensor::transpose(int64_t axis0, int64_t axis1) const {
  // BEGIN SOLUTION Task 01.2: Tensor::transpose
  std::vector<int64_t> order(static_cast<std::size_t>(dim()));
  std::iota(order.begin(), order.end(), 0);
  std::swap(order[normalize_axis(axis0, dim(), "transpose")], order[normalize_axis(axis1, dim(), "transpose")]);
  return permute(order);
  // END SOLUTION
}

Tensor Tensor::slice(int64_t axis, int64_t start, int64_t stop, int64_t step) const {
  // BEGIN SOLUTION Task 01.2: Tensor::slice
  const int64_t a = normalize_axis(axis, dim(), "slice");
  if (step <= 0) throw ShapeError("slice: step must be positive, not " + std::to_string(step));
  const int64_t n = shape_[a];
  auto clamp = [n](int64_t index) { return std::clamp(index < 0 ? index + n : index, int64_t{0}, n); };
  start = clamp(start);
  stop = clamp(stop);
  Shape shape = shape_;
  Shape strides = strides_;
  shape[a] = stop > start ? (stop - start + step - 1) / step : 0;
  strides[a] = strides_[a] * step;
  return Tensor(storage_, shape, strides, offset_ + start * strides_[a]);
  // END SOLUTION
}

Tensor Tensor::select(int64_t axis, int64_t index) const {
  const int64_t a = normalize_axis(axis, dim(), "select");
  if (index < 0) index += shape_[a];
  if (index < 0 || index >= shape_[a]) {
    throw ShapeError("select: index " + std::to_string(index) + " is out of range for axis " + std::to_string(a) +
                     " of shape " + shape_str(shape_));
  }
  Shape shape = shape_;
  Shape strides = strides_;
  shape.erase(shape.begin() + a);
  strides.erase(strides.begin() + a);
  return Tensor(storage_, shape, strides, offset_ + index * strides_[a]);
}

Tensor Tensor::unsqueeze(int64_t axis) const {
  const int64_t a = axis < 0 ? axis + dim() + 1 : axis;
  if (a < 0 || a > dim()) throw ShapeError("unsqueeze: axis " + std::to_string(axis) + " for shape " + shape_str(shape_));
  Shape shape = shape_;
  Shape strides = strides_;
  shape.insert(shape.begin() + a, 1);
  strides.insert(strides.begin() + a, a < dim() ? strides_[a] * shape_[a] : 1);
  return Tensor(storage_, shape, strides, offset_);
}

Tensor Tensor::contiguous() const {
  if (is_contiguous()) return *this;
  return clone();
}

Tensor Tensor::clone() const {
  Tensor copy = zeros(shape_);
  copy.copy_from(*this);
  return copy;
}

// ---- comparing and printing ---------------------------------------------------------

bool Tensor::allclose(const Tensor& other, float rtol, float atol) const {
  if (shape_ != other.shape_) return false;
  const auto a = to_vector();
  const auto b = other.to_vector();
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) || std::isnan(b[i]) || std::fabs(a[i] - b[i]) > atol + rtol * std::fabs(b[i])) return false;
  }
  return true;
}

float Tensor::max_abs_diff(const Tensor& other) const {
  if (shape_ != other.shape_) {
    throw ShapeError("max_abs_diff: shapes " + shape_str(shape_) + " and " + shape_str(other.shape_) + " differ");
  }
  const auto a = to_vector();
  const auto b = other.to_vector();
  float worst = 0.0f;
  for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::fabs(a[i] - b[i]));
  return worst;
}

std::string Tensor::to_string() const {
  const auto values = to_vector();
  std::ostringstream out;
  out << "tensor(";
  // Nested brackets per axis; at most 6 values per row are shown.
  std::function<void(int64_t, int64_t)> print = [&](int64_t axis, int64_t base) {
    if (axis == dim()) {
      out << values[static_cast<std::size_t>(base)];
      return;
    }
    const int64_t n = shape_[axis];
    const int64_t block = numel_of(Shape(shape_.begin() + axis + 1, shape_.end()));
    out << "[";
    for (int64_t i = 0; i < n; ++i) {
      if (n > 6 && i == 3) {
        out << "..., ";
        i = n - 3;
      }
      print(axis + 1, base + i * block);
      if (i + 1 < n) out << ", ";
    }
    out << "]";
  };
  print(0, 0);
  out << ", shape=" << shape_str(shape_) << ")";
  return out.str();
}

std::ostream& operator<<(std::ostream& out, const Tensor& tensor) { return out << tensor.to_string(); }

}  // namespace tinytorch
