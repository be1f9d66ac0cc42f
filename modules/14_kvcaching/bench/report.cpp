#include "report.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace bench {
namespace {

std::string fixed(double value, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
  return buffer;
}

std::string pad(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

nlohmann::ordered_json stats_json(const Stats& s) {
  if (s.empty) return nullptr;
  return {{"median", s.median}, {"min", s.min}, {"max", s.max}};
}

}  // namespace

Stats Stats::of(std::vector<double> values) {
  Stats s;
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  s.empty = false;
  s.min = values.front();
  s.max = values.back();
  s.median = values.size() % 2 ? values[values.size() / 2]
                               : (values[values.size() / 2 - 1] + values[values.size() / 2]) / 2;
  return s;
}

void Progress::say(const std::string& text) {
  if (isatty(STDERR_FILENO)) {
    std::fprintf(stderr, "\r\033[K%s", text.c_str());
    dirty_ = true;
  } else {
    std::fprintf(stderr, "%s\n", text.c_str());
  }
  std::fflush(stderr);
}

void Progress::done() {
  if (dirty_) std::fprintf(stderr, "\r\033[K");
  dirty_ = false;
}

void print(const Report& r, std::ostream& out) {
  const auto& c = r.config;
  out << "preset " << r.options.preset << ": vocab " << c.vocab_size << ", embed " << c.embed_dim << ", " << c.num_layers
      << " layers, " << c.num_heads << " heads (" << c.kv_heads() << " kv), max_seq " << c.max_seq_len << ", "
      << fixed(static_cast<double>(r.parameters) / 1e6, 2) << "M parameters; batch " << r.options.batch << ", prompt "
      << r.options.prompt_len << ", " << r.options.threads << " thread(s), median of " << r.options.repeats << "\n";
  out << "machine: " << r.cpu << ", " << r.hardware_threads << " hardware threads\n";
  out << "limits: read " << fixed(r.roofline.read_gbps_1, 1) << " GB/s (1 thread), " << fixed(r.roofline.read_gbps_n, 1)
      << " GB/s (" << r.options.threads << "); triad " << fixed(r.roofline.triad_gbps_1, 1) << " / "
      << fixed(r.roofline.triad_gbps_n, 1) << " GB/s; memory ceiling " << fixed(r.roofline.ceiling_gbps(), 1)
      << " GB/s; matmul peak " << fixed(r.roofline.peak_gflops, 1) << " GFLOP/s\n";
  out << "working set of a decode step (weights + cache), read in a loop:";
  for (const auto& row : r.rows) {
    out << " " << fixed(static_cast<double>(row.bytes_per_step) / 1e6, 1) << " MB " << fixed(row.working_set_gbps, 1)
        << " GB/s" << (&row == &r.rows.back() ? "" : ";");
  }
  out << "\n";
  out << "decode reads " << fixed(static_cast<double>(r.weight_bytes) / 1e6, 1) << " MB of weights per step + the filled cache\n";
  out << "cache: " << fixed(static_cast<double>(r.cache_formula_bytes) / (1 << 20), 2)
      << " MiB by the formula 2*L*B*G*S*D*4, " << fixed(static_cast<double>(r.cache_measured_bytes) / (1 << 20), 2)
      << " MiB measured (resident memory added by allocating it)\n\n";
  const bool torch = std::any_of(r.rows.begin(), r.rows.end(), [](const LengthResult& row) { return row.has_torch; });
  out << pad("tokens", 6) << pad("uncached/s", 12) << pad("cached/s", 10) << pad("speedup", 9) << pad("prefill ms", 11)
      << pad("unc first", 10) << pad("unc last", 9) << pad("dec first", 10) << pad("dec last", 9)
      << pad("decode/s", 10) << pad("ceiling/s", 10) << pad("of ceil", 8);
  if (torch) out << pad("torch/s", 9) << pad("ours/torch", 11);
  out << pad("match", 7) << "\n";
  for (const auto& row : r.rows) {
    const bool unc = !row.uncached.empty;
    out << pad(std::to_string(row.length), 6) << pad(unc ? fixed(row.uncached.median, 1) : "-", 12)
        << pad(fixed(row.cached.median, 1), 10)
        << pad(unc ? fixed(row.cached.median / row.uncached.median, 2) + "x" : "-", 9) << pad(fixed(row.prefill_ms, 2), 11)
        << pad(unc ? fixed(row.uncached_first_ms, 2) : "-", 10) << pad(unc ? fixed(row.uncached_last_ms, 2) : "-", 9)
        << pad(fixed(row.cached_first_ms, 2), 10) << pad(fixed(row.cached_last_ms, 2), 9)
        << pad(row.decode.empty ? "-" : fixed(row.decode.median, 1), 10) << pad(fixed(row.ceiling_tokens_per_s, 1), 10)
        << pad(row.decode.empty ? "-" : fixed(100.0 * row.decode.median / row.ceiling_tokens_per_s, 0) + "%", 8);
    if (torch) {
      out << pad(row.has_torch ? fixed(row.torch_decode, 1) : "-", 9)
          << pad(row.has_torch && !row.decode.empty ? fixed(row.decode.median / row.torch_decode, 2) + "x" : "-", 11);
    }
    out << pad(!row.compared ? "-" : row.tokens_match ? "yes" : (row.diff_margin < 1e-5f ? "tie" : "NO"), 7) << "\n";
  }
  out << "\n(ms per step: first and last decode position; tokens/s count every sequence of the batch;\n"
         " 'of ceil' = cached decode tokens/s / (ceiling GB/s / bytes per step), the ceiling being the higher\n"
         " of the memory bandwidth and the bandwidth over a buffer of the step's size: in cache when it fits)\n";
  out << "peak resident memory " << fixed(static_cast<double>(r.peak_rss_bytes) / (1 << 20), 1) << " MiB = "
      << fixed(static_cast<double>(r.peak_rss_bytes) / static_cast<double>(4 * r.parameters + r.cache_formula_bytes), 2)
      << "x (weights + cache)\n";
}

nlohmann::ordered_json to_json(const Report& r) {
  nlohmann::ordered_json root;
  root["machine"] = {{"cpu", r.cpu}, {"hardware_threads", r.hardware_threads}, {"threads_used", r.options.threads}};
  root["roofline"] = {{"read_gbps_1_thread", r.roofline.read_gbps_1}, {"read_gbps_n_threads", r.roofline.read_gbps_n},
                      {"triad_gbps_1_thread", r.roofline.triad_gbps_1}, {"triad_gbps_n_threads", r.roofline.triad_gbps_n},
                      {"ceiling_gbps", r.roofline.ceiling_gbps()}, {"matmul_peak_gflops", r.roofline.peak_gflops}};
  root["torch_version"] = r.torch_version.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.torch_version);
  root["results"] = nlohmann::ordered_json::array();
  for (const auto& row : r.rows) {
    nlohmann::ordered_json item;
    item["preset"] = r.options.preset;
    item["config"] = {{"vocab_size", r.config.vocab_size}, {"embed_dim", r.config.embed_dim},
                      {"num_layers", r.config.num_layers}, {"num_heads", r.config.num_heads},
                      {"num_kv_heads", r.config.kv_heads()}, {"max_seq_len", r.config.max_seq_len},
                      {"tie_lm_head", r.config.tie_lm_head}, {"parameters", r.parameters}};
    item["batch"] = r.options.batch;
    item["prompt_len"] = r.options.prompt_len;
    item["threads"] = r.options.threads;
    item["repeats"] = r.options.repeats;
    item["length"] = row.length;
    item["uncached_tokens_per_s"] = stats_json(row.uncached);
    item["cached_tokens_per_s"] = stats_json(row.cached);
    item["cached_decode_tokens_per_s"] = stats_json(row.decode);
    item["speedup"] = row.uncached.empty ? nlohmann::ordered_json(nullptr)
                                         : nlohmann::ordered_json(row.cached.median / row.uncached.median);
    item["prefill_ms"] = row.prefill_ms;
    item["uncached_step_ms"] = {{"first", row.uncached.empty ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(row.uncached_first_ms)},
                                {"last", row.uncached.empty ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(row.uncached_last_ms)}};
    item["cached_step_ms"] = {{"first", row.cached_first_ms}, {"last", row.cached_last_ms}};
    item["cache_memory_bytes"] = {{"formula", r.cache_formula_bytes}, {"measured", r.cache_measured_bytes}};
    item["peak_rss_bytes"] = r.peak_rss_bytes;
    item["weights_plus_cache_bytes"] = 4 * r.parameters + r.cache_formula_bytes;
    item["bytes_per_decode_step"] = row.bytes_per_step;
    item["flops_per_decode_step"] = row.flops_per_step;
    item["working_set_read_gbps"] = row.working_set_gbps;
    item["ceiling_gbps"] = row.ceiling_gbps;
    item["ceiling_tokens_per_s"] = row.ceiling_tokens_per_s;
    item["percent_of_ceiling"] = row.decode.empty ? nlohmann::ordered_json(nullptr)
                                                  : nlohmann::ordered_json(100.0 * row.decode.median / row.ceiling_tokens_per_s);
    item["tokens_compared"] = row.compared;
    item["tokens_match"] = row.compared ? nlohmann::ordered_json(row.tokens_match) : nlohmann::ordered_json(nullptr);
    item["min_top2_margin"] = row.compared ? nlohmann::ordered_json(row.min_margin) : nlohmann::ordered_json(nullptr);
    if (row.has_torch) {
      item["torch"] = {{"cached_decode_tokens_per_s", row.torch_decode}, {"prefill_ms", row.torch_prefill_ms},
                       {"tokens_match", row.torch_tokens_match},
                       {"ours_over_torch", row.decode.empty ? 0.0 : row.decode.median / row.torch_decode}};
    } else {
      item["torch"] = nullptr;
    }
    root["results"].push_back(std::move(item));
  }
  return root;
}

void plot(const Report& r, const std::string& path) {
  if (std::system("command -v gnuplot > /dev/null 2>&1") != 0) {
    std::cerr << "--plot: gnuplot is not installed; install it with: sudo apt-get install gnuplot-nox\n";
    return;
  }
  const std::string data = path + ".dat";
  std::ofstream out(data);
  out << "# length uncached_tok_s cached_tok_s uncached_first_ms uncached_last_ms cached_first_ms cached_last_ms\n";
  for (const auto& row : r.rows) {
    out << row.length << " " << (row.uncached.empty ? std::string("NaN") : fixed(row.uncached.median, 3)) << " "
        << row.cached.median << " " << (row.uncached.empty ? std::string("NaN") : fixed(row.uncached_first_ms, 3)) << " "
        << (row.uncached.empty ? std::string("NaN") : fixed(row.uncached_last_ms, 3)) << " " << row.cached_first_ms << " "
        << row.cached_last_ms << "\n";
  }
  out.close();
  const std::string script = path + ".gp";
  std::ofstream gp(script);
  gp << "set terminal svg size 1000,420 font 'sans,11'\nset output '" << path << "'\nset multiplot layout 1,2 title '"
     << r.options.preset << ", batch " << r.options.batch << ", " << r.options.threads << " thread(s)'\n"
     << "set logscale x\nset xlabel 'generated tokens'\nset ylabel 'tokens/s'\nset key left bottom\n"
     << "plot '" << data << "' using 1:2 with linespoints title 'uncached', '' using 1:3 with linespoints title 'cached'\n"
     << "set xlabel 'position at the end of the run'\nset ylabel 'ms per step'\nset key left top\n"
     << "plot '" << data << "' using ($1+" << r.options.prompt_len << "):5 with linespoints title 'uncached, last step', "
     << "'' using ($1+" << r.options.prompt_len << "):7 with linespoints title 'cached, last step'\nunset multiplot\n";
  gp.close();
  if (std::system(("gnuplot '" + script + "'").c_str()) == 0) std::cerr << "plot written to " << path << "\n";
  std::filesystem::remove(script);
}

int compare_with_torch(const tinytorch::GPT& model, const tinytorch::TokenBatch& prompt, Report& report) {
  const std::string script = std::string(TINYTORCH_BENCH_DIR) + "/torch_generation.py";
  const auto dir = std::filesystem::temp_directory_path() / ("bench14-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const auto weights = dir / "weights.safetensors";
  model.save(weights);
  nlohmann::json request;
  request["weights"] = weights.string();
  request["config"] = {{"vocab_size", report.config.vocab_size}, {"max_seq_len", report.config.max_seq_len},
                       {"embed_dim", report.config.embed_dim}, {"num_layers", report.config.num_layers},
                       {"num_heads", report.config.num_heads}, {"num_kv_heads", report.config.kv_heads()},
                       {"tie_lm_head", report.config.tie_lm_head}};
  request["prompt"] = prompt;
  request["threads"] = report.options.threads;
  request["repeats"] = report.options.repeats;
  std::vector<int64_t> lengths;
  for (const auto& row : report.rows) lengths.push_back(row.length);
  request["lengths"] = lengths;
  const auto request_path = dir / "request.json";
  const auto result_path = dir / "result.json";
  std::ofstream(request_path) << request.dump();
  std::cerr << "running PyTorch on the same weights (" << script << ") ...\n";
  const std::string command = "/usr/bin/python3 '" + script + "' '" + request_path.string() + "' '" +
                              result_path.string() + "'";
  const int status = std::system(command.c_str());
  int code = 0;
  if (status != 0 || !std::filesystem::exists(result_path)) {
    std::cerr << "--compare torch: the PyTorch script failed; it needs Debian's python3-torch:\n"
                 "  sudo apt-get install python3-torch\n";
    code = 4;
  } else {
    std::ifstream in(result_path);
    const auto result = nlohmann::json::parse(in);
    report.torch_version = result.at("torch_version");
    for (auto& row : report.rows) {
      for (const auto& item : result.at("results")) {
        if (item.at("length") != row.length) continue;
        row.has_torch = true;
        row.torch_decode = item.at("decode_tokens_per_s");
        row.torch_prefill_ms = item.at("prefill_ms");
        row.torch_tokens_match = item.at("tokens").get<tinytorch::TokenBatch>() == row.tokens;
        if (!row.torch_tokens_match) code = std::max(code, 1);
      }
    }
  }
  std::filesystem::remove_all(dir);
  return code;
}

}  // namespace bench
