#pragma once
// The shared package: completed modules' headers, static libraries and CMake
// package files, plus manifest.json. Every change is staged in a new version
// folder and swapped in by renaming one symlink, so a kill at any moment
// leaves the old package or the new one, never a mix.
//
//   package -> .tito/package-store/v<stamp>/      (package_dir is a symlink)
//     include/tinytorch/...
//     lib/libtinytorch_<slug>.a
//     lib/cmake/TinyTorch/TinyTorchConfig.cmake   find_package(TinyTorch CONFIG)
//     lib/cmake/TinyTorch/TinyTorch-<slug>.cmake  the TinyTorch::<slug> target
//     manifest.json

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "tito/config.hpp"
#include "tito/course.hpp"
#include "tito/file_lock.hpp"
#include "tito/manifest.hpp"
#include "tito/report.hpp"

namespace tito {

/// A module that passed all its tests, ready to export.
struct ExportItem {
  const Module* module = nullptr;
  ModuleResult result;
};

/// The package folder of a course.
class Package {
 public:
  explicit Package(const Config& config);

  /// The package folder (tito.toml's package_dir).
  const std::filesystem::path& root() const { return root_; }
  /// True once something has been exported.
  bool exists() const;
  /// The current manifest; an empty one (no modules) when nothing is exported yet.
  Manifest manifest() const;

  /// Takes the package lock (waiting, and saying for whom, if another tito holds it).
  std::unique_ptr<FileLock> lock(const std::string& purpose) const;

  /// Builds a new version = current minus `remove` plus `add`, then swaps it in. Hold lock() around it.
  void replace(const Course& course, const std::vector<ExportItem>& add, const std::vector<int>& remove) const;

 private:
  const Config& config_;
  std::filesystem::path root_;
  std::filesystem::path store_;
};

/// Where the static library of a module is built: <build>/lib/libtinytorch_<slug>.a.
std::filesystem::path built_library(const Config& config, const Module& module);

}  // namespace tito
