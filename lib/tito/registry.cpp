#include "tito/registry.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>
#include <set>
#include <sstream>

#include "tito/error.hpp"
#include "tito/toml_file.hpp"

namespace tito {
namespace {

void read_items(const TomlFile& toml, RegistryKind kind, Registry& registry, std::map<std::string, std::string>& ids,
                std::map<std::string, std::string>& owners) {
  const char* name = registry_name(kind);
  const toml::node* node = toml.root.get(name);
  if (node == nullptr || !node->is_array_of_tables() || node->as_array()->empty()) {
    throw usage_error(fmt::format("{}: the {} registry is empty", node ? toml.where(*node) : toml.path.string(), name),
                      fmt::format("add at least one [[{}]] item with id, tests and points", name));
  }
  for (const toml::node& element : *node->as_array()) {
    const toml::table& table = *element.as_table();
    require_known_keys(toml, table, {"id", "tests", "points", "task", "hidden"}, fmt::format("[[{}]]", name));
    GradeItem item;
    item.kind = kind;
    item.where = toml.where(table);
    item.id = required_string(toml, table, "id");
    item.tests = string_array(toml, table, "tests");
    if (item.tests.empty()) {
      throw usage_error(fmt::format("{}: grade id `{}` lists no tests", toml.where(table, "tests"), item.id),
                        "add tests = [\"Suite.Name\", ...]");
    }
    const std::int64_t points = required_integer(toml, table, "points");
    if (points <= 0 || points > 1000) {
      throw usage_error(fmt::format("{}: points of `{}` must be between 1 and 1000, not {}",
                                    toml.where(table, "points"), item.id, points));
    }
    item.points = static_cast<int>(points);
    item.task = optional_string(toml, table, "task").value_or("");
    item.hidden = optional_bool(toml, table, "hidden", false);
    auto [it, inserted] = ids.emplace(item.id, item.where);
    if (!inserted) {
      throw usage_error(fmt::format("{}: duplicate grade id `{}` (first at {})", item.where, item.id, it->second),
                        "every grade id must be unique in its module");
    }
    for (const std::string& test : item.tests) {
      if (test.find('.') == std::string::npos) {
        throw usage_error(fmt::format("{}: `{}` is not a GoogleTest name (Suite.Name)", toml.where(table, "tests"), test));
      }
      auto [owner, fresh] = owners.emplace(test, item.id);
      if (!fresh) {
        throw usage_error(fmt::format("{}: test {} belongs to both `{}` and `{}`", item.where, test, owner->second,
                                      item.id),
                          "every test belongs to exactly one grade id");
      }
    }
    registry.items.push_back(std::move(item));
  }
}

}  // namespace

const char* registry_name(RegistryKind kind) { return kind == RegistryKind::kUnit ? "unit" : "integration"; }

int Registry::total_points() const {
  int total = 0;
  for (const GradeItem& item : items) total += item.points;
  return total;
}

std::filesystem::path registry_path(const Module& module) { return module.dir / "tests" / "grading.toml"; }

Registry read_registry(const Module& module) {
  const auto path = registry_path(module);
  if (!std::filesystem::exists(path)) {
    throw usage_error(fmt::format("{}: module {} has no grading registry", path.string(), module.number),
                      "add tests/grading.toml with [[unit]] and [[integration]] items");
  }
  const TomlFile toml = read_toml_file(path);
  require_known_keys(toml, toml.root, {"unit", "integration"}, "grading.toml");
  Registry registry{path, {}};
  std::map<std::string, std::string> ids;
  std::map<std::string, std::string> owners;
  read_items(toml, RegistryKind::kUnit, registry, ids, owners);
  read_items(toml, RegistryKind::kIntegration, registry, ids, owners);
  return registry;
}

void check_registry_matches(const Registry& registry, const std::vector<std::string>& executable_tests) {
  const std::set<std::string> present(executable_tests.begin(), executable_tests.end());
  std::set<std::string> claimed;
  for (const GradeItem& item : registry.items) {
    for (const std::string& test : item.tests) {
      claimed.insert(test);
      if (present.count(test) == 0) {
        throw usage_error(fmt::format("{}: grade id `{}` lists {}, which is not in the test executable",
                                      item.where, item.id, test),
                          "fix the name in grading.toml, or add the TEST to the module's tests/");
      }
    }
  }
  std::vector<std::string> unclaimed;
  for (const std::string& test : executable_tests) {
    if (claimed.count(test) == 0) unclaimed.push_back(test);
  }
  if (!unclaimed.empty()) {
    throw usage_error(fmt::format("{}: no grade id claims {}", registry.file.string(), fmt::join(unclaimed, ", ")),
                      "add each test to one [[unit]] or [[integration]] item");
  }
}

std::vector<std::string> parse_gtest_list(const std::string& listing) {
  // Suite lines end with '.', test lines are indented; "  # GetParam() = ..." comments are dropped.
  std::vector<std::string> names;
  std::istringstream in(listing);
  std::string line;
  std::string suite;
  while (std::getline(in, line)) {
    const auto comment = line.find("  #");
    if (comment != std::string::npos) line.erase(comment);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    if (line.empty()) continue;
    if (line[0] != ' ') {
      suite = line.back() == '.' ? line : "";
      continue;
    }
    if (!suite.empty()) names.push_back(suite + line.substr(line.find_first_not_of(' ')));
  }
  return names;
}

}  // namespace tito
