#pragma once
// `tito system doctor`: is this machine ready to build and test the course?

#include <string>
#include <vector>

#include "tito/config.hpp"

namespace tito {

/// One line of the doctor's report.
struct Check {
  std::string name;    ///< what was checked: "cmake", "libfmt-dev", "build folder"
  bool ok = false;
  std::string detail;  ///< the version found, or what to do
};

/// Checks the compiler, CMake, Ninja, every Debian package the project needs, and the folders.
std::vector<Check> run_doctor(const Config& config);

/// The Debian packages the project needs (cmake/debian-packages.txt, built in).
const std::vector<std::string>& required_packages();

}  // namespace tito
