#pragma once
// Grading registries: tests/grading.toml of a module maps grade ids to the
// GoogleTest tests that earn their points.
//
//   [[unit]]
//   id = "test-kvcache"
//   tests = ["KVCacheUnit.StartsEmpty", "KVCacheUnit.UpdateAdvanceGet"]
//   points = 10
//   task = "14.1"
//   hidden = false
//
//   [[integration]]
//   ...

#include <filesystem>
#include <string>
#include <vector>

#include "tito/course.hpp"

namespace tito {

/// Which registry a grade id belongs to; unit runs first.
enum class RegistryKind { kUnit, kIntegration };

/// "unit" or "integration".
const char* registry_name(RegistryKind kind);

/// One grade id: its points are earned only when every one of its tests passes.
struct GradeItem {
  RegistryKind kind = RegistryKind::kUnit;
  std::string id;                  ///< unique in the module
  std::vector<std::string> tests;  ///< "Suite.Name" of each GoogleTest test
  int points = 0;
  std::string task;                ///< "14.1", or empty for integration items
  bool hidden = false;             ///< instructor-only (left out of releases)
  std::string where;               ///< "grading.toml:LINE:COL" of the item
};

/// A module's registries, unit items first, then integration items, each in file order.
struct Registry {
  std::filesystem::path file;
  std::vector<GradeItem> items;

  /// Sum of the points of every item.
  int total_points() const;
};

/// The path of a module's registry file.
std::filesystem::path registry_path(const Module& module);

/// Reads and validates tests/grading.toml: keys, types, unique ids, positive points, non-empty registries.
Registry read_registry(const Module& module);

/// Checks the registry against the executable's test list both ways: every registered test exists
/// and every test in the executable belongs to exactly one grade id. Usage error naming the file otherwise.
void check_registry_matches(const Registry& registry, const std::vector<std::string>& executable_tests);

/// Parses the output of `--gtest_list_tests` into "Suite.Name" names.
std::vector<std::string> parse_gtest_list(const std::string& listing);

}  // namespace tito
