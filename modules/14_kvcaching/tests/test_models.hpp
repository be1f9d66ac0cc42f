#pragma once
// Models and checks shared by module 14's tests.

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "tinytorch/generation/cached_generation.hpp"
#include "tinytorch/nn/gpt.hpp"

namespace tinytorch::testing {

/// Logits of every generation step, recorded through GenerateOptions::on_logits.
struct Recorded {
  TokenBatch tokens;
  std::vector<Tensor> logits;  // per step (B, V)
};

/// Runs `generate` or `generate_cached` and records every step's logits.
template <class Generate>
Recorded record(Generate generate_fn, GPT& model, const TokenBatch& prompt, GenerateOptions options) {
  Recorded out;
  options.on_logits = [&](int64_t, const Tensor& logits) { out.logits.push_back(logits.clone()); };
  out.tokens = generate_fn(model, prompt, options);
  return out;
}

/// Smallest gap between the largest and second-largest logit over every row of every step:
/// where it is under 1e-5, two tokens are tied within float noise (DESIGN: near-ties).
inline float min_top2_margin(const std::vector<Tensor>& steps) {
  float margin = 1e30f;
  for (const Tensor& step : steps) {
    const Tensor rows = step.contiguous();
    const int64_t vocab = rows.size(1);
    for (int64_t b = 0; b < rows.size(0); ++b) {
      std::vector<float> row(rows.data() + b * vocab, rows.data() + (b + 1) * vocab);
      std::partial_sort(row.begin(), row.begin() + 2, row.end(), std::greater<>());
      margin = std::min(margin, row[0] - row[1]);
    }
  }
  return margin;
}

}  // namespace tinytorch::testing
