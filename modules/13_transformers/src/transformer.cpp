// Module 13 — LayerNorm, MLP and the transformer block.

#include "tinytorch/nn/transformer.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "tinytorch/core/activations.hpp"
#include "tinytorch/core/errors.hpp"
#include "tinytorch/core/not_implemented.hpp"

namespace tinytorch {
namespace {

std::vector<NamedParameter> prefixed(const std::string& prefix, const std::vector<NamedParameter>& list) {
  std::vector<NamedParameter> out;
  for (const auto& [name, tensor] : list) out.emplace_back(prefix + name, tensor);
  return out;
}

void append(std::vector<NamedParameter>& to, const std::vector<NamedParameter>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

}  // namespace

LayerNorm::LayerNorm(int64_t dim, float eps) : eps_(eps), weight_(Tensor::ones({dim})), bias_(Tensor::zeros({dim})) {}

Tensor LayerNorm::forward(const Tensor& x) const {
  // BEGIN SOLUTION Task 13.1: LayerNorm::forward
  // Per row of the last axis: y = (x - mean) / sqrt(var + eps) * gamma + beta,
  // with the biased variance (divide by C), as PyTorch does.
  const int64_t c = weight_.numel();
  if (x.dim() == 0 || x.size(-1) != c) {
    throw ShapeError("LayerNorm: input " + shape_str(x.shape()) + " does not end in " + std::to_string(c));
  }
  const Tensor in = x.contiguous();
  Tensor out = Tensor::zeros(x.shape());
  const float* gamma = weight_.data();
  const float* beta = bias_.data();
  for (int64_t row = 0; row < x.numel() / c; ++row) {
    const float* src = in.data() + row * c;
    float* dst = out.data() + row * c;
    double mean = 0, var = 0;
    for (int64_t i = 0; i < c; ++i) mean += src[i];
    mean /= static_cast<double>(c);
    for (int64_t i = 0; i < c; ++i) var += (src[i] - mean) * (src[i] - mean);
    const auto inv = static_cast<float>(1.0 / std::sqrt(var / static_cast<double>(c) + eps_));
    for (int64_t i = 0; i < c; ++i) dst[i] = (src[i] - static_cast<float>(mean)) * inv * gamma[i] + beta[i];
  }
  return out;
  // END SOLUTION
}

std::vector<NamedParameter> LayerNorm::parameters() const { return {{"weight", weight_}, {"bias", bias_}}; }

MLP::MLP(int64_t dim, int64_t hidden, uint64_t seed)
    : fc_(std::make_shared<Linear>(dim, hidden, true, Init::kXavierUniform, seed)),
      proj_(std::make_shared<Linear>(hidden, dim, true, Init::kXavierUniform, seed + 1)) {}

Tensor MLP::forward(const Tensor& x) const {
  // BEGIN SOLUTION Task 13.2: MLP::forward
  const Tensor h = gelu(fc_->forward(x), GeluApproximation::kTanh);  // (..., hidden)
  return proj_->forward(h);                                          // (..., C)
  // END SOLUTION
}

std::vector<NamedParameter> MLP::parameters() const {
  auto list = prefixed("fc.", fc_->parameters());
  append(list, prefixed("proj.", proj_->parameters()));
  return list;
}

TransformerBlock::TransformerBlock(int64_t dim, int64_t num_heads, int64_t num_kv_heads, int64_t mlp_hidden,
                                   uint64_t seed)
    : ln1_(dim),
      attention_(std::make_shared<MultiHeadAttention>(dim, num_heads, num_kv_heads, seed)),
      ln2_(dim),
      mlp_(dim, mlp_hidden, seed + 10) {}

Tensor TransformerBlock::forward(const Tensor& x, int64_t start_pos) {
  // BEGIN SOLUTION Task 13.3: TransformerBlock::forward
  // Pre-norm: each sub-layer sees a normalised input and adds to the
  // untouched residual stream, which keeps deep stacks trainable.
  const Tensor h = x + attention_->forward(ln1_.forward(x), start_pos);  // (B, T, C)
  return h + mlp_.forward(ln2_.forward(h));                             // (B, T, C)
  // END SOLUTION
}

void TransformerBlock::set_attention(std::shared_ptr<Attention> attention) {
  if (!attention) throw std::invalid_argument("TransformerBlock::set_attention: attention is null");
  attention_ = std::move(attention);
}

std::vector<NamedParameter> TransformerBlock::parameters() const {
  auto list = prefixed("ln1.", ln1_.parameters());
  append(list, prefixed("attn.", attention_->parameters()));
  append(list, prefixed("ln2.", ln2_.parameters()));
  append(list, prefixed("mlp.", mlp_.parameters()));
  return list;
}

}  // namespace tinytorch
