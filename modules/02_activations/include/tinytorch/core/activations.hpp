#pragma once
// Module 02 — Activations: the non-linear functions between linear layers,
// and softmax, which turns scores into probabilities. All are element-wise
// except softmax and log_softmax, which work along one axis.

#include "tinytorch/core/tensor.hpp"

namespace tinytorch {

/// max(0, x) (Task 02.1).
Tensor relu(const Tensor& x);
/// 1 / (1 + e^-x), computed without overflow for large |x| (Task 02.1).
Tensor sigmoid(const Tensor& x);
/// tanh(x).
Tensor tanh(const Tensor& x);

/// How GELU is computed: exactly with erf, or with GPT-2's tanh approximation.
enum class GeluApproximation { kExact, kTanh };
/// x * Phi(x), Phi the standard normal CDF (Task 02.2).
Tensor gelu(const Tensor& x, GeluApproximation approximation = GeluApproximation::kExact);

/// e^x / sum(e^x) along `axis`, stable for inputs of any size (Task 02.3).
Tensor softmax(const Tensor& x, int64_t axis = -1);
/// log(softmax(x)) along `axis`, computed as x - max - log(sum(e^(x - max))) (Task 02.3).
Tensor log_softmax(const Tensor& x, int64_t axis = -1);

}  // namespace tinytorch
