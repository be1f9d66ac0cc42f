// End to end: `tito module bench 14` on the tiny preset writes JSON with every
// documented field, and cached and uncached tokens matched. No speed is
// asserted: speed is for the benchmark, not for tests.

#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace tito {
namespace {

TEST(BenchE2E, TinyPresetWritesCompleteJson) {
  TITO_NEEDS_COURSE_SOLUTIONS();
  testing::TempDir scratch;
  const auto json_path = scratch.path() / "bench.json";
  const auto result = testing::run_tito(TITO_SOURCE_DIR, {"module", "bench", "14", "--", "--preset", "tiny",
                                                          "--lengths", "5,12", "--repeats", "1", "--output",
                                                          json_path.string()});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("speedup"), std::string::npos) << result.output;
  std::ifstream in(json_path);
  const auto root = nlohmann::json::parse(in);
  for (const char* key : {"cpu", "hardware_threads", "threads_used"}) EXPECT_TRUE(root.at("machine").contains(key)) << key;
  for (const char* key : {"read_gbps_1_thread", "read_gbps_n_threads", "triad_gbps_1_thread", "triad_gbps_n_threads",
                          "ceiling_gbps", "matmul_peak_gflops"}) {
    EXPECT_GT(root.at("roofline").at(key).get<double>(), 0.0) << key;
  }
  const auto& results = root.at("results");
  ASSERT_EQ(results.size(), 2u);
  for (const auto& row : results) {
    for (const char* key : {"preset", "config", "batch", "prompt_len", "threads", "length", "uncached_tokens_per_s",
                            "cached_tokens_per_s", "cached_decode_tokens_per_s", "speedup", "prefill_ms",
                            "uncached_step_ms", "cached_step_ms", "cache_memory_bytes", "peak_rss_bytes",
                            "weights_plus_cache_bytes", "bytes_per_decode_step", "flops_per_decode_step",
                            "working_set_read_gbps", "ceiling_gbps", "ceiling_tokens_per_s", "percent_of_ceiling",
                            "tokens_match", "min_top2_margin", "torch"}) {
      EXPECT_TRUE(row.contains(key)) << key;
    }
    // The step's ceiling is never below memory's, and tokens/s follow from it and the step's bytes.
    EXPECT_GT(row.at("working_set_read_gbps").get<double>(), 0.0);
    EXPECT_GE(row.at("ceiling_gbps").get<double>(), root.at("roofline").at("ceiling_gbps").get<double>());
    EXPECT_NEAR(row.at("ceiling_tokens_per_s").get<double>(),
                row.at("ceiling_gbps").get<double>() * 1e9 / row.at("bytes_per_decode_step").get<double>(),
                1e-6 * row.at("ceiling_tokens_per_s").get<double>());
    EXPECT_EQ(row.at("preset"), "tiny");
    EXPECT_TRUE(row.at("tokens_match").get<bool>()) << row.dump();
    EXPECT_GT(row.at("cached_tokens_per_s").at("median").get<double>(), 0.0);
    EXPECT_EQ(row.at("cache_memory_bytes").at("formula").get<int64_t>(), 2 * 2 * 1 * 2 * 128 * 16 * 4);
  }
  EXPECT_EQ(results[1].at("length"), 12);
}

TEST(BenchE2E, DefaultLengthsKeepToThePresetsContext) {
  TITO_NEEDS_COURSE_SOLUTIONS();
  // tiny holds 128 positions: of the default lengths 10..500, 10, 25, 50 and 100 fit a 16-token prompt.
  const auto result = testing::run_tito(TITO_SOURCE_DIR, {"module", "bench", "14", "--", "--repeats", "1",
                                                          "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto json_start = result.output.find("{\n");
  ASSERT_NE(json_start, std::string::npos) << result.output;
  const auto root = nlohmann::json::parse(result.output.substr(json_start));
  std::vector<int64_t> lengths;
  for (const auto& row : root.at("results")) lengths.push_back(row.at("length").get<int64_t>());
  EXPECT_EQ(lengths, (std::vector<int64_t>{10, 25, 50, 100}));
}

TEST(BenchE2E, BadArgumentsAndMissingBenchAreUsageErrors) {
  TITO_NEEDS_COURSE_SOLUTIONS();
  auto result = testing::run_tito(TITO_SOURCE_DIR, {"module", "bench", "14", "--", "--preset", "huge"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("unknown preset huge"), std::string::npos) << result.output;
  result = testing::run_tito(TITO_SOURCE_DIR, {"module", "bench", "14", "--", "--weights", "/nonexistent.safetensors"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("/nonexistent.safetensors: cannot open"), std::string::npos) << result.output;
  result = testing::run_tito(TITO_SOURCE_DIR, {"module", "bench", "2"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("module 02 has no benchmark"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace tito
