// Module 01 — a small persistent thread pool for the kernels (provided, not a task).

#include "tinytorch/core/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace tinytorch {
namespace {

class Pool {
 public:
  ~Pool() { resize(0); }

  void resize(int workers) {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
      ++generation_;
    }
    wake_.notify_all();
    for (auto& thread : threads_) thread.join();
    threads_.clear();
    stop_ = false;
    for (int i = 0; i < workers; ++i) threads_.emplace_back([this, i] { work(i + 1); });
  }

  int workers() const { return static_cast<int>(threads_.size()); }

  // Runs job(part) for part in [0, parts): part 0 on the caller, the rest on workers.
  void run(int parts, const std::function<void(int)>& job) {
    {
      std::lock_guard lock(mutex_);
      job_ = &job;
      parts_ = parts;
      pending_ = parts - 1;
      ++generation_;
    }
    wake_.notify_all();
    job(0);
    std::unique_lock lock(mutex_);
    done_.wait(lock, [this] { return pending_ == 0; });
    job_ = nullptr;
  }

 private:
  void work(int part) {
    uint64_t seen = 0;
    while (true) {
      const std::function<void(int)>* job = nullptr;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return generation_ != seen; });
        seen = generation_;
        if (stop_) return;
        if (part >= parts_) continue;
        job = job_;
      }
      (*job)(part);
      std::lock_guard lock(mutex_);
      if (--pending_ == 0) done_.notify_one();
    }
  }

  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  const std::function<void(int)>* job_ = nullptr;
  int parts_ = 0;
  int pending_ = 0;
  uint64_t generation_ = 0;
  bool stop_ = false;
};

Pool& pool() {
  static Pool instance;
  return instance;
}

int initial_threads() {
  const char* env = std::getenv("TINYTORCH_THREADS");
  return env != nullptr ? std::max(1, std::atoi(env)) : 1;
}

std::atomic<int> g_threads{initial_threads()};
std::mutex g_pool_mutex;  // one parallel_for at a time owns the pool

}  // namespace

int num_threads() { return g_threads.load(); }

void set_num_threads(int threads) { g_threads.store(std::max(1, threads)); }

void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& body) {
  const int64_t max_parts = std::max<int64_t>(1, n / std::max<int64_t>(1, grain));
  const int parts = static_cast<int>(std::min<int64_t>(num_threads(), max_parts));
  if (parts <= 1) {
    body(0, n);
    return;
  }
  std::lock_guard lock(g_pool_mutex);
  if (pool().workers() != parts - 1) pool().resize(parts - 1);
  const int64_t chunk = (n + parts - 1) / parts;
  pool().run(parts, [&](int part) {
    const int64_t begin = part * chunk;
    const int64_t end = std::min(n, begin + chunk);
    if (begin < end) body(begin, end);
  });
}

}  // namespace tinytorch
