#pragma once
// Loads a reference case of tests/fixtures/gpt_reference.json: the config, the
// tokens, and the logits PyTorch computed with the weights in the matching
// gpt_<name>.safetensors file.

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tinytorch/nn/gpt.hpp"
#include "tinytorch_fixtures.hpp"

namespace tinytorch::testing {

struct ReferenceCase {
  GPTConfig config;
  TokenBatch tokens;
  Tensor logits;          // (B, T, V) for all tokens from position 0
  Tensor logits_from_3;   // (B, T-3, V) for tokens[:, 3:] starting at position 3
  std::string weights;    // path of the safetensors file
};

inline ReferenceCase reference_case(const std::string& name) {
  std::ifstream in(std::string(TINYTORCH_FIXTURES_DIR) + "/gpt_reference.json");
  const auto root = nlohmann::json::parse(in);
  for (const auto& item : root.at("cases")) {
    if (item.at("name") != name) continue;
    const auto& c = item.at("config");
    ReferenceCase out;
    out.config.vocab_size = c.at("vocab");
    out.config.max_seq_len = c.at("max_seq");
    out.config.embed_dim = c.at("c");
    out.config.num_layers = c.at("layers");
    out.config.num_heads = c.at("heads");
    out.config.num_kv_heads = c.at("kv_heads");
    out.config.tie_lm_head = c.at("tie");
    out.tokens = item.at("tokens").get<TokenBatch>();
    out.logits = tensor_from_json(item.at("logits"));
    out.logits_from_3 = tensor_from_json(item.at("logits_from_3"));
    out.weights = std::string(TINYTORCH_FIXTURES_DIR) + "/gpt_" + name + ".safetensors";
    return out;
  }
  throw std::runtime_error("no reference case " + name);
}

}  // namespace tinytorch::testing
