#pragma once
// A three-module course whose modules pass (01 alpha <- 02 beta <- 03 gamma),
// each with a real library and headers, for the export and package tests.

#include <string>

#include "test_support.hpp"

namespace tito::testing {

/// A fresh package course in its own temporary folder (built on first tito use).
class PackageCourse : public TempCourse {
 public:
  PackageCourse();
  /// Makes module `slug`'s solution wrong (its tests then fail) or right again.
  void break_module(const std::string& slug, bool broken) const;
};

}  // namespace tito::testing
