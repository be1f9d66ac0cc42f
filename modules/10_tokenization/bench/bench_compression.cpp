// Module 10 benchmark: how much shorter does BPE make text, per merge learned?
//
//   tito module bench 10 [-- --text FILE --merges 0,32,64,128,256,512,1024]
//
// Trains on the first 80% of the text's bytes and encodes both parts:
// bytes/token on the training part shows what the merges fit, on the
// held-out 20% what they generalise. The default text is this module's
// README.md. The character tokenizer's bytes/token is printed for scale.

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "tinytorch/text/tokenizer.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string text_path = std::string(TINYTORCH_MODULE_DIR) + "/README.md";
  std::vector<int> merges = {0, 32, 64, 128, 256, 512, 1024};
};

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--text" && i + 1 < argc) {
      options.text_path = argv[++i];
    } else if (arg == "--merges" && i + 1 < argc) {
      options.merges.clear();
      std::stringstream list(argv[++i]);
      for (std::string item; std::getline(list, item, ',');) options.merges.push_back(std::stoi(item));
    } else {
      throw std::invalid_argument("unknown argument " + arg +
                                  ". HINT: bench_10_compression [--text FILE] [--merges 0,64,256]");
    }
  }
  return options;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options options = parse_options(argc, argv);
    const std::string text = read_file(options.text_path);
    const std::size_t cut = text.size() * 8 / 10;
    const std::string train_text = text.substr(0, cut);
    const std::string held_out = text.substr(cut);
    std::printf("text: %s (%zu bytes: %zu to train on, %zu held out)\n", options.text_path.c_str(), text.size(),
                train_text.size(), held_out.size());

    // The character tokenizer splits on code points; an unseen character becomes one <unk>.
    const tinytorch::CharTokenizer chars(train_text, tinytorch::UnknownPolicy::kReplace);
    std::printf("char tokenizer: vocab %d, bytes/token %.2f train, %.2f held out\n\n", chars.vocab_size(),
                static_cast<double>(train_text.size()) / static_cast<double>(chars.encode(train_text).size()),
                static_cast<double>(held_out.size()) / static_cast<double>(chars.encode(held_out).size()));

    std::printf("%8s %7s %14s %17s %9s %10s\n", "merges", "vocab", "bytes/token", "held-out b/token", "train s",
                "encode s");
    for (const int merges : options.merges) {
      tinytorch::BPETokenizer tokenizer;
      const auto train_start = Clock::now();
      tokenizer.train(train_text, merges);
      const double train_seconds = seconds_since(train_start);
      const auto encode_start = Clock::now();
      const std::size_t train_tokens = tokenizer.encode(train_text).size();
      const std::size_t held_out_tokens = tokenizer.encode(held_out).size();
      const double encode_seconds = seconds_since(encode_start);
      std::printf("%8d %7d %14.2f %17.2f %9.3f %10.3f\n", merges, tokenizer.vocab_size(),
                  static_cast<double>(train_text.size()) / static_cast<double>(train_tokens),
                  static_cast<double>(held_out.size()) / static_cast<double>(held_out_tokens), train_seconds,
                  encode_seconds);
    }
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "bench_10_compression: " << error.what() << "\n";
    return 1;
  }
}
