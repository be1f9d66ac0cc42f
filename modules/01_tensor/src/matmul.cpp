// Module 01 — Tensor::matmul (Task 01.3): shapes and batches around the kernel.
//
//   (M, K) @ (K, N)                    -> (M, N)
//   (B, M, K) @ (K, N)                 -> (B, M, N)        the matrix is shared by the batch
//   (B, 1, M, K) @ (H, K, N)           -> (B, H, M, N)     batch axes broadcast like NumPy
//   (K,) @ (K, N) -> (N,)   (M, K) @ (K,) -> (M,)          1-D operands gain, then lose, an axis

#include <stdexcept>

#include "tinytorch/core/errors.hpp"
#include "tinytorch/core/kernels.hpp"
#include "tinytorch/core/not_implemented.hpp"
#include "tinytorch/core/tensor.hpp"

namespace tinytorch {

Tensor Tensor::matmul(const Tensor& other) const {
  // BEGIN SOLUTION Task 01.3: Tensor::matmul
  // The message is built only when it is needed: matmul is on every hot path.
  auto where = [&] { return "matmul: " + shape_str(shape_) + " @ " + shape_str(other.shape()); };
  if (dim() == 0 || other.dim() == 0) throw ShapeError(where() + ": scalars cannot be multiplied as matrices");
  const Tensor a = dim() == 1 ? unsqueeze(0) : *this;          // (K,) -> (1, K)
  const Tensor b = other.dim() == 1 ? other.unsqueeze(1) : other;  // (K,) -> (K, 1)
  const int64_t m = a.size(-2);
  const int64_t k = a.size(-1);
  const int64_t n = b.size(-1);
  if (b.size(-2) != k) {
    throw ShapeError(where() + ": inner sizes " + std::to_string(k) + " and " + std::to_string(b.size(-2)) + " differ");
  }

  const Shape a_batch(a.shape().begin(), a.shape().end() - 2);
  const Shape b_batch(b.shape().begin(), b.shape().end() - 2);
  const Shape batch = a_batch == b_batch ? a_batch : broadcast_shapes(a_batch, b_batch, where());
  Shape out_shape = batch;
  out_shape.push_back(m);
  out_shape.push_back(n);
  Tensor out = zeros(out_shape);

  // Offsets of each batch entry in a and b, broadcast axes repeating (stride 0).
  const int64_t count = numel_of(batch);
  std::vector<int64_t> index(batch.size(), 0);
  for (int64_t e = 0; e < count; ++e) {
    int64_t a_offset = 0;
    int64_t b_offset = 0;
    for (std::size_t axis = 0; axis < batch.size(); ++axis) {
      const std::size_t ia = axis + a_batch.size() - batch.size();  // may underflow: axis missing in a
      const std::size_t ib = axis + b_batch.size() - batch.size();
      if (axis + a_batch.size() >= batch.size() && a_batch[ia] != 1) a_offset += index[axis] * a.strides()[ia];
      if (axis + b_batch.size() >= batch.size() && b_batch[ib] != 1) b_offset += index[axis] * b.strides()[ib];
    }
    const kernels::MatrixRef lhs{a.data() + a_offset, m, k, a.strides()[a.dim() - 2], a.strides()[a.dim() - 1]};
    const kernels::MatrixRef rhs{b.data() + b_offset, k, n, b.strides()[b.dim() - 2], b.strides()[b.dim() - 1]};
    kernels::gemm(lhs, rhs, out.data() + e * m * n, n);
    for (int64_t axis = static_cast<int64_t>(batch.size()) - 1; axis >= 0; --axis) {
      if (++index[axis] < batch[axis]) break;
      index[axis] = 0;
    }
  }

  Shape result = out_shape;
  if (other.dim() == 1) result.erase(result.end() - 1);
  if (dim() == 1) result.erase(result.end() - (other.dim() == 1 ? 1 : 2));
  return out.reshape(result);
  // END SOLUTION
}

}  // namespace tinytorch
