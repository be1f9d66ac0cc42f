// Module 01 — the matmul kernels (Task 01.6).
//
// A transformer's time goes into two shapes of product:
//   * prefill / training: (M, K) @ (K, N) with M large  -> compute-bound GEMM
//   * decode, one token:  (1, K) @ (K, N)               -> memory-bound GEMV
//
// The GEMM below follows the classic blocked design (Goto / BLIS):
//
//   for each KC-slice of K:                   B slice packed once: (KC, NC) in NR-wide panels
//     for each MC-block of rows (in parallel): A block packed: (MC, KC) in MR-tall panels
//       for each (MR x NR) tile: micro-kernel: KC rank-1 updates held in registers
//
//    B panel (packed)         A panel (packed)          C tile
//    k=0: b0 b1 ... b31       k=0: a0 a1 ... a5         MR=6 rows x NR=32 cols
//    k=1: b0 b1 ... b31       k=1: a0 a1 ... a5         = 12 vector registers of 16 floats
//
// Packing puts the data the micro-kernel reads into the order it reads it, so
// every load is contiguous and the working set stays in L1/L2.

#include "tinytorch/core/kernels.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include "tinytorch/core/not_implemented.hpp"
#include "tinytorch/core/parallel.hpp"

namespace tinytorch::kernels {
namespace {

// 16 floats: one AVX-512 register, two AVX2 ones; plain SSE when built portable.
typedef float Vec __attribute__((vector_size(64)));
typedef float VecUnaligned __attribute__((vector_size(64), aligned(4)));
constexpr int64_t kLanes = 16;
constexpr int64_t kMR = 6;
constexpr int64_t kNR = 32;
constexpr int64_t kKC = 256;
constexpr int64_t kMC = 96;
constexpr int64_t kNC = 3072;

[[maybe_unused]] inline Vec load(const float* p) { return *reinterpret_cast<const VecUnaligned*>(p); }
[[maybe_unused]] inline void store(float* p, Vec v) { *reinterpret_cast<VecUnaligned*>(p) = v; }
// Sum of the 16 lanes by halving (16 -> 8 -> 4 -> 2 -> 1): a handful of
// shuffles instead of 15 dependent scalar adds, which matters for the short
// dot products of attention (head dim 32 or 64 = 2 or 4 vectors per row).
typedef float Vec8 __attribute__((vector_size(32)));
typedef float Vec4 __attribute__((vector_size(16)));
[[maybe_unused]] inline float hsum(Vec v) {
  const Vec8 h8 = __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7) +
                  __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15);
  const Vec4 h4 = __builtin_shufflevector(h8, h8, 0, 1, 2, 3) + __builtin_shufflevector(h8, h8, 4, 5, 6, 7);
  return (h4[0] + h4[2]) + (h4[1] + h4[3]);
}

struct AlignedFree {
  void operator()(float* p) const { std::free(p); }
};
using Buffer = std::unique_ptr<float[], AlignedFree>;
[[maybe_unused]] Buffer aligned_buffer(int64_t count) {
  return Buffer(static_cast<float*>(std::aligned_alloc(64, static_cast<std::size_t>((count * 4 + 63) / 64 * 64))));
}

// The helpers below are part of Task 01.6 (a student release stubs their bodies, hence
// [[maybe_unused]]: with stubs, nothing calls them).

// Packs B[k0:k0+kc, n0:n0+nc] into NR-wide panels, zero-padding the last one.
[[maybe_unused]] void pack_b(const MatrixRef& b, int64_t k0, int64_t kc, int64_t n0, int64_t nc, float* out) {
  // BEGIN SOLUTION Task 01.6: pack_b
  const int64_t panels = (nc + kNR - 1) / kNR;
  parallel_for(panels, 4, [&](int64_t p0, int64_t p1) {
    for (int64_t p = p0; p < p1; ++p) {
      float* panel = out + p * kc * kNR;
      const int64_t width = std::min(kNR, nc - p * kNR);
      for (int64_t k = 0; k < kc; ++k) {
        const float* row = b.data + (k0 + k) * b.row_stride + (n0 + p * kNR) * b.col_stride;
        float* dst = panel + k * kNR;
        if (b.col_stride == 1) {
          std::memcpy(dst, row, static_cast<std::size_t>(width) * sizeof(float));
        } else {
          for (int64_t j = 0; j < width; ++j) dst[j] = row[j * b.col_stride];
        }
        for (int64_t j = width; j < kNR; ++j) dst[j] = 0.0f;
      }
    }
  });
  // END SOLUTION
}

// Packs A[m0:m0+mc, k0:k0+kc] into MR-tall panels, zero-padding the last one.
[[maybe_unused]] void pack_a(const MatrixRef& a, int64_t m0, int64_t mc, int64_t k0, int64_t kc, float* out) {
  // BEGIN SOLUTION Task 01.6: pack_a
  for (int64_t p = 0; p * kMR < mc; ++p) {
    float* panel = out + p * kc * kMR;
    const int64_t height = std::min(kMR, mc - p * kMR);
    for (int64_t r = 0; r < kMR; ++r) {
      const float* row = a.data + (m0 + p * kMR + r) * a.row_stride + k0 * a.col_stride;
      for (int64_t k = 0; k < kc; ++k) panel[k * kMR + r] = r < height ? row[k * a.col_stride] : 0.0f;
    }
  }
  // END SOLUTION
}

// C[0:rows, 0:cols] += (A panel) @ (B panel), over kc steps, in registers.
[[maybe_unused]] void micro_kernel(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, int64_t rows, int64_t cols) {
  // BEGIN SOLUTION Task 01.6: micro_kernel
  Vec acc[kMR][2] = {};
  for (int64_t k = 0; k < kc; ++k) {
    const Vec b0 = load(b + k * kNR);
    const Vec b1 = load(b + k * kNR + kLanes);
    for (int64_t r = 0; r < kMR; ++r) {
      const float x = a[k * kMR + r];
      acc[r][0] += x * b0;
      acc[r][1] += x * b1;
    }
  }
  if (rows == kMR && cols == kNR) {
    for (int64_t r = 0; r < kMR; ++r) {
      store(c + r * ldc, load(c + r * ldc) + acc[r][0]);
      store(c + r * ldc + kLanes, load(c + r * ldc + kLanes) + acc[r][1]);
    }
    return;
  }
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t j = 0; j < cols; ++j) c[r * ldc + j] += acc[r][j / kLanes][j % kLanes];
  }
  // END SOLUTION
}

[[maybe_unused]] void gemm_packed(const MatrixRef& a, const MatrixRef& b, float* c, int64_t ldc) {
  // BEGIN SOLUTION Task 01.6: gemm_packed
  const int64_t m = a.rows;
  const int64_t n = b.cols;
  const int64_t k = a.cols;
  for (int64_t i = 0; i < m; ++i) std::fill(c + i * ldc, c + i * ldc + n, 0.0f);
  // Sized for this product, not the largest block: a 16-token prefill should not touch 3 MB of fresh pages.
  Buffer packed_b = aligned_buffer(std::min(kKC, k) * ((std::min(kNC, n) + kNR - 1) / kNR * kNR));
  for (int64_t n0 = 0; n0 < n; n0 += kNC) {
    const int64_t nc = std::min(kNC, n - n0);
    for (int64_t k0 = 0; k0 < k; k0 += kKC) {
      const int64_t kc = std::min(kKC, k - k0);
      pack_b(b, k0, kc, n0, nc, packed_b.get());
      const int64_t blocks = (m + kMC - 1) / kMC;
      parallel_for(blocks, 1, [&](int64_t first, int64_t last) {
        Buffer packed_a = aligned_buffer(kMC * kKC);
        for (int64_t block = first; block < last; ++block) {
          const int64_t m0 = block * kMC;
          const int64_t mc = std::min(kMC, m - m0);
          pack_a(a, m0, mc, k0, kc, packed_a.get());
          for (int64_t j = 0; j < nc; j += kNR) {
            for (int64_t i = 0; i < mc; i += kMR) {
              micro_kernel(kc, packed_a.get() + (i / kMR) * kc * kMR, packed_b.get() + (j / kNR) * kc * kNR,
                           c + (m0 + i) * ldc + n0 + j, ldc, std::min(kMR, mc - i), std::min(kNR, nc - j));
            }
          }
        }
      });
    }
  }
  // END SOLUTION
}

// y[i] = dot(W row i, x) for 4 rows at a time, so each x load feeds 4 FMAs.
[[maybe_unused]] void dot_rows(const float* w, int64_t first, int64_t last, int64_t cols, int64_t ldw, const float* x, float* y) {
  // BEGIN SOLUTION Task 01.6: dot_rows
  int64_t i = first;
  for (; i + 4 <= last; i += 4) {
    const float* w0 = w + i * ldw;
    const float* w1 = w0 + ldw;
    const float* w2 = w1 + ldw;
    const float* w3 = w2 + ldw;
    Vec s0 = {}, s1 = {}, s2 = {}, s3 = {};
    int64_t k = 0;
    for (; k + kLanes <= cols; k += kLanes) {
      const Vec xv = load(x + k);
      s0 += load(w0 + k) * xv;
      s1 += load(w1 + k) * xv;
      s2 += load(w2 + k) * xv;
      s3 += load(w3 + k) * xv;
    }
    float t0 = hsum(s0), t1 = hsum(s1), t2 = hsum(s2), t3 = hsum(s3);
    for (; k < cols; ++k) {
      t0 += w0[k] * x[k];
      t1 += w1[k] * x[k];
      t2 += w2[k] * x[k];
      t3 += w3[k] * x[k];
    }
    y[i] = t0;
    y[i + 1] = t1;
    y[i + 2] = t2;
    y[i + 3] = t3;
  }
  for (; i < last; ++i) {
    const float* row = w + i * ldw;
    Vec s = {};
    int64_t k = 0;
    for (; k + kLanes <= cols; k += kLanes) s += load(row + k) * load(x + k);
    float t = hsum(s);
    for (; k < cols; ++k) t += row[k] * x[k];
    y[i] = t;
  }
  // END SOLUTION
}

// y[j0:j1] = sum_k x[k] * B[k, j0:j1], 64 columns at a time held in registers
// while B streams past row by row. Two accumulator sets (even and odd k) keep
// enough FMAs in flight when the block is narrow (a 32-wide attention head).
[[maybe_unused]] void sum_scaled_rows(const float* b, int64_t rows, int64_t ldb, const float* x, int64_t j0, int64_t j1, float* y) {
  // BEGIN SOLUTION Task 01.6: sum_scaled_rows
  int64_t j = j0;
  for (; j + 4 * kLanes <= j1; j += 4 * kLanes) {
    Vec even[4] = {}, odd[4] = {};
    int64_t k = 0;
    for (; k + 2 <= rows; k += 2) {
      const float* r0 = b + k * ldb + j;
      const float* r1 = r0 + ldb;
      for (int c = 0; c < 4; ++c) {
        even[c] += x[k] * load(r0 + c * kLanes);
        odd[c] += x[k + 1] * load(r1 + c * kLanes);
      }
    }
    if (k < rows) {
      for (int c = 0; c < 4; ++c) even[c] += x[k] * load(b + k * ldb + j + c * kLanes);
    }
    for (int c = 0; c < 4; ++c) store(y + j + c * kLanes, even[c] + odd[c]);
  }
  for (; j + kLanes <= j1; j += kLanes) {
    Vec even = {}, odd = {};
    int64_t k = 0;
    for (; k + 2 <= rows; k += 2) {
      even += x[k] * load(b + k * ldb + j);
      odd += x[k + 1] * load(b + (k + 1) * ldb + j);
    }
    if (k < rows) even += x[k] * load(b + k * ldb + j);
    store(y + j, even + odd);
  }
  for (; j < j1; ++j) {
    float total = 0.0f;
    for (int64_t k = 0; k < rows; ++k) total += x[k] * b[k * ldb + j];
    y[j] = total;
  }
  // END SOLUTION
}

// C[0:m, first:last] = A W[first:last]^T, block by block of W's rows: each block is read
// from memory once and then from cache by every row of A (a prefill of a few tokens).
[[maybe_unused]] void dot_rows_batch(const float* w, int64_t first, int64_t last, int64_t cols, int64_t ldw, const float* a,
                    int64_t m, int64_t lda, float* c, int64_t ldc) {
  // BEGIN SOLUTION Task 01.6: dot_rows_batch
  const int64_t block = std::max<int64_t>(4, (int64_t{1} << 14) / std::max<int64_t>(cols, 1) / 4 * 4);  // ~64 KB of W
  for (int64_t r0 = first; r0 < last; r0 += block) {
    const int64_t r1 = std::min(last, r0 + block);
    for (int64_t i = 0; i < m; ++i) dot_rows(w, r0, r1, cols, ldw, a + i * lda, c + i * ldc);
  }
  // END SOLUTION
}

}  // namespace

void gemv_rows(const float* w, int64_t rows, int64_t cols, int64_t ldw, const float* x, float* y) {
  // BEGIN SOLUTION Task 01.6: gemv_rows
  // Memory-bound: every weight is read once; threads split the rows, but only
  // when each gets at least 64K weights — waking a thread costs more than a
  // small product (attention over a cache is many small ones).
  const int64_t grain = std::max<int64_t>(16, (int64_t{1} << 16) / std::max<int64_t>(cols, 1));
  parallel_for(rows, grain, [&](int64_t first, int64_t last) { dot_rows(w, first, last, cols, ldw, x, y); });
  // END SOLUTION
}

void gemv_cols(const float* b, int64_t rows, int64_t cols, int64_t ldb, const float* x, float* y) {
  // BEGIN SOLUTION Task 01.6: gemv_cols
  // Threads split the columns (each reads a stripe of every row), in blocks of
  // 64 so no two threads write the same cache line of y.
  const int64_t blocks = (cols + 63) / 64;
  const int64_t grain = std::max<int64_t>(1, (int64_t{1} << 16) / std::max<int64_t>(rows * 64, 1));
  parallel_for(blocks, grain, [&](int64_t first, int64_t last) {
    sum_scaled_rows(b, rows, ldb, x, first * 64, std::min(cols, last * 64), y);
  });
  // END SOLUTION
}

void gemm(const MatrixRef& a, const MatrixRef& b, float* c, int64_t ldc) {
  // BEGIN SOLUTION Task 01.6: gemm
  // Few rows of A (decode: one token per sequence; a short prefill) -> matrix-vector products.
  // Packing B would cost as much as the product itself at this size.
  const bool b_is_transposed = b.row_stride == 1 && a.rows <= 32;  // x @ W^T for a row-major W (N, K)
  const bool b_is_row_major = b.col_stride == 1 && a.rows <= 4;    // x @ B for a row-major B (K, N)
  if (b_is_transposed || b_is_row_major) {
    std::vector<float> copy;  // A's rows, made contiguous only when A is a strided view
    const float* rows = a.data;
    int64_t lda = a.row_stride;
    if (a.col_stride != 1) {
      copy.resize(static_cast<std::size_t>(a.rows * a.cols));
      for (int64_t i = 0; i < a.rows; ++i) {
        for (int64_t k = 0; k < a.cols; ++k) copy[i * a.cols + k] = a.data[i * a.row_stride + k * a.col_stride];
      }
      rows = copy.data();
      lda = a.cols;
    }
    if (b_is_transposed) {
      // Dot products with W's rows; each block of W is read once for all rows of x.
      const int64_t grain = std::max<int64_t>(16, (int64_t{1} << 16) / std::max<int64_t>(a.cols * a.rows, 1));
      parallel_for(b.cols, grain, [&](int64_t first, int64_t last) {
        dot_rows_batch(b.data, first, last, b.rows, b.col_stride, rows, a.rows, lda, c, ldc);
      });
    } else {
      // y = x^T B: a weighted sum of B's rows, one row of x at a time.
      for (int64_t i = 0; i < a.rows; ++i) gemv_cols(b.data, b.rows, b.cols, b.row_stride, rows + i * lda, c + i * ldc);
    }
    return;
  }
  gemm_packed(a, b, c, ldc);
  // END SOLUTION
}

}  // namespace tinytorch::kernels
