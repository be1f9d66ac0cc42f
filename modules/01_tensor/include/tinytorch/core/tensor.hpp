#pragma once
// Module 01 — Tensor: an n-dimensional array of float32.
//
// A Tensor is a view: a shared storage buffer plus (offset, shape, strides).
// Element (i0, i1, ..., in) lives at storage[offset + i0*s0 + i1*s1 + ...].
// Transpose, permute, slice and reshape of contiguous data only change the
// view, never the data, so they cost O(1) and alias their base tensor;
// contiguous() and clone() copy.
//
// Shape letters used in comments across the course:
//   B batch, T time (sequence), C channels (embedding), H heads, D head dim,
//   V vocabulary, M/N/K matrix dimensions.

#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace tinytorch {

using Shape = std::vector<int64_t>;

/// "(2, 3, 4)": how shapes appear in every error message.
std::string shape_str(const Shape& shape);
/// Number of elements of a shape (1 for the empty shape of a scalar).
int64_t numel_of(const Shape& shape);
/// Row-major strides of a contiguous tensor of this shape (Task 01.1).
Shape contiguous_strides(const Shape& shape);
/// The shape two shapes broadcast to under NumPy rules; throws naming both and `op` (Task 01.4).
Shape broadcast_shapes(const Shape& a, const Shape& b, const std::string& op);

class Tensor {
 public:
  /// A scalar tensor holding 0.
  Tensor();

  // ---- construction ------------------------------------------------------
  /// All zeros.
  static Tensor zeros(const Shape& shape);
  /// All ones.
  static Tensor ones(const Shape& shape);
  /// Every element `value`.
  static Tensor full(const Shape& shape, float value);
  /// Copies `values` (row-major) into a new tensor; their count must match the shape.
  static Tensor from_data(const std::vector<float>& values, const Shape& shape);
  /// 1-D [start, start+step, ...) up to but excluding `stop`.
  static Tensor arange(float start, float stop, float step = 1.0f);
  /// Normal(mean, std) samples from a seeded generator: the same seed gives the same tensor.
  static Tensor randn(const Shape& shape, uint64_t seed, float mean = 0.0f, float std = 1.0f);
  /// Uniform [low, high) samples from a seeded generator.
  static Tensor rand(const Shape& shape, uint64_t seed, float low = 0.0f, float high = 1.0f);

  // ---- what it is ----------------------------------------------------------
  const Shape& shape() const { return shape_; }
  const Shape& strides() const { return strides_; }
  int64_t dim() const { return static_cast<int64_t>(shape_.size()); }
  /// Number of elements (kept with the shape: loops test it on every iteration).
  int64_t numel() const { return numel_; }
  /// Size along `axis` (negative counts from the end).
  int64_t size(int64_t axis) const;
  /// Offset of element 0 in the storage.
  int64_t offset() const { return offset_; }
  /// True when the elements are laid out row-major without gaps.
  bool is_contiguous() const;
  /// True when both tensors view the same storage buffer.
  bool shares_storage(const Tensor& other) const { return storage_ == other.storage_; }
  /// Pointer to element 0 (use with strides(); contiguous tensors can be read as a flat array).
  float* data() { return storage_->data() + offset_; }
  const float* data() const { return storage_->data() + offset_; }

  /// Element at an index, one entry per axis (Task 01.1).
  float at(const std::vector<int64_t>& index) const;
  /// Writable element at an index.
  float& at(const std::vector<int64_t>& index);
  /// The value of a one-element tensor.
  float item() const;
  /// All elements in row-major order.
  std::vector<float> to_vector() const;

  // ---- views (no copy) and copies --------------------------------------------
  /// Same data, new shape; a view when contiguous, else a contiguous copy. One dimension may be -1.
  Tensor reshape(const Shape& shape) const;
  /// Swaps two axes (a view).
  Tensor transpose(int64_t axis0, int64_t axis1) const;
  /// Reorders all axes (a view): result axis i is this tensor's axis order[i].
  Tensor permute(const std::vector<int64_t>& order) const;
  /// Elements [start, stop) with `step` along `axis` (a view); negative indices count from the end.
  Tensor slice(int64_t axis, int64_t start, int64_t stop, int64_t step = 1) const;
  /// Index `index` of `axis`, with that axis removed (a view).
  Tensor select(int64_t axis, int64_t index) const;
  /// Adds an axis of size 1 at `axis` (a view).
  Tensor unsqueeze(int64_t axis) const;
  /// A contiguous tensor with the same values: itself when already contiguous, else a copy.
  Tensor contiguous() const;
  /// A contiguous copy that shares nothing.
  Tensor clone() const;
  /// Writes `source` (broadcast to this shape) into this tensor's elements, through the view.
  void copy_from(const Tensor& source);

  // ---- element-wise, with NumPy broadcasting -----------------------------------
  Tensor operator+(const Tensor& other) const;
  Tensor operator-(const Tensor& other) const;
  Tensor operator*(const Tensor& other) const;
  Tensor operator/(const Tensor& other) const;
  Tensor operator+(float value) const;
  Tensor operator-(float value) const;
  Tensor operator*(float value) const;
  Tensor operator/(float value) const;
  Tensor operator-() const;
  Tensor exp() const;
  Tensor log() const;
  Tensor sqrt() const;
  Tensor tanh() const;
  Tensor pow(float exponent) const;

  // ---- reductions along an axis ----------------------------------------------------
  Tensor sum(int64_t axis, bool keepdims = false) const;
  Tensor mean(int64_t axis, bool keepdims = false) const;
  Tensor max(int64_t axis, bool keepdims = false) const;
  /// Index of the largest element along `axis` (first one on ties), as float values.
  Tensor argmax(int64_t axis, bool keepdims = false) const;
  /// Sum of every element, as a scalar tensor.
  Tensor sum() const;

  // ---- linear algebra --------------------------------------------------------------
  /// Matrix product: (M,K)@(K,N) -> (M,N); 1-D operands as in NumPy; N-D batches broadcast (Task 01.3).
  Tensor matmul(const Tensor& other) const;

  // ---- comparing and printing --------------------------------------------------
  /// |a - b| <= atol + rtol * |b| everywhere (shapes must be equal).
  bool allclose(const Tensor& other, float rtol = 1e-5f, float atol = 1e-8f) const;
  /// Largest |a - b| (shapes must be equal): what tests print when values differ.
  float max_abs_diff(const Tensor& other) const;
  /// "tensor([[1, 2], [3, 4]], shape=(2, 2))", long tensors elided.
  std::string to_string() const;

 private:
  Tensor(std::shared_ptr<std::vector<float>> storage, Shape shape, Shape strides, int64_t offset);
  template <class Op>
  Tensor binary(const Tensor& other, Op op, const char* name) const;
  template <class Op>
  Tensor unary(Op op) const;
  template <class Init, class Step, class Finish>
  Tensor reduce(int64_t axis, bool keepdims, Init init, Step step, Finish finish) const;
  int64_t normalize_axis(int64_t axis, int64_t rank, const char* op) const;

  std::shared_ptr<std::vector<float>> storage_;
  Shape shape_;
  Shape strides_;
  int64_t offset_ = 0;
  int64_t numel_ = 1;
};

std::ostream& operator<<(std::ostream& out, const Tensor& tensor);

/// Element-wise with a scalar on the left.
Tensor operator*(float value, const Tensor& tensor);
Tensor operator+(float value, const Tensor& tensor);

}  // namespace tinytorch
