#include "tito/file_lock.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "tito/error.hpp"

namespace tito {

FileLock::FileLock(const std::filesystem::path& path, const std::string& purpose) {
  std::filesystem::create_directories(path.parent_path());
  fd_ = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    throw Error(ExitCode::kEnvironment, fmt::format("cannot open the lock {}: {}", path.string(), std::strerror(errno)));
  }
  if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    char holder[256] = {};
    const ssize_t n = pread(fd_, holder, sizeof holder - 1, 0);
    std::string who = n > 0 ? std::string(holder, static_cast<std::size_t>(n)) : "another tito";
    while (!who.empty() && who.back() == '\n') who.pop_back();
    fmt::print(stderr, "waiting for {} to finish (lock {}) ...\n", who, path.string());
    if (flock(fd_, LOCK_EX) != 0) {
      close(fd_);
      throw Error(ExitCode::kEnvironment, fmt::format("cannot lock {}: {}", path.string(), std::strerror(errno)));
    }
  }
  const std::string me = fmt::format("tito (pid {}, {})\n", getpid(), purpose);
  if (ftruncate(fd_, 0) == 0) {
    [[maybe_unused]] const ssize_t written = pwrite(fd_, me.data(), me.size(), 0);
  }
}

FileLock::~FileLock() {
  if (fd_ >= 0) close(fd_);
}

}  // namespace tito
