#include "tito/fsutil.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "tito/error.hpp"

namespace tito {

void write_file_atomic(const std::filesystem::path& path, const std::string& content) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  const std::filesystem::path temp = path.string() + fmt::format(".tmp.{}", getpid());
  const int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  auto fail = [&](const char* what) {
    const std::string reason = std::strerror(errno);
    if (fd >= 0) close(fd);
    unlink(temp.c_str());
    throw Error(ExitCode::kEnvironment, fmt::format("cannot {} {}: {}", what, path.string(), reason));
  };
  if (fd < 0) fail("create");
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = write(fd, content.data() + written, content.size() - written);
    if (n < 0) fail("write");
    written += static_cast<std::size_t>(n);
  }
  if (fsync(fd) != 0) fail("flush");
  close(fd);
  if (rename(temp.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    unlink(temp.c_str());
    throw Error(ExitCode::kEnvironment, fmt::format("cannot replace {}: {}", path.string(), reason));
  }
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ExitCode::kEnvironment, fmt::format("cannot read {}", path.string()));
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace tito
