// Module 03 — Layers.
//
// Linear is where a network's parameters live: W (out, in) and b (out,).
// Its forward pass is one matmul with W transposed (a view: no copy) and the
// bias added to every row, so a batch of any leading shape goes through at once:
//
//   x (B, T, in) --reshape--> (B*T, in) --@ W^T (in, out)--> (B*T, out) --+ b--> (B, T, out)

#include "tinytorch/core/layers.hpp"

#include <cmath>
#include <random>
#include <stdexcept>

#include "tinytorch/core/errors.hpp"
#include "tinytorch/core/not_implemented.hpp"

namespace tinytorch {

int64_t Layer::num_parameters() const {
  // BEGIN SOLUTION Task 03.3: Layer::num_parameters
  int64_t total = 0;
  for (const auto& [name, tensor] : parameters()) total += tensor.numel();
  return total;
  // END SOLUTION
}

Linear::Linear(int64_t in_features, int64_t out_features, bool bias, Init init, uint64_t seed)
    : in_features_(in_features), out_features_(out_features), has_bias_(bias) {
  if (in_features <= 0 || out_features <= 0) {
    throw std::invalid_argument("Linear: sizes must be positive, not in=" + std::to_string(in_features) +
                                " out=" + std::to_string(out_features));
  }
  // BEGIN SOLUTION Task 03.1: Linear::Linear initialisation
  // Xavier keeps the variance of activations equal across layers for
  // symmetric activations; He doubles it to make up for ReLU zeroing half.
  if (init == Init::kXavierUniform) {
    const float a = std::sqrt(6.0f / static_cast<float>(in_features + out_features));
    weight_ = Tensor::rand({out_features, in_features}, seed, -a, a);  // (out, in)
  } else {
    const float std = std::sqrt(2.0f / static_cast<float>(in_features));
    weight_ = Tensor::randn({out_features, in_features}, seed, 0.0f, std);  // (out, in)
  }
  bias_ = bias ? Tensor::zeros({out_features}) : Tensor::zeros({0});  // (out,)
  // END SOLUTION
}

Tensor Linear::forward(const Tensor& x) {
  // BEGIN SOLUTION Task 03.1: Linear::forward
  if (x.dim() == 0 || x.size(-1) != in_features_) {
    throw ShapeError("Linear: input of shape " + shape_str(x.shape()) + " does not end in in_features=" +
                     std::to_string(in_features_));
  }
  Shape out_shape = x.shape();
  out_shape.back() = out_features_;
  const Tensor rows = x.reshape({-1, in_features_});               // (N, in)
  Tensor y = rows.matmul(weight_.transpose(0, 1)).contiguous();    // (N, out), fresh: no copy
  if (has_bias_) {  // y += b on every row, in place: a broadcast add would allocate a second (N, out)
    const float* b = bias_.data();
    float* row = y.data();
    for (int64_t r = 0; r < y.size(0); ++r, row += out_features_) {
      for (int64_t j = 0; j < out_features_; ++j) row[j] += b[j];
    }
  }
  return y.reshape(out_shape);                                     // (..., out)
  // END SOLUTION
}

std::vector<NamedParameter> Linear::parameters() const {
  std::vector<NamedParameter> list = {{"weight", weight_}};
  if (has_bias_) list.emplace_back("bias", bias_);
  return list;
}

Sequential& Sequential::add(std::shared_ptr<Layer> layer) {
  layers_.push_back(std::move(layer));
  return *this;
}

Tensor Sequential::forward(const Tensor& x) {
  // BEGIN SOLUTION Task 03.2: Sequential::forward
  Tensor h = x;
  for (const auto& layer : layers_) h = layer->forward(h);
  return h;
  // END SOLUTION
}

std::vector<NamedParameter> Sequential::parameters() const {
  std::vector<NamedParameter> list;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    for (auto& [name, tensor] : layers_[i]->parameters()) list.emplace_back(std::to_string(i) + "." + name, tensor);
  }
  return list;
}

void Sequential::train(bool on) {
  Layer::train(on);
  for (const auto& layer : layers_) layer->train(on);
}

Dropout::Dropout(float p, uint64_t seed) : p_(p), seed_(seed) {
  if (!(p >= 0.0f && p < 1.0f)) throw std::invalid_argument("Dropout: p must be in [0, 1), not " + std::to_string(p));
}

Tensor Dropout::forward(const Tensor& x) {
  // BEGIN SOLUTION Task 03.2: Dropout::forward
  // Inverted dropout: scale the kept values at training time so that
  // evaluation needs no change at all.
  if (!training_ || p_ == 0.0f) return x;
  const Tensor keep = Tensor::rand(x.shape(), seed_ + calls_++);  // U[0, 1) per element
  const Tensor in = x.contiguous();
  Tensor out = Tensor::zeros(x.shape());
  const float scale = 1.0f / (1.0f - p_);
  for (int64_t i = 0; i < out.numel(); ++i) out.data()[i] = keep.data()[i] < p_ ? 0.0f : in.data()[i] * scale;
  return out;
  // END SOLUTION
}

Tensor Activation::forward(const Tensor& x) {
  switch (kind_) {
    case Kind::kRelu: return relu(x);
    case Kind::kSigmoid: return sigmoid(x);
    case Kind::kTanh: return tinytorch::tanh(x);
    case Kind::kGelu: return gelu(x);
  }
  return x;
}

}  // namespace tinytorch
