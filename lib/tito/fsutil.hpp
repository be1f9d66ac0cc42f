#pragma once
// Small file-system helpers that keep files whole: a reader never sees half a file.

#include <filesystem>
#include <string>

namespace tito {

/// Writes `content` to a temporary file beside `path`, flushes it to disk, then renames it over `path`.
void write_file_atomic(const std::filesystem::path& path, const std::string& content);

/// The whole content of `path`; a missing or unreadable file is an environment error naming it.
std::string read_file(const std::filesystem::path& path);

}  // namespace tito
