// Module 01 — a small persistent thread pool for the kernels (provided, not a task).

#include "tinytorch/core/parallel.hpp"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace tinytorch {
namespace {

// Tells the core this is a busy-wait loop (it saves power and lets the other hyper-thread run).
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

// Workers wait for a job by spinning for a short while, then sleeping on a
// condition variable. A decode step is a run of small products a few
// microseconds apart; waking a sleeping thread costs about as much as one of
// them, so a worker that has just finished keeps watching for the next.
class Pool {
 public:
  ~Pool() { resize(0); }

  void resize(int workers) {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    for (auto& thread : threads_) thread.join();
    threads_.clear();
    stop_ = false;
    // New workers start from the current generation: the ones before were not jobs for them.
    const uint64_t now = generation_.load(std::memory_order_acquire);
    for (int i = 0; i < workers; ++i) threads_.emplace_back([this, i, now] { work(i + 1, now); });
  }

  int workers() const { return static_cast<int>(threads_.size()); }

  // Runs job(part) for part in [0, parts): part 0 on the caller, the rest on workers.
  // Every worker acknowledges every job, also one with no part for it, so none
  // can still be reading job_ and parts_ when the next job overwrites them.
  void run(int parts, const std::function<void(int)>& job) {
    job_ = &job;
    parts_ = parts;
    pending_.store(workers(), std::memory_order_relaxed);
    {
      std::lock_guard lock(mutex_);  // a worker about to sleep sees the new generation or gets the notify
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    // An exception in any part reaches the caller, but only after every worker is done with
    // this job: the job and everything it refers to live on the caller's stack.
    std::exception_ptr error;
    try {
      job(0);
    } catch (...) {
      error = std::current_exception();
    }
    if (!spin_until([this] { return pending_.load(std::memory_order_acquire) == 0; })) {
      std::unique_lock lock(mutex_);
      done_.wait(lock, [this] { return pending_.load(std::memory_order_acquire) == 0; });
    }
    job_ = nullptr;
    if (!error) error = worker_error_;
    worker_error_ = nullptr;
    if (error) std::rethrow_exception(error);
  }

 private:
  // Polls `ready` for up to kSpin; true if it became true.
  template <class Ready>
  static bool spin_until(Ready ready) {
    constexpr auto kSpin = std::chrono::microseconds(200);
    const auto deadline = std::chrono::steady_clock::now() + kSpin;
    for (int polls = 0;; ++polls) {
      if (ready()) return true;
      if ((polls & 63) == 63 && std::chrono::steady_clock::now() > deadline) return false;
      cpu_relax();
    }
  }

  void work(int part, uint64_t seen) {
    t_inside_parallel = true;  // a parallel_for inside a job runs inline
    while (true) {
      auto fresh = [&] { return generation_.load(std::memory_order_acquire) != seen; };
      if (!spin_until(fresh)) {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, fresh);
      }
      seen = generation_.load(std::memory_order_acquire);
      if (stop_) return;
      if (part < parts_) {
        try {
          (*job_)(part);
        } catch (...) {  // kept for the caller to rethrow; the first one wins
          std::lock_guard lock(mutex_);
          if (!worker_error_) worker_error_ = std::current_exception();
        }
      }
      if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        std::lock_guard lock(mutex_);  // the caller may be between its last check and its wait
        done_.notify_one();
      }
    }
  }

  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  const std::function<void(int)>* job_ = nullptr;
  int parts_ = 0;
  std::atomic<int> pending_{0};
  std::atomic<uint64_t> generation_{0};
  bool stop_ = false;
  std::exception_ptr worker_error_;  // written under mutex_, read by run() once pending_ is 0

 public:
  static thread_local bool t_inside_parallel;
};

thread_local bool Pool::t_inside_parallel = false;

// The pool and the lock that gives one parallel_for at a time its use. Never destroyed: a
// worker may still be spinning when the program exits. A forked child gets fresh ones, since
// fork copies only the calling thread: the parent's workers do not exist in the child.
struct PoolState {
  Pool pool;
  std::mutex owner;
};
PoolState* g_state = nullptr;

PoolState& state() {
  static const bool ready = [] {
    g_state = new PoolState;
    pthread_atfork(nullptr, nullptr, [] { g_state = new PoolState; });
    return true;
  }();
  (void)ready;
  return *g_state;
}

int initial_threads() {
  const char* env = std::getenv("TINYTORCH_THREADS");
  return env != nullptr ? std::max(1, std::atoi(env)) : 1;
}

std::atomic<int> g_threads{initial_threads()};

}  // namespace

int num_threads() { return g_threads.load(); }

void set_num_threads(int threads) { g_threads.store(std::max(1, threads)); }

void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& body) {
  const int64_t max_parts = std::max<int64_t>(1, n / std::max<int64_t>(1, grain));
  const int threads = num_threads();  // read once: another thread may change it meanwhile
  const int parts = static_cast<int>(std::min<int64_t>(threads, max_parts));
  if (parts <= 1 || Pool::t_inside_parallel) {  // nested calls run on the thread they are on
    body(0, n);
    return;
  }
  PoolState& shared = state();
  std::lock_guard lock(shared.owner);
  // The pool keeps one worker per extra thread; a call with fewer parts leaves the rest idle.
  if (shared.pool.workers() != threads - 1) shared.pool.resize(threads - 1);
  const int64_t chunk = (n + parts - 1) / parts;
  struct Inside {  // reset also when body throws on this thread
    Inside() { Pool::t_inside_parallel = true; }
    ~Inside() { Pool::t_inside_parallel = false; }
  } inside;
  shared.pool.run(parts, [&](int part) {
    const int64_t begin = part * chunk;
    const int64_t end = std::min(n, begin + chunk);
    if (begin < end) body(begin, end);
  });
}

}  // namespace tinytorch
