// Module 02 — Activations.
//
// Each function maps a tensor to a new tensor of the same shape. The two
// lessons here are numerical: sigmoid and softmax must not overflow when
// scores are large (attention scores can be in the thousands before scaling),
// and log_softmax must not take the log of an underflowed 0.

#include "tinytorch/core/activations.hpp"

#include <cmath>

#include "tinytorch/core/not_implemented.hpp"

namespace tinytorch {
namespace {

// Applies f to every element: activations are element-wise.
template <class F>
Tensor map(const Tensor& x, F f) {
  const Tensor in = x.contiguous();
  Tensor out = Tensor::zeros(x.shape());
  const float* src = in.data();
  float* dst = out.data();
  for (int64_t i = 0; i < out.numel(); ++i) dst[i] = f(src[i]);
  return out;
}

constexpr float kSqrt2OverPi = 0.7978845608028654f;
constexpr float kInvSqrt2 = 0.7071067811865476f;

}  // namespace

Tensor relu(const Tensor& x) {
  // BEGIN SOLUTION Task 02.1: relu
  return map(x, [](float v) { return v > 0.0f ? v : 0.0f; });
  // END SOLUTION
}

Tensor sigmoid(const Tensor& x) {
  // BEGIN SOLUTION Task 02.1: sigmoid
  // For v < 0, e^-v overflows; the same value is e^v / (1 + e^v), which does not.
  return map(x, [](float v) {
    if (v >= 0.0f) return 1.0f / (1.0f + std::exp(-v));
    const float e = std::exp(v);
    return e / (1.0f + e);
  });
  // END SOLUTION
}

Tensor tanh(const Tensor& x) { return x.tanh(); }

Tensor gelu(const Tensor& x, GeluApproximation approximation) {
  // BEGIN SOLUTION Task 02.2: gelu
  //   exact:  0.5 x (1 + erf(x / sqrt 2))
  //   tanh:   0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))     (GPT-2)
  if (approximation == GeluApproximation::kExact) {
    return map(x, [](float v) { return 0.5f * v * (1.0f + std::erf(v * kInvSqrt2)); });
  }
  // tanh(u) = 1 - 2 / (1 + e^(2u)): one expf, much cheaper than tanhf in the
  // MLP of every decode step, and exact to float rounding here.
  return map(x, [](float v) {
    const float u = kSqrt2OverPi * (v + 0.044715f * v * v * v);
    return 0.5f * v * (2.0f - 2.0f / (1.0f + std::exp(2.0f * u)));
  });
  // END SOLUTION
}

Tensor softmax(const Tensor& x, int64_t axis) {
  // BEGIN SOLUTION Task 02.3: softmax
  // Subtracting the max changes nothing mathematically (it cancels) but keeps
  // every exponent <= 0, so e^x cannot overflow.
  const Tensor shifted = x - x.max(axis, /*keepdims=*/true);  // same shape as x
  const Tensor e = shifted.exp();
  return e / e.sum(axis, /*keepdims=*/true);
  // END SOLUTION
}

Tensor log_softmax(const Tensor& x, int64_t axis) {
  // BEGIN SOLUTION Task 02.3: log_softmax
  const Tensor shifted = x - x.max(axis, /*keepdims=*/true);
  return shifted - shifted.exp().sum(axis, /*keepdims=*/true).log();
  // END SOLUTION
}

}  // namespace tinytorch
