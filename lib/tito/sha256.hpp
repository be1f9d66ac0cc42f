#pragma once
// SHA-256 digests (OpenSSL's libcrypto), as lower-case hex.

#include <filesystem>
#include <string>
#include <string_view>

namespace tito {

/// SHA-256 of `data`.
std::string sha256_hex(std::string_view data);
/// SHA-256 of a file's content; an unreadable file is an environment error naming it.
std::string sha256_file(const std::filesystem::path& path);

}  // namespace tito
