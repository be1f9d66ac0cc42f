#pragma once
// Module 03 — Layers: the building blocks a network is assembled from. A
// layer maps a tensor to a tensor and owns named parameters (its weights),
// which later modules load from files and count.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tinytorch/core/activations.hpp"
#include "tinytorch/core/tensor.hpp"

namespace tinytorch {

/// A named parameter: the Tensor shares storage with the layer's own, so writing through it
/// (copy_from) changes the layer.
using NamedParameter = std::pair<std::string, Tensor>;

/// Anything with a forward pass and parameters.
class Layer {
 public:
  virtual ~Layer() = default;
  /// The layer applied to `x`.
  virtual Tensor forward(const Tensor& x) = 0;
  /// Parameters with their names ("weight", "bias"; "0.weight" inside a Sequential).
  virtual std::vector<NamedParameter> parameters() const { return {}; }
  /// Training mode (Dropout drops) or evaluation mode (Dropout is the identity).
  virtual void train(bool on = true) { training_ = on; }
  /// Same as train(false).
  void eval() { train(false); }
  bool training() const { return training_; }
  /// Total number of scalars in parameters() (Task 03.3).
  int64_t num_parameters() const;

 protected:
  bool training_ = true;
};

/// How Linear draws its initial weights.
enum class Init {
  kXavierUniform,  ///< U(-a, a), a = sqrt(6 / (in + out)): keeps variance through tanh/sigmoid nets
  kHeNormal,       ///< N(0, sqrt(2 / in)): keeps variance through ReLU nets
};

/// y = x W^T + b, for x of shape (..., in) and W of shape (out, in), as PyTorch stores it.
class Linear : public Layer {
 public:
  /// Weights drawn from a generator seeded with `seed` (Task 03.1).
  Linear(int64_t in_features, int64_t out_features, bool bias = true, Init init = Init::kXavierUniform,
         uint64_t seed = 0);
  /// (..., in) -> (..., out) (Task 03.1).
  Tensor forward(const Tensor& x) override;
  std::vector<NamedParameter> parameters() const override;

  int64_t in_features() const { return in_features_; }
  int64_t out_features() const { return out_features_; }
  /// (out, in).
  const Tensor& weight() const { return weight_; }
  /// (out,), or an empty tensor without bias.
  const Tensor& bias() const { return bias_; }
  bool has_bias() const { return has_bias_; }

 private:
  int64_t in_features_;
  int64_t out_features_;
  bool has_bias_;
  Tensor weight_;
  Tensor bias_;
};

/// Layers applied one after another (Task 03.2).
class Sequential : public Layer {
 public:
  Sequential() = default;
  /// Builds from a list of layers.
  explicit Sequential(std::vector<std::shared_ptr<Layer>> layers) : layers_(std::move(layers)) {}
  /// Appends a layer; returns *this for chaining.
  Sequential& add(std::shared_ptr<Layer> layer);
  Tensor forward(const Tensor& x) override;
  /// Each layer's parameters, prefixed with its index: "0.weight", "2.bias".
  std::vector<NamedParameter> parameters() const override;
  void train(bool on = true) override;
  std::size_t size() const { return layers_.size(); }
  Layer& operator[](std::size_t i) { return *layers_.at(i); }

 private:
  std::vector<std::shared_ptr<Layer>> layers_;
};

/// Zeroes each element with probability p while training, scaling the rest by 1/(1-p);
/// the identity in evaluation mode (Task 03.2).
class Dropout : public Layer {
 public:
  /// p in [0, 1); the mask generator is seeded with `seed`.
  explicit Dropout(float p, uint64_t seed = 0);
  Tensor forward(const Tensor& x) override;

 private:
  float p_;
  uint64_t seed_;
  uint64_t calls_ = 0;
};

/// An activation function as a layer, so it can sit in a Sequential.
class Activation : public Layer {
 public:
  enum class Kind { kRelu, kSigmoid, kTanh, kGelu };
  explicit Activation(Kind kind) : kind_(kind) {}
  Tensor forward(const Tensor& x) override;

 private:
  Kind kind_;
};

}  // namespace tinytorch
