#pragma once
// An exclusive lock on a file (flock): held until the object goes or the
// process dies, so a lock of a killed tito is never stale. The holder writes
// who it is into the file, so a waiter can say whom it waits for.

#include <filesystem>
#include <string>

namespace tito {

/// Holds an exclusive lock on `path` for its lifetime.
class FileLock {
 public:
  /// Waits for the lock, saying on stderr who holds it; `purpose` is recorded for the next waiter.
  FileLock(const std::filesystem::path& path, const std::string& purpose);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace tito
