#pragma once
// The course's modules, found on disk: modules/NN_slug/module.toml. No list of
// modules exists anywhere in tito's code.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tito/config.hpp"

namespace tito {

/// One course module, as its module.toml describes it.
struct Module {
  int number = 0;                     ///< 1..99, also the folder's NN
  std::string slug;                   ///< lower-case name, also the folder's _slug
  std::string title;                  ///< one line, for lists
  std::string summary;                ///< one sentence: what the learner builds
  std::string version;                ///< the module's own version
  std::vector<int> depends;           ///< numbers of the modules it builds on
  std::optional<int> timeout_s;       ///< per-test timeout, overriding tito.toml
  std::optional<std::string> bench;   ///< CMake target of its benchmark program
  std::filesystem::path dir;          ///< absolute path of modules/NN_slug

  /// Two-digit number, as in folder names and target names: "01".
  std::string number_text() const;
  /// The folder name "NN_slug".
  std::string folder_name() const;
  /// The module.toml path.
  std::filesystem::path toml_path() const { return dir / "module.toml"; }
};

/// Every module of a course, validated as a whole (numbers unique, dependencies exist, no cycles).
class Course {
 public:
  /// Finds and validates every module under config.modules_dir.
  static Course discover(const Config& config);

  /// The modules, by number.
  const std::vector<Module>& modules() const { return modules_; }
  /// The module with this number, or nullptr.
  const Module* by_number(int number) const;
  /// Resolves "14", "014", "14_kvcaching" or "kvcaching"; an unknown name is a usage error with a suggestion.
  const Module& resolve(std::string_view argument) const;
  /// `module` and everything it depends on, directly or not, dependencies first.
  std::vector<const Module*> closure(const Module& module) const;
  /// Every module, each after the modules it depends on.
  std::vector<const Module*> dependency_order() const;

 private:
  std::vector<Module> modules_;
};

/// Reads and validates one module.toml (keys, types, folder name agreement), without the other modules.
Module read_module(const std::filesystem::path& module_dir);

}  // namespace tito
