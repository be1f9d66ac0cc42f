#include "tito/toml_file.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <sstream>

namespace tito {
namespace {

std::string type_name(const toml::node& node) {
  std::ostringstream out;
  out << node.type();
  return out.str();
}

std::string position(const std::filesystem::path& path, const toml::source_region& source) {
  if (source.begin.line == 0) return path.string();
  return fmt::format("{}:{}:{}", path.string(), source.begin.line, source.begin.column);
}

[[noreturn]] void wrong_type(const TomlFile& file, const toml::node& node, std::string_view key,
                             std::string_view expected) {
  throw usage_error(fmt::format("{}: `{}` must be {}, not {}", file.where(node), key, expected,
                                type_name(node)),
                    fmt::format("fix `{}` in {}", key, file.path.string()));
}

}  // namespace

std::string TomlFile::where(const toml::node& node) const { return position(path, node.source()); }

std::string TomlFile::where(const toml::table& table, std::string_view key) const {
  if (const toml::node* node = table.get(key)) return where(*node);
  return where(table);
}

TomlFile read_toml_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw usage_error(fmt::format("{}: file not found", path.string()));
  }
  try {
    return TomlFile{path, toml::parse_file(path.string())};
  } catch (const toml::parse_error& error) {
    throw usage_error(fmt::format("{}: TOML syntax error: {}", position(path, error.source()),
                                  error.description()),
                      fmt::format("fix the line above in {}", path.string()));
  }
}

void require_known_keys(const TomlFile& file, const toml::table& table,
                        const std::vector<std::string_view>& allowed, std::string_view table_name) {
  for (const auto& [key, node] : table) {
    bool known = false;
    for (std::string_view name : allowed) known = known || key.str() == name;
    if (!known) {
      throw usage_error(
          fmt::format("{}: unknown key `{}` in {}", position(file.path, key.source()), key.str(),
                      table_name),
          fmt::format("the keys {} allows are: {}", table_name, fmt::join(allowed, ", ")));
    }
  }
}

std::optional<std::string> optional_string(const TomlFile& file, const toml::table& table,
                                           std::string_view key) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_string()) wrong_type(file, *node, key, "a string");
  return node->as_string()->get();
}

std::string required_string(const TomlFile& file, const toml::table& table, std::string_view key) {
  auto value = optional_string(file, table, key);
  if (!value) {
    throw usage_error(fmt::format("{}: missing required key `{}`", file.where(table), key),
                      fmt::format("add `{} = \"...\"` to {}", key, file.path.string()));
  }
  return *value;
}

std::optional<std::int64_t> optional_integer(const TomlFile& file, const toml::table& table,
                                             std::string_view key) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_integer()) wrong_type(file, *node, key, "an integer");
  return node->as_integer()->get();
}

std::int64_t required_integer(const TomlFile& file, const toml::table& table, std::string_view key) {
  auto value = optional_integer(file, table, key);
  if (!value) {
    throw usage_error(fmt::format("{}: missing required key `{}`", file.where(table), key),
                      fmt::format("add `{} = <integer>` to {}", key, file.path.string()));
  }
  return *value;
}

bool optional_bool(const TomlFile& file, const toml::table& table, std::string_view key, bool fallback) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return fallback;
  if (!node->is_boolean()) wrong_type(file, *node, key, "true or false");
  return node->as_boolean()->get();
}

std::vector<std::int64_t> integer_array(const TomlFile& file, const toml::table& table,
                                        std::string_view key) {
  std::vector<std::int64_t> values;
  const toml::node* node = table.get(key);
  if (node == nullptr) return values;
  if (!node->is_array()) wrong_type(file, *node, key, "an array of integers");
  for (const toml::node& item : *node->as_array()) {
    if (!item.is_integer()) wrong_type(file, item, key, "an array of integers");
    values.push_back(item.as_integer()->get());
  }
  return values;
}

std::vector<std::string> string_array(const TomlFile& file, const toml::table& table,
                                      std::string_view key) {
  std::vector<std::string> values;
  const toml::node* node = table.get(key);
  if (node == nullptr) return values;
  if (!node->is_array()) wrong_type(file, *node, key, "an array of strings");
  for (const toml::node& item : *node->as_array()) {
    if (!item.is_string()) wrong_type(file, item, key, "an array of strings");
    values.push_back(item.as_string()->get());
  }
  return values;
}

const toml::table* optional_table(const TomlFile& file, const toml::table& table, std::string_view key) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return nullptr;
  if (!node->is_table()) wrong_type(file, *node, key, "a table");
  return node->as_table();
}

}  // namespace tito
