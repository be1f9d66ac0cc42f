// Solution markers: tasks found with their lines; bad pairing is an error naming file:line.

#include "tito/tasks.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "tito/error.hpp"

namespace tito {
namespace {

using testing::TempDir;

std::string scan_error(const std::filesystem::path& file) {
  try {
    scan_tasks(file);
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kUsage);
    return error.what();
  }
  return "";
}

TEST(Tasks, FindsBlocksWithLabelsLinesAndIndent) {
  TempDir dir;
  const auto file = dir.write("a.cpp",
                              "int f() {\n"
                              "  // BEGIN SOLUTION Task 01.1: f\n"
                              "  return 1;\n"
                              "  // END SOLUTION\n"
                              "}\n"
                              "struct S { int g() const {\n"
                              "    // BEGIN SOLUTION Task 01.2: S::g the second\n"
                              "    return 2;\n"
                              "    // END SOLUTION\n"
                              "} };\n");
  const auto tasks = scan_tasks(file);
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(tasks[0].id, "01.1");
  EXPECT_EQ(tasks[0].title, "f");
  EXPECT_EQ(tasks[0].begin_line, 2);
  EXPECT_EQ(tasks[0].end_line, 4);
  EXPECT_EQ(tasks[0].indent, "  ");
  EXPECT_EQ(tasks[1].label(), "Task 01.2: S::g the second");
  EXPECT_EQ(tasks[1].indent, "    ");
}

TEST(Tasks, NestedUnclosedAndStrayMarkersAreErrors) {
  TempDir dir;
  auto file = dir.write("nested.cpp",
                        "// BEGIN SOLUTION Task 1.1: a\n// BEGIN SOLUTION Task 1.2: b\n// END SOLUTION\n");
  EXPECT_NE(scan_error(file).find("nested.cpp:2: BEGIN SOLUTION inside the block opened at line 1"),
            std::string::npos);
  file = dir.write("open.cpp", "x\n// BEGIN SOLUTION Task 1.1: a\n");
  EXPECT_NE(scan_error(file).find("open.cpp:2: BEGIN SOLUTION is never closed"), std::string::npos);
  file = dir.write("stray.cpp", "x\ny\n  // END SOLUTION\n");
  EXPECT_NE(scan_error(file).find("stray.cpp:3: END SOLUTION without a BEGIN SOLUTION"), std::string::npos);
  file = dir.write("nolabel.cpp", "// BEGIN SOLUTION\n// END SOLUTION\n");
  EXPECT_NE(scan_error(file).find("nolabel.cpp:1: BEGIN SOLUTION must name its task"), std::string::npos);
}

}  // namespace
}  // namespace tito
