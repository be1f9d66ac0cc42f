// The CI examples in .ci/examples/ parse as YAML (Debian's python3-yaml) and
// every tito command they run exists: its --help succeeds.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "test_support.hpp"

namespace tito {
namespace {

std::vector<std::filesystem::path> examples() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(TITO_SOURCE_DIR "/.ci/examples")) {
    if (entry.path().extension() == ".yml") files.push_back(entry.path());
  }
  return files;
}

TEST(CiExamples, ParseAsYaml) {
  ASSERT_EQ(examples().size(), 2u);
  for (const auto& file : examples()) {
    ProcessSpec spec;
    spec.argv = {"/usr/bin/python3", "-c", "import sys, yaml; yaml.safe_load(open(sys.argv[1]))", file.string()};
    const auto result = run_process(spec);
    EXPECT_EQ(result.exit_code, 0) << file << "\n" << result.output;
  }
}

TEST(CiExamples, CallOnlyCommandsThatExist) {
  const std::regex call(R"(\./tito ([a-z]+) ([a-z]+)([^\n]*))");
  int calls = 0;
  for (const auto& file : examples()) {
    std::ifstream in(file);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (std::sregex_iterator it(text.begin(), text.end(), call), end; it != end; ++it) {
      ++calls;
      testing::TempCourse course;
      const auto help = testing::run_tito(course.path(), {(*it)[1], (*it)[2], "--help"});
      EXPECT_EQ(help.exit_code, 0) << file << ": " << it->str() << "\n" << help.output;
      for (const char* option : {"--all", "--format", "--output"}) {
        if (it->str().find(option) != std::string::npos) {
          EXPECT_NE(help.output.find(option), std::string::npos) << option << " in " << it->str();
        }
      }
    }
  }
  EXPECT_GE(calls, 2);
}

}  // namespace
}  // namespace tito
