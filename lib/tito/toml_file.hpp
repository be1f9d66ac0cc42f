#pragma once
// Reading TOML files (tito.toml, module.toml, grading.toml) with the checks
// toml++ does not do itself: unknown keys and wrong types, reported as
// file:line:column.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "tito/error.hpp"

namespace tito {

/// A parsed TOML file, kept with its path so every message can name it.
struct TomlFile {
  std::filesystem::path path;
  toml::table root;

  /// "path:line:column" of a node, or just the path when the node has no source.
  std::string where(const toml::node& node) const;
  /// "path:line:column" of the value of `key` in `table` (or of the table itself).
  std::string where(const toml::table& table, std::string_view key) const;
};

/// Parses `path`; a missing file or a syntax error is a usage error naming file:line:column.
TomlFile read_toml_file(const std::filesystem::path& path);

/// Rejects any key of `table` not in `allowed`, naming the key and listing the allowed ones.
void require_known_keys(const TomlFile& file, const toml::table& table,
                        const std::vector<std::string_view>& allowed, std::string_view table_name);

/// The string at `key`, or nullopt when absent; any other type is an error.
std::optional<std::string> optional_string(const TomlFile& file, const toml::table& table,
                                           std::string_view key);
/// The string at `key`; absent or another type is an error.
std::string required_string(const TomlFile& file, const toml::table& table, std::string_view key);
/// The integer at `key`, or nullopt when absent; any other type is an error.
std::optional<std::int64_t> optional_integer(const TomlFile& file, const toml::table& table,
                                             std::string_view key);
/// The integer at `key`; absent or another type is an error.
std::int64_t required_integer(const TomlFile& file, const toml::table& table, std::string_view key);
/// The boolean at `key`, or `fallback` when absent; any other type is an error.
bool optional_bool(const TomlFile& file, const toml::table& table, std::string_view key, bool fallback);
/// The array of integers at `key` (empty when absent); any other type is an error.
std::vector<std::int64_t> integer_array(const TomlFile& file, const toml::table& table,
                                        std::string_view key);
/// The array of strings at `key` (empty when absent); any other type is an error.
std::vector<std::string> string_array(const TomlFile& file, const toml::table& table,
                                      std::string_view key);
/// The table at `key`, or nullptr when absent; any other type is an error.
const toml::table* optional_table(const TomlFile& file, const toml::table& table, std::string_view key);

}  // namespace tito
