#pragma once
// The kernels a transformer spends its time in: matrix-matrix and
// matrix-vector products (Task 01.6). Cache-blocked, written so the compiler
// vectorises them, and split over num_threads() threads. No BLAS.

#include <cstdint>

namespace tinytorch::kernels {

/// A read-only matrix anywhere in memory: element (i, j) is data[i*row_stride + j*col_stride].
struct MatrixRef {
  const float* data;
  int64_t rows;
  int64_t cols;
  int64_t row_stride;
  int64_t col_stride;
};

/// C = A @ B, with C row-major (row i starts at c + i*ldc); A is (M, K), B is (K, N).
/// Picks a matrix-vector path when A has few rows, the packed blocked path otherwise.
void gemm(const MatrixRef& a, const MatrixRef& b, float* c, int64_t ldc);

/// y = W x for a row-major W of shape (rows, cols) with row stride `ldw`: one dot product per row.
void gemv_rows(const float* w, int64_t rows, int64_t cols, int64_t ldw, const float* x, float* y);

/// y = x^T B for a row-major B of shape (rows, cols) with row stride `ldb`: a weighted sum of B's rows.
void gemv_cols(const float* b, int64_t rows, int64_t cols, int64_t ldb, const float* x, float* y);

}  // namespace tinytorch::kernels
