#include "package_course.hpp"

#include <fmt/format.h>

namespace tito::testing {
namespace {

struct Spec {
  int number;
  const char* slug;
  const char* depends;
  const char* header;
  const char* body;   // {} is replaced by the wrong or right expression
  const char* right;
  const char* wrong;
  const char* tests;
};

const Spec kModules[] = {
    {1, "alpha", "", "namespace alpha_module { int add(int a, int b); }",
     "namespace alpha_module { int add(int a, int b) { return {}; } }", "a + b", "a - b",
     "TEST(Alpha, Adds) { EXPECT_EQ(alpha_module::add(2, 3), 5); }\n"
     "TEST(AlphaIntegration, Zero) { EXPECT_EQ(alpha_module::add(0, 0), 0); }\n"},
    {2, "beta", "1", "namespace beta_module { int twice(int x); }",
     "#include <tinytorch/alpha.hpp>\nnamespace beta_module { int twice(int x) { return {}; } }",
     "alpha_module::add(x, x)", "x", "TEST(Beta, Twice) { EXPECT_EQ(beta_module::twice(4), 8); }\n"
     "TEST(BetaIntegration, Zero) { EXPECT_EQ(beta_module::twice(0), 0); }\n"},
    {3, "gamma", "2", "namespace gamma_module { int quad(int x); }",
     "#include <tinytorch/beta.hpp>\nnamespace gamma_module { int quad(int x) { return {}; } }",
     "beta_module::twice(beta_module::twice(x))", "x + 1",
     "TEST(Gamma, Quad) { EXPECT_EQ(gamma_module::quad(3), 12); }\n"
     "TEST(GammaIntegration, Zero) { EXPECT_EQ(gamma_module::quad(0), 0); }\n"},
};

std::string source(const Spec& spec, bool broken) {
  std::string body = spec.body;
  body.replace(body.find("{}"), 2, broken ? spec.wrong : spec.right);
  return fmt::format("#include <tinytorch/{}.hpp>\n{}\n", spec.slug, body);
}

}  // namespace

PackageCourse::PackageCourse() {
  write("CMakeLists.txt", "cmake_minimum_required(VERSION 3.25)\nproject(package_course CXX)\n"
                          "set(CMAKE_CXX_STANDARD 20)\ninclude(" TITO_SOURCE_DIR
                          "/cmake/TitoModule.cmake)\ntito_add_course_modules()\n");
  for (const Spec& spec : kModules) {
    const std::string dir = fmt::format("modules/{:02d}_{}/", spec.number, spec.slug);
    write(dir + "module.toml",
          fmt::format("number = {}\nslug = \"{}\"\ntitle = \"{}\"\nsummary = \"s\"\nversion = \"1.{}\"\n"
                      "depends = [{}]\n",
                      spec.number, spec.slug, spec.slug, spec.number, spec.depends));
    write(dir + "CMakeLists.txt", "tito_module()\n");
    write(dir + fmt::format("include/tinytorch/{}.hpp", spec.slug), fmt::format("#pragma once\n{}\n", spec.header));
    write(dir + fmt::format("src/{}.cpp", spec.slug), source(spec, false));
    write(dir + "tests/unit.cpp",
          fmt::format("#include <gtest/gtest.h>\n#include <tinytorch/{}.hpp>\n{}", spec.slug, spec.tests));
    const std::string suite = std::string(1, static_cast<char>(std::toupper(spec.slug[0]))) + (spec.slug + 1);
    write(dir + "tests/grading.toml",
          fmt::format("[[unit]]\nid = \"unit\"\ntests = [\"{0}.{1}\"]\npoints = 10\n"
                      "[[integration]]\nid = \"integration\"\ntests = [\"{0}Integration.Zero\"]\npoints = 5\n",
                      suite, spec.number == 1 ? "Adds" : spec.number == 2 ? "Twice" : "Quad"));
  }
}

void PackageCourse::break_module(const std::string& slug, bool broken) const {
  for (const Spec& spec : kModules) {
    if (slug == spec.slug) write(fmt::format("modules/{:02d}_{}/src/{}.cpp", spec.number, spec.slug, spec.slug),
                                 source(spec, broken));
  }
}

}  // namespace tito::testing
