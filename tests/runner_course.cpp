#include "runner_course.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>

namespace tito::testing {
namespace {

void write(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << content;
}

constexpr const char* kMixedTests = R"(#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "mixed.hpp"

TEST(Mixed, AddsPass) { EXPECT_EQ(mixed::add(2, 2), 4); }
TEST(Mixed, AlsoPass) { EXPECT_EQ(mixed::add(-1, 1), 0); }
TEST(Mixed, WrongAnswer) {
  EXPECT_EQ(mixed::add(2, 2), 5) << "two and two";
}
TEST(Mixed, Segfault) { std::raise(SIGSEGV); }
TEST(Mixed, Aborts) { std::abort(); }
TEST(Mixed, Hangs) {
  // A grandchild that would outlive the test, then an endless wait.
  if (const pid_t child = fork(); child == 0) {
    execlp("sleep", "sleep", "300", nullptr);
    _exit(1);
  } else if (const char* file = std::getenv("RUNNER_COURSE_PID_FILE")) {
    std::ofstream(file) << child;
  }
  for (;;) pause();
}
TEST(Mixed, Throws) { throw std::runtime_error("boom from the test"); }
TEST(Mixed, Stub) { EXPECT_EQ(mixed::todo(), 1); }
TEST(MixedIntegration, Workflow) { EXPECT_EQ(mixed::add(mixed::add(1, 2), 3), 6); }
)";

constexpr const char* kMixedRegistry = R"([[unit]]
id = "passes"
tests = ["Mixed.AddsPass", "Mixed.AlsoPass"]
points = 3
task = "01.1"

[[unit]]
id = "fails"
tests = ["Mixed.WrongAnswer"]
points = 2
task = "01.1"

[[unit]]
id = "segfaults"
tests = ["Mixed.Segfault"]
points = 1

[[unit]]
id = "aborts"
tests = ["Mixed.Aborts"]
points = 1

[[unit]]
id = "hangs"
tests = ["Mixed.Hangs"]
points = 1

[[unit]]
id = "throws"
tests = ["Mixed.Throws"]
points = 1

[[unit]]
id = "stub"
tests = ["Mixed.Stub"]
points = 4
task = "01.2"

[[integration]]
id = "workflow"
tests = ["MixedIntegration.Workflow"]
points = 5
)";

void write_course(const std::filesystem::path& root) {
  write(root / "CMakeLists.txt",
        "cmake_minimum_required(VERSION 3.25)\nproject(runner_course CXX)\nset(CMAKE_CXX_STANDARD 20)\n"
        "include(" TITO_SOURCE_DIR "/cmake/TitoModule.cmake)\ntito_add_course_modules()\n");
  write(root / "tito.toml",
        "[course]\nname = \"Runner course\"\nversion = \"1.0\"\n[tests]\ntimeout = 10\n");

  const auto mixed = root / "modules/01_mixed";
  write(mixed / "module.toml",
        "number = 1\nslug = \"mixed\"\ntitle = \"Every outcome\"\nsummary = \"Tests that do everything.\"\n"
        "version = \"0.1.0\"\ndepends = []\ntimeout = 2\n");
  write(mixed / "CMakeLists.txt", "tito_module()\n");
  write(mixed / "include/mixed.hpp",
        "#pragma once\n#include <exception>\n#include <string>\nnamespace mixed {\n"
        "struct NotImplemented : std::exception {\n  std::string m;\n"
        "  explicit NotImplemented(std::string t) : m(\"not implemented: \" + t) {}\n"
        "  const char* what() const noexcept override { return m.c_str(); }\n};\n"
        "int add(int a, int b);\nint todo();\n}\n");
  write(mixed / "src/mixed.cpp",
        "#include \"mixed.hpp\"\nnamespace mixed {\nint add(int a, int b) { return a + b; }\n"
        "int todo() {\n  throw NotImplemented(\"Task 01.2: mixed::todo\");\n}\n}\n");
  write(mixed / "tests/unit_mixed.cpp", kMixedTests);
  write(mixed / "tests/grading.toml", kMixedRegistry);

  const auto good = root / "modules/02_good";
  write(good / "module.toml",
        "number = 2\nslug = \"good\"\ntitle = \"All good\"\nsummary = \"Tests that pass.\"\n"
        "version = \"0.1.0\"\ndepends = [1]\n");
  write(good / "CMakeLists.txt", "tito_module()\n");
  write(good / "tests/unit_good.cpp",
        "#include <gtest/gtest.h>\n#include \"mixed.hpp\"\n"
        "TEST(Good, One) { EXPECT_EQ(mixed::add(1, 1), 2); }\n"
        "TEST(Good, Two) { EXPECT_EQ(mixed::add(2, 1), 3); }\n"
        "TEST(GoodIntegration, All) { EXPECT_EQ(mixed::add(0, 0), 0); }\n");
  write(good / "tests/grading.toml",
        "[[unit]]\nid = \"one\"\ntests = [\"Good.One\"]\npoints = 5\n"
        "[[unit]]\nid = \"two\"\ntests = [\"Good.Two\"]\npoints = 5\n"
        "[[integration]]\nid = \"all\"\ntests = [\"GoodIntegration.All\"]\npoints = 10\n");

  const auto unregistered = root / "modules/03_unregistered";
  write(unregistered / "module.toml",
        "number = 3\nslug = \"unregistered\"\ntitle = \"Registry out of step\"\nsummary = \"A registry naming a "
        "test that does not exist.\"\nversion = \"0.1.0\"\ndepends = []\n");
  write(unregistered / "CMakeLists.txt", "tito_module()\n");
  write(unregistered / "tests/unit_bad.cpp", "#include <gtest/gtest.h>\nTEST(Bad, Present) {}\n");
  write(unregistered / "tests/grading.toml",
        "[[unit]]\nid = \"present\"\ntests = [\"Bad.Present\"]\npoints = 1\n"
        "[[integration]]\nid = \"missing\"\ntests = [\"Bad.Missing\"]\npoints = 1\n");
}

}  // namespace

const std::filesystem::path& runner_course() {
  static const std::filesystem::path root = [] {
    const std::filesystem::path dir = TITO_TEST_WORK_DIR "/runner_course";
    std::filesystem::create_directories(TITO_TEST_WORK_DIR);
    const int fd = open(TITO_TEST_WORK_DIR "/runner_course.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0 || flock(fd, LOCK_EX) != 0) throw std::runtime_error("cannot lock the runner course");
    // Rewriting it on every run would rebuild it: write it once per build of
    // this file (the stamp is this file's compile time).
    const std::string stamp = std::string(__DATE__ "_" __TIME__);
    std::string old;
    std::getline(std::ifstream(dir / ".written"), old);
    if (old != stamp) {
      std::filesystem::remove_all(dir);
      write_course(dir);
      write(dir / ".written", stamp);
    }
    close(fd);
    return dir;
  }();
  return root;
}

}  // namespace tito::testing
