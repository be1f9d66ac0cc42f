#pragma once
// The benchmark's result model and its renderings: a text table, JSON (schema
// in the course README), an SVG plot drawn with gnuplot, and the PyTorch
// comparison that fills in the torch columns.

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "roofline.hpp"
#include "tinytorch/nn/gpt.hpp"

namespace bench {

struct Options {
  std::string preset = "tiny";
  std::vector<int64_t> lengths = {10, 25, 50, 100, 200, 500};
  int64_t prompt_len = 16;
  int64_t batch = 1;
  int64_t kv_heads = 0;
  int threads = 1;
  int repeats = 3;
  std::string format = "text";
  std::string output;
  std::string plot;
  std::string weights;
  std::string save_weights;
  std::string compare;
  bool full = false;
};

/// Median, min and max of repeated measurements (all 0 when there are none).
struct Stats {
  double median = 0, min = 0, max = 0;
  bool empty = true;
  static Stats of(std::vector<double> values);
};

struct LengthResult {
  int64_t length = 0;
  Stats uncached;               ///< generated tokens per second, whole sequence every step
  Stats cached;                 ///< generated tokens per second, prefill included
  Stats decode;                 ///< cached decode steps only, tokens per second
  double prefill_ms = 0;
  double uncached_first_ms = 0, uncached_last_ms = 0;
  double cached_first_ms = 0, cached_last_ms = 0;
  tinytorch::TokenBatch tokens;  ///< prompt + cached output of the first run
  bool compared = false;        ///< the uncached run happened, tokens were compared
  bool tokens_match = false;
  float min_margin = 0;         ///< smallest top-2 logit gap over the uncached run
  int64_t diff_step = -1;
  float diff_margin = 0;
  int64_t cache_bytes_per_step = 0;
  int64_t bytes_per_step = 0;   ///< weights + filled cache at the mean decode position
  double flops_per_step = 0;
  double working_set_gbps = 0;  ///< read bandwidth over a buffer of bytes_per_step
  double ceiling_gbps = 0;      ///< the higher of that and memory's: what moving this step's bytes allows
  double ceiling_tokens_per_s = 0;
  // --compare torch
  bool has_torch = false;
  double torch_decode = 0;      ///< PyTorch cached decode tokens per second
  double torch_prefill_ms = 0;
  bool torch_tokens_match = false;
};

struct Report {
  Options options;
  tinytorch::GPTConfig config;
  Roofline roofline;
  std::string cpu;
  int hardware_threads = 0;
  int64_t parameters = 0;
  int64_t weight_bytes = 0;
  int64_t cache_formula_bytes = 0;
  int64_t cache_measured_bytes = 0;
  int64_t peak_rss_bytes = 0;
  std::string torch_version;
  std::vector<LengthResult> rows;
};

/// Progress on stderr: one rewritten line on a terminal, plain lines otherwise.
class Progress {
 public:
  void say(const std::string& text);
  void done();

 private:
  bool dirty_ = false;
};

/// The table people read.
void print(const Report& report, std::ostream& out);
/// The same as JSON.
nlohmann::ordered_json to_json(const Report& report);
/// An SVG of tokens/s against length and per-step latency against position (needs gnuplot).
void plot(const Report& report, const std::string& path);
/// Runs bench/torch_generation.py on the same weights and prompt; fills the torch fields.
/// Returns 1 when PyTorch's tokens differ from ours, 4 when it cannot run.
int compare_with_torch(const tinytorch::GPT& model, const tinytorch::TokenBatch& prompt, Report& report);

}  // namespace bench
