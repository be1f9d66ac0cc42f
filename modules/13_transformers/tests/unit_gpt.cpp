// Module 13 unit tests: the GPT forward pass against PyTorch (13.4), generation (13.5),
// safetensors (13.6).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "reference_model.hpp"
#include "tinytorch/nn/gpt.hpp"
#include "tinytorch/nn/safetensors.hpp"
#include "tinytorch_fixtures.hpp"

using tinytorch::GenerateOptions;
using tinytorch::GPT;
using tinytorch::GPTConfig;
using tinytorch::LogitsFor;
using tinytorch::Shape;
using tinytorch::Tensor;
using tinytorch::testing::close_to;
using tinytorch::testing::reference_case;

namespace {

std::filesystem::path temp_file(const std::string& name) {
  return std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()) + ".safetensors");
}

}  // namespace

TEST(Gpt, LogitsMatchPyTorch) {
  const auto ref = reference_case("plain");
  GPT model(ref.config);
  model.load(ref.weights);
  const Tensor logits = model.forward(ref.tokens);
  EXPECT_EQ(logits.shape(), (Shape{2, 7, 23}));
  EXPECT_TRUE(close_to(logits, ref.logits, 1e-4f, 0.0f));
}

TEST(Gpt, GroupedQueryAndTiedHeadMatchPyTorch) {
  const auto ref = reference_case("gqa_tied");
  GPT model(ref.config);
  model.load(ref.weights);
  EXPECT_TRUE(close_to(model.forward(ref.tokens), ref.logits, 1e-4f, 0.0f));
  // Tied: no separate LM head weight.
  for (const auto& [name, tensor] : model.parameters()) EXPECT_NE(name, "lm_head.weight");
}

TEST(Gpt, StartPositionSelectsPositionalRows) {
  const auto ref = reference_case("plain");
  GPT model(ref.config);
  model.load(ref.weights);
  tinytorch::TokenBatch tail = ref.tokens;
  for (auto& row : tail) row.erase(row.begin(), row.begin() + 3);
  EXPECT_TRUE(close_to(model.forward(tail, 3), ref.logits_from_3, 1e-4f, 0.0f));
}

TEST(Gpt, LastPositionLogitsEqualTheLastRow) {
  GPT model(GPTConfig{});
  const tinytorch::TokenBatch tokens = {{1, 2, 3, 4}, {5, 6, 7, 8}};
  const Tensor all = model.forward(tokens);
  const Tensor last = model.forward(tokens, 0, LogitsFor::kLastPosition);
  EXPECT_EQ(last.shape(), (Shape{2, 1, 50}));
  EXPECT_TRUE(close_to(last, all.slice(1, 3, 4), 1e-5f));
}

TEST(Gpt, IsCausal) {
  GPT model(GPTConfig{.vocab_size = 40, .max_seq_len = 16, .embed_dim = 16, .num_layers = 2, .num_heads = 4});
  const Tensor a = model.forward({{3, 1, 4, 1, 5, 9}});
  const Tensor b = model.forward({{3, 1, 4, 1, 5, 2}});
  EXPECT_TRUE(close_to(a.slice(1, 0, 5), b.slice(1, 0, 5), 1e-6f)) << "a later token changed an earlier position";
  EXPECT_FALSE(a.slice(1, 5, 6).allclose(b.slice(1, 5, 6)));
}

TEST(Gpt, ConfigErrorsNameTheField) {
  try {
    GPT(GPTConfig{.embed_dim = 30, .num_heads = 4});
    FAIL();
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("embed_dim 30 is not divisible by num_heads 4"), std::string::npos);
  }
  EXPECT_THROW(GPT(GPTConfig{.num_heads = 4, .num_kv_heads = 3}), std::invalid_argument);
  EXPECT_EQ(GPT(GPTConfig{.vocab_size = 10, .max_seq_len = 8, .embed_dim = 4, .num_layers = 1, .num_heads = 1})
                .num_parameters(),
            10 * 4 + 8 * 4 + (4 + 4) + (4 * 4 + 4) * 4 + (4 + 4) + (4 * 16 + 16) + (16 * 4 + 4) + (4 + 4) + 4 * 10);
}

TEST(Generate, GreedyPicksTheArgmaxOfEveryStep) {
  GPT model(GPTConfig{.seed = 3});
  std::vector<Tensor> steps;
  GenerateOptions options{.max_new_tokens = 5};
  options.on_logits = [&](int64_t, const Tensor& logits) { steps.push_back(logits.clone()); };
  const auto out = tinytorch::generate(model, {{1, 2, 3}}, options);
  ASSERT_EQ(out.front().size(), 8u);
  ASSERT_EQ(steps.size(), 5u);
  for (int s = 0; s < 5; ++s) {
    EXPECT_EQ(out[0][3 + s], static_cast<int>(steps[s].argmax(1).item())) << "step " << s;
  }
  EXPECT_EQ(tinytorch::generate(model, {{1, 2, 3}}, {.max_new_tokens = 5}), out) << "greedy is deterministic";
}

TEST(Generate, SamplingIsSeededAndTopKRestricts) {
  GPT model(GPTConfig{.seed = 4});
  const GenerateOptions hot{.max_new_tokens = 12, .temperature = 1.5f, .top_k = 3, .seed = 99};
  const auto a = tinytorch::generate(model, {{7}, {8}}, hot);
  EXPECT_EQ(tinytorch::generate(model, {{7}, {8}}, hot), a) << "same seed, same tokens";
  GenerateOptions other = hot;
  other.seed = 100;
  EXPECT_NE(tinytorch::generate(model, {{7}, {8}}, other), a);
  // With top_k = 1 sampling must equal greedy decoding.
  const auto greedy = tinytorch::generate(model, {{7}}, {.max_new_tokens = 6});
  EXPECT_EQ(tinytorch::generate(model, {{7}}, {.max_new_tokens = 6, .temperature = 2.0f, .top_k = 1, .seed = 5}),
            greedy);
}

TEST(Generate, PastMaxSeqLenIsAnErrorBeforeAnythingRuns) {
  GPT model(GPTConfig{.max_seq_len = 8});
  try {
    tinytorch::generate(model, {{1, 2, 3}}, {.max_new_tokens = 6});
    FAIL() << "3 + 6 positions fit a model of 8";
  } catch (const std::length_error& error) {
    EXPECT_NE(std::string(error.what()).find("max_seq_len 8"), std::string::npos) << error.what();
  }
  EXPECT_EQ(tinytorch::generate(model, {{1, 2, 3}}, {.max_new_tokens = 5}).front().size(), 8u);
}

TEST(Safetensors, RoundTripIsExact) {
  GPT model(GPTConfig{.seed = 5});
  const auto path = temp_file("roundtrip");
  model.save(path);
  GPT other(GPTConfig{.seed = 6});
  other.load(path);
  const auto a = model.parameters();
  const auto b = other.parameters();
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].second.to_vector(), b[i].second.to_vector()) << a[i].first;
  // The layout is the standard one: 8-byte little-endian header length, then JSON.
  std::ifstream in(path, std::ios::binary);
  unsigned char length[8];
  in.read(reinterpret_cast<char*>(length), 8);
  std::string json(length[0] | (length[1] << 8), '\0');
  in.read(json.data(), static_cast<std::streamsize>(json.size()));
  const auto header = nlohmann::json::parse(json);
  const auto& entry = header.at("blocks.0.attn.q_proj.weight");
  EXPECT_EQ(entry.at("dtype"), "F32") << json;
  EXPECT_EQ(entry.at("shape").get<Shape>(), (Shape{32, 32})) << json;
  const auto offsets = entry.at("data_offsets").get<std::vector<uint64_t>>();
  EXPECT_EQ(offsets.at(1) - offsets.at(0), 32u * 32u * 4u) << json;
  std::filesystem::remove(path);
}

TEST(Safetensors, DamagedFilesAreClearErrors) {
  GPT model(GPTConfig{.seed = 7});
  const auto path = temp_file("damaged");
  model.save(path);
  const auto size = std::filesystem::file_size(path);
  const auto before = model.parameters().front().second.to_vector();
  std::filesystem::resize_file(path, size - 100);  // truncated
  try {
    model.load(path);
    FAIL() << "a truncated file loaded";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("not a valid safetensors file"), std::string::npos) << error.what();
  }
  EXPECT_EQ(model.parameters().front().second.to_vector(), before) << "a failed load leaves the model unchanged";
  std::ofstream(path, std::ios::binary) << "xy";
  EXPECT_THROW(tinytorch::load_safetensors(path), std::runtime_error);
  // A file of another model: shapes differ, named in the error.
  GPT bigger(GPTConfig{.embed_dim = 64});
  bigger.save(path);
  try {
    model.load(path);
    FAIL();
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("has shape"), std::string::npos) << error.what();
  }
  tinytorch::save_safetensors(path, {{"only.this", Tensor::ones({2})}});
  try {
    model.load(path);
    FAIL();
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("tensor tok_emb.weight is missing"), std::string::npos) << error.what();
  }
  std::filesystem::remove(path);
}
