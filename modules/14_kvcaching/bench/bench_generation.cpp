// Module 14 benchmark: generation speed without and with the KV cache,
// measured in one run, next to the machine's memory-bound ceiling and,
// with --compare torch, next to PyTorch on the same weights.
//
//   tito module bench 14 -- --preset gpt2-small --lengths 10,100,500 --threads 1
//
// For each length n: greedy generation of n tokens after a prompt, uncached
// (the whole sequence every step, LM head on the last position only) and
// cached (prefill, then one token per step). Both runs' tokens are compared;
// a difference that is not a near-tie fails the benchmark (exit 1).

#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "report.hpp"
#include "roofline.hpp"
#include "tinytorch/core/parallel.hpp"
#include "tinytorch/generation/cached_attention.hpp"
#include "tinytorch/generation/cached_generation.hpp"
#include "tinytorch/nn/gpt.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using tinytorch::GPT;
using tinytorch::GPTConfig;
using tinytorch::TokenBatch;

const char* kUsage =
    "usage: bench_14_generation [--preset tiny|mid|gpt2-small] [--lengths 10,25,50,100,200,500]\n"
    "       [--prompt-len 16] [--batch 1] [--kv-heads N] [--threads 1] [--repeats 3]\n"
    "       [--format text|json] [--output FILE] [--plot FILE.svg] [--full]\n"
    "       [--weights FILE.safetensors] [--save-weights FILE] [--compare torch]\n";

GPTConfig preset_config(const std::string& name) {
  if (name == "tiny") return {.vocab_size = 50, .max_seq_len = 128, .embed_dim = 32, .num_layers = 2, .num_heads = 2};
  if (name == "mid") return {.vocab_size = 256, .max_seq_len = 1024, .embed_dim = 128, .num_layers = 4, .num_heads = 4};
  if (name == "gpt2-small") {
    return {.vocab_size = 50257, .max_seq_len = 1024, .embed_dim = 768, .num_layers = 12, .num_heads = 12,
            .tie_lm_head = true};
  }
  throw std::invalid_argument("unknown preset " + name + " (tiny, mid, gpt2-small)");
}

std::vector<int64_t> parse_lengths(const std::string& text) {
  std::vector<int64_t> values;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) values.push_back(std::stoll(item));
  return values;
}

// One timed generation: tokens, per-step seconds, per-step logits margins.
struct Run {
  TokenBatch tokens;
  std::vector<double> step_seconds;
  std::vector<tinytorch::Tensor> logits;
  double total_seconds = 0;
};

template <class Generate>
Run timed(Generate generate, GPT& model, const TokenBatch& prompt, int64_t length, bool keep_logits) {
  Run run;
  auto last = Clock::now();
  const auto start = last;
  tinytorch::GenerateOptions options{.max_new_tokens = length};
  options.on_logits = [&](int64_t, const tinytorch::Tensor& logits) {
    const auto now = Clock::now();
    run.step_seconds.push_back(std::chrono::duration<double>(now - last).count());
    last = now;
    if (keep_logits) run.logits.push_back(logits.clone());
  };
  run.tokens = generate(model, prompt, options);
  run.total_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return run;
}

// Top-2 gap of the logits at `step` (smallest over the batch): under 1e-5 is a tie, not a bug.
float top2_margin(const tinytorch::Tensor& logits) {
  const tinytorch::Tensor rows = logits.contiguous();
  const int64_t vocab = rows.size(1);
  float margin = 1e30f;
  for (int64_t b = 0; b < rows.size(0); ++b) {
    std::vector<float> row(rows.data() + b * vocab, rows.data() + (b + 1) * vocab);
    std::partial_sort(row.begin(), row.begin() + 2, row.end(), std::greater<>());
    margin = std::min(margin, row[0] - row[1]);
  }
  return margin;
}

int64_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

int64_t peak_resident_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<int64_t>(usage.ru_maxrss) * 1024;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "unknown";
}

// Bytes a decode step must read besides the cache: every weight once, except the embedding
// tables, of which it reads one row each (the tied LM head reads the whole token table).
int64_t decode_weight_bytes(const GPT& model) {
  int64_t floats = 0;
  for (const auto& [name, tensor] : model.parameters()) {
    if (name == "pos_emb.weight") continue;
    if (name == "tok_emb.weight" && !model.config().tie_lm_head) continue;
    floats += tensor.numel();
  }
  return floats * 4;
}

// Cache bytes a decode step reads at the mean position of a run of `length` tokens (keys and values, all layers).
int64_t cache_bytes_per_step(const GPTConfig& config, const bench::Options& opt, int64_t length) {
  const double mean_position = static_cast<double>(opt.prompt_len) + static_cast<double>(length) / 2.0;
  return static_cast<int64_t>(2.0 * static_cast<double>(config.num_layers * opt.batch * config.kv_heads()) *
                              mean_position * static_cast<double>(config.head_dim()) * 4);
}

int64_t matmul_params(const GPT& model) {
  int64_t params = 0;
  for (const auto& [name, tensor] : model.parameters()) {
    if (tensor.dim() == 2 && name != "pos_emb.weight" && (name != "tok_emb.weight" || model.config().tie_lm_head)) {
      params += tensor.numel();
    }
  }
  return params;
}

}  // namespace

int main(int argc, char** argv) {
  bench::Options opt;
  bool lengths_given = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "bench_14_generation: " << arg << " needs a value\n" << kUsage;
        std::exit(2);
      }
      return argv[++i];
    };
    try {
      if (arg == "--preset") opt.preset = value();
      else if (arg == "--lengths") {
        opt.lengths = parse_lengths(value());
        lengths_given = true;
      }
      else if (arg == "--prompt-len") opt.prompt_len = std::stoll(value());
      else if (arg == "--batch") opt.batch = std::stoll(value());
      else if (arg == "--kv-heads") opt.kv_heads = std::stoll(value());
      else if (arg == "--threads") opt.threads = std::stoi(value());
      else if (arg == "--repeats") opt.repeats = std::stoi(value());
      else if (arg == "--format") opt.format = value();
      else if (arg == "--output") opt.output = value();
      else if (arg == "--plot") opt.plot = value();
      else if (arg == "--weights") opt.weights = value();
      else if (arg == "--save-weights") opt.save_weights = value();
      else if (arg == "--compare") opt.compare = value();
      else if (arg == "--full") opt.full = true;
      else if (arg == "--help") {
        std::cout << kUsage;
        return 0;
      } else {
        std::cerr << "bench_14_generation: unknown option " << arg << "\n" << kUsage;
        return 2;
      }
    } catch (const std::exception&) {
      std::cerr << "bench_14_generation: bad value for " << arg << "\n" << kUsage;
      return 2;
    }
  }
  if (opt.format != "text" && opt.format != "json") {
    std::cerr << "bench_14_generation: --format is text or json\n";
    return 2;
  }
  if (!opt.compare.empty() && opt.compare != "torch") {
    std::cerr << "bench_14_generation: --compare takes torch\n";
    return 2;
  }
  GPTConfig config;
  try {
    config = preset_config(opt.preset);
    if (opt.kv_heads > 0) config.num_kv_heads = opt.kv_heads;
    config.seed = 1414;
    config.validate();
  } catch (const std::exception& error) {
    std::cerr << "bench_14_generation: " << error.what() << "\n";
    return 2;
  }
  std::sort(opt.lengths.begin(), opt.lengths.end());
  if (!lengths_given) {  // the default lengths that fit this preset's context (tiny holds 128 positions)
    std::erase_if(opt.lengths, [&](int64_t length) { return opt.prompt_len + length > config.max_seq_len; });
  }
  if (opt.lengths.empty() || opt.lengths.front() < 1 || opt.prompt_len < 1 || opt.batch < 1 || opt.threads < 1 ||
      opt.repeats < 1 || opt.prompt_len + opt.lengths.back() > config.max_seq_len) {
    std::cerr << "bench_14_generation: lengths, prompt length, batch, threads and repeats must be positive and "
                 "prompt + longest length at most max_seq_len "
              << config.max_seq_len << "\n";
    return 2;
  }
  bench::Progress progress;

  progress.say("building the " + opt.preset + " model ...");
  GPT model(config);  // building and loading run no parallel kernel: no threads yet
  try {
    if (!opt.weights.empty()) model.load(opt.weights);
    if (!opt.save_weights.empty()) model.save(opt.save_weights);
  } catch (const std::exception& error) {  // a missing file or one for another model: the user's input
    std::cerr << "bench_14_generation: " << error.what() << "\n";
    return 2;
  }
  const int64_t weight_bytes = decode_weight_bytes(model);
  std::vector<int64_t> working_sets;
  for (int64_t length : opt.lengths) working_sets.push_back(weight_bytes + cache_bytes_per_step(config, opt, length));

  // The limits, in a forked child, before this process starts any threads (a fork copies only the caller).
  progress.say("measuring memory bandwidth, each length's working set and matmul peak ...");
  bench::Roofline roof;
  try {
    roof = bench::measure_roofline(opt.threads, working_sets);
  } catch (const std::exception& error) {
    std::cerr << "bench_14_generation: " << error.what() << "\n";
    return 1;
  }
  tinytorch::set_num_threads(opt.threads);
  const int64_t uncached_limit = opt.preset == "gpt2-small" && !opt.full ? 200 : config.max_seq_len;

  TokenBatch prompt(static_cast<std::size_t>(opt.batch));
  for (int64_t b = 0; b < opt.batch; ++b) {
    for (int64_t t = 0; t < opt.prompt_len; ++t) {
      prompt[b].push_back(static_cast<int>((17 * t + 29 * b + 3) % config.vocab_size));
    }
  }

  bench::Report report;
  report.options = opt;
  report.config = config;
  report.roofline = roof;
  report.cpu = cpu_model();
  report.hardware_threads = static_cast<int>(std::thread::hardware_concurrency());
  report.weight_bytes = weight_bytes;
  report.parameters = model.num_parameters();

  // The cache's size by the formula and by what allocating it adds to resident memory.
  const int64_t before = resident_bytes();
  auto cache = tinytorch::enable_kv_cache(model, opt.batch);
  report.cache_measured_bytes = resident_bytes() - before;
  report.cache_formula_bytes = 2 * config.num_layers * opt.batch * config.kv_heads() * config.max_seq_len *
                               config.head_dim() * 4;
  tinytorch::disable_kv_cache(model);
  cache.reset();

  int exit_code = 0;
  for (int64_t length : opt.lengths) {
    bench::LengthResult row;
    row.length = length;
    std::vector<double> cached_rates, decode_rates, uncached_rates;
    for (int r = 0; r < opt.repeats; ++r) {
      auto say = [&](const char* what) {
        progress.say(opt.preset + ": " + std::to_string(length) + " tokens, run " + std::to_string(r + 1) + "/" +
                     std::to_string(opt.repeats) + ", " + what + " ...");
      };
      Run uncached;
      const bool run_uncached = length <= uncached_limit;
      if (run_uncached) {
        say("uncached");
        uncached = timed(tinytorch::generate, model, prompt, length, r == 0);
        uncached_rates.push_back(static_cast<double>(length * opt.batch) / uncached.total_seconds);
        row.uncached_first_ms = length > 1 ? uncached.step_seconds[1] * 1e3 : uncached.step_seconds[0] * 1e3;
        row.uncached_last_ms = uncached.step_seconds.back() * 1e3;
      }

      // The cache is allocated before the clock starts, as a server allocates it once and
      // reuses it: prefill time is the prompt's pass, not the page faults of a fresh buffer.
      say("cached");
      tinytorch::enable_kv_cache(model, opt.batch);
      const Run cached = timed(tinytorch::generate_cached, model, prompt, length, false);
      tinytorch::disable_kv_cache(model);
      if (r == 0) row.tokens = cached.tokens;
      cached_rates.push_back(static_cast<double>(length * opt.batch) / cached.total_seconds);
      double decode_seconds = 0;
      for (std::size_t s = 1; s < cached.step_seconds.size(); ++s) decode_seconds += cached.step_seconds[s];
      if (length > 1) decode_rates.push_back(static_cast<double>((length - 1) * opt.batch) / decode_seconds);
      row.prefill_ms = cached.step_seconds.front() * 1e3;
      row.cached_first_ms = length > 1 ? cached.step_seconds[1] * 1e3 : 0;
      row.cached_last_ms = cached.step_seconds.back() * 1e3;

      if (run_uncached && r == 0) {
        row.compared = true;
        row.tokens_match = cached.tokens == uncached.tokens;
        row.min_margin = 1e30f;
        for (const auto& logits : uncached.logits) row.min_margin = std::min(row.min_margin, top2_margin(logits));
        if (!row.tokens_match) {
          // Find the first differing step and its margin: a near-tie is reported, anything else fails.
          int64_t step = 0;
          while (step < length) {
            bool same = true;
            for (int64_t b = 0; b < opt.batch; ++b) {
              same = same && cached.tokens[b][opt.prompt_len + step] == uncached.tokens[b][opt.prompt_len + step];
            }
            if (!same) break;
            ++step;
          }
          row.diff_step = step;
          row.diff_margin = top2_margin(uncached.logits[static_cast<std::size_t>(step)]);
          if (row.diff_margin >= 1e-5f) exit_code = 1;
        }
      }
    }
    row.cached = bench::Stats::of(cached_rates);
    row.decode = bench::Stats::of(decode_rates);
    row.uncached = bench::Stats::of(uncached_rates);
    // The bandwidth-bound ceiling at the mean decode position of this run.
    const double mean_position = static_cast<double>(opt.prompt_len) + static_cast<double>(length) / 2.0;
    row.cache_bytes_per_step = cache_bytes_per_step(config, opt, length);
    row.bytes_per_step = report.weight_bytes + row.cache_bytes_per_step;
    row.flops_per_step = 2.0 * static_cast<double>(matmul_params(model)) * opt.batch +
                         4.0 * config.num_layers * config.num_heads * mean_position * config.head_dim() * opt.batch;
    const std::size_t index = report.rows.size();
    row.working_set_gbps = roof.working_set_gbps.at(index);
    row.ceiling_gbps = roof.ceiling_gbps(index);
    row.ceiling_tokens_per_s = static_cast<double>(opt.batch) * row.ceiling_gbps * 1e9 /
                               static_cast<double>(row.bytes_per_step);
    report.rows.push_back(row);
  }
  report.peak_rss_bytes = peak_resident_bytes();
  progress.done();

  if (opt.compare == "torch") {
    const int code = bench::compare_with_torch(model, prompt, report);
    if (code != 0) exit_code = std::max(exit_code, code);
  }
  bench::print(report, opt.format == "json" && opt.output.empty() ? std::cerr : std::cout);
  const std::string json = bench::to_json(report).dump(2) + "\n";
  if (!opt.output.empty()) {
    std::ofstream(opt.output) << json;
    std::cerr << "JSON written to " << opt.output << "\n";
  } else if (opt.format == "json") {
    std::cout << json;
  }
  if (!opt.plot.empty()) bench::plot(report, opt.plot);
  for (const auto& row : report.rows) {
    if (row.compared && !row.tokens_match) {
      std::cerr << (row.diff_margin < 1e-5f ? "near-tie" : "MISMATCH") << ": cached and uncached tokens differ at step "
                << row.diff_step << " of length " << row.length << " (top-2 margin " << row.diff_margin << ")\n";
    }
  }
  return exit_code;
}
