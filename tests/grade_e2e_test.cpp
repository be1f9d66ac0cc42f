// End to end: `tito grade` on a small two-module course written here (module
// 2 depends on 1, each with a hidden test). The release is made by tito
// itself; submissions are copies of it: as shipped, with one solution put
// back, with a changed test, with code that does not compile, and with code
// that forks and prints without end. All are graded at once, two at a time.

#include <gtest/gtest.h>
#include <pwd.h>
#include <unistd.h>

#include <array>
#include <fstream>
#include <regex>

#include <nlohmann/json.hpp>

#include "test_support.hpp"
#include "tito/fsutil.hpp"

namespace tito {
namespace {

namespace fs = std::filesystem;
using testing::run_tito;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

constexpr const char* kNotImplemented = R"(#pragma once
#include <exception>
#include <string>
namespace tinytorch {
struct NotImplemented : std::exception {
  explicit NotImplemented(const std::string& label) : text("not implemented: " + label) {}
  const char* what() const noexcept override { return text.c_str(); }
  std::string text;
};
}
)";

// One function per task: `name` returns `solution`.
std::string source(const std::string& header, const std::vector<std::array<std::string, 3>>& tasks) {
  std::string text = "#include <tinytorch/" + header + ">\n#include <tinytorch/not_implemented.hpp>\n";
  for (const auto& [label, signature, body] : tasks) {
    text += signature + " {\n  // BEGIN SOLUTION Task " + label + "\n  " + body + "\n  // END SOLUTION\n}\n";
  }
  return text;
}

std::string alpha_source(const std::string& add_body, const std::string& mul_body) {
  return "#include <cstdio>\n#include <unistd.h>\n" +
         source("alpha.hpp", {{"01.1: alpha_add", "int alpha_add(int a, int b)", add_body},
                              {"01.2: alpha_mul", "int alpha_mul(int a, int b)", mul_body}});
}

std::string registry(const std::string& suite) {
  return "[[unit]]\nid = \"first\"\ntests = [\"" + suite + ".First\"]\npoints = 10\n"
         "[[unit]]\nid = \"second\"\ntests = [\"" + suite + ".Second\"]\npoints = 10\n"
         "[[integration]]\nid = \"both\"\ntests = [\"" + suite + "Integration.Both\"]\npoints = 5\n"
         "[[integration]]\nid = \"hidden-big\"\ntests = [\"" + suite + "Hidden.Big\"]\npoints = 5\nhidden = true\n";
}

class GradeE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scratch_ = new testing::TempDir;
    course_ = new testing::TempCourse;
    write_course(*course_);
    const auto released = run_tito(course_->path(), {"release", "--out", release().string()});
    ASSERT_EQ(released.exit_code, 0) << released.output;
  }
  static void TearDownTestSuite() {
    delete course_;
    delete scratch_;
  }

  static void write_course(const testing::TempCourse& course) {
    course.write("CMakeLists.txt", "cmake_minimum_required(VERSION 3.25)\nproject(grade_course CXX)\n"
                                   "set(CMAKE_CXX_STANDARD 20)\ninclude(" TITO_SOURCE_DIR
                                   "/cmake/TitoModule.cmake)\ntito_add_course_modules()\n");
    const fs::path alpha = course.add_module(1, "alpha");
    const fs::path beta = course.add_module(2, "beta", {1});
    course.write("modules/01_alpha/CMakeLists.txt", "tito_module()\n");
    course.write("modules/02_beta/CMakeLists.txt", "tito_module()\n");
    course.write("modules/01_alpha/include/tinytorch/not_implemented.hpp", kNotImplemented);
    course.write("modules/01_alpha/include/tinytorch/alpha.hpp",
                 "#pragma once\nint alpha_add(int a, int b);\nint alpha_mul(int a, int b);\n");
    course.write("modules/01_alpha/src/alpha.cpp", alpha_source("return a + b;", "return a * b;"));
    course.write("modules/01_alpha/tests/unit_alpha.cpp",
                 "#include <gtest/gtest.h>\n#include <tinytorch/alpha.hpp>\n"
                 "TEST(Alpha, First) { EXPECT_EQ(alpha_add(2, 3), 5); }\n"
                 "TEST(Alpha, Second) { EXPECT_EQ(alpha_mul(2, 3), 6); }\n"
                 "TEST(AlphaIntegration, Both) { EXPECT_EQ(alpha_mul(alpha_add(1, 1), 4), 8); }\n");
    course.write("modules/01_alpha/tests/hidden_alpha.cpp",
                 "#include <gtest/gtest.h>\n#include <tinytorch/alpha.hpp>\n"
                 "TEST(AlphaHidden, Big) { EXPECT_EQ(alpha_add(1000, 2000), 3000); }\n");
    course.write("modules/01_alpha/tests/grading.toml", registry("Alpha"));
    course.write("modules/02_beta/include/tinytorch/beta.hpp", "#pragma once\nint beta_twice(int x);\nint beta_square(int x);\n");
    course.write("modules/02_beta/src/beta.cpp",
                 "#include <tinytorch/alpha.hpp>\n" +
                     source("beta.hpp", {{"02.1: beta_twice", "int beta_twice(int x)", "return alpha_add(x, x);"},
                                         {"02.2: beta_square", "int beta_square(int x)", "return alpha_mul(x, x);"}}));
    course.write("modules/02_beta/tests/unit_beta.cpp",
                 "#include <gtest/gtest.h>\n#include <tinytorch/beta.hpp>\n"
                 "TEST(Beta, First) { EXPECT_EQ(beta_twice(4), 8); }\n"
                 "TEST(Beta, Second) { EXPECT_EQ(beta_square(3), 9); }\n"
                 "TEST(BetaIntegration, Both) { EXPECT_EQ(beta_square(beta_twice(1)), 4); }\n");
    course.write("modules/02_beta/tests/hidden_beta.cpp",
                 "#include <gtest/gtest.h>\n#include <tinytorch/beta.hpp>\n"
                 "TEST(BetaHidden, Big) { EXPECT_EQ(beta_twice(500), 1000); }\n");
    course.write("modules/02_beta/tests/grading.toml", registry("Beta"));
    (void)alpha;
    (void)beta;
  }

  static fs::path release() { return scratch_->path() / "release"; }
  static fs::path submissions() { return scratch_->path() / "submissions"; }

  // A copy of the release as the student `name` hands it in.
  static fs::path submission(const std::string& name) {
    const fs::path dir = submissions() / name;
    fs::create_directories(dir);
    fs::copy(release(), dir, fs::copy_options::recursive);
    return dir;
  }
  static void put_back_solution(const fs::path& dir, const std::string& module, const std::string& file) {
    fs::copy_file(course_->path() / "modules" / module / "src" / file, dir / "modules" / module / "src" / file,
                  fs::copy_options::overwrite_existing);
  }

  static nlohmann::json report(const fs::path& out, const std::string& name) {
    return nlohmann::json::parse(read_file(out / (name + ".json")));
  }
  static int module_points(const nlohmann::json& report, int number) {
    for (const auto& module : report["modules"]) {
      if (module["number"] == number) return module["points"]["earned"].get<int>();
    }
    return -1;
  }

  static testing::TempDir* scratch_;
  static testing::TempCourse* course_;
};

testing::TempDir* GradeE2E::scratch_ = nullptr;
testing::TempCourse* GradeE2E::course_ = nullptr;

TEST_F(GradeE2E, GradesAFolderOfSubmissionsWithTheInstructorsTests) {
  submission("a_stubs");
  put_back_solution(submission("b_alpha_done"), "01_alpha", "alpha.cpp");
  // c: tests edited to pass anything, and module 2 solved on top of module 1's stubs.
  const fs::path c = submission("c_tampered");
  std::ofstream(c / "modules/01_alpha/tests/unit_alpha.cpp")
      << "#include <gtest/gtest.h>\nTEST(Alpha, First) {}\nTEST(Alpha, Second) {}\nTEST(AlphaIntegration, Both) {}\n";
  put_back_solution(c, "02_beta", "beta.cpp");
  // d: module 1 does not compile; module 2 is solved and graded all the same.
  const fs::path d = submission("d_broken");
  std::ofstream(d / "modules/01_alpha/src/alpha.cpp") << alpha_source("return a + ;", "return a * b;");
  put_back_solution(d, "02_beta", "beta.cpp");
  // e: forks a crowd of sleepers, and prints without end.
  const fs::path e = submission("e_hostile");
  std::ofstream(e / "modules/01_alpha/src/alpha.cpp")
      << alpha_source("for (int i = 0; i < 100; ++i) if (fork() == 0) { pause(); _exit(0); }\n  return a + b;",
                      "for (;;) std::puts(\"spam spam spam spam spam spam spam spam\");");
  put_back_solution(e, "02_beta", "beta.cpp");

  const fs::path out = scratch_->path() / "grades";
  const auto start = std::chrono::steady_clock::now();
  const auto graded = run_tito(course_->path(), {"grade", submissions().string(), "--out", out.string(), "--jobs",
                                                 "2", "--timeout", "2"});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(graded.exit_code, 0) << graded.output;
  std::cerr << "graded 5 submissions of 2 modules in " << seconds << " s\n";
  EXPECT_TRUE(contains(graded.output, "[5/5]")) << graded.output;

  const auto a = report(out, "a_stubs");
  EXPECT_EQ(a["points"]["earned"], 0);
  EXPECT_EQ(a["points"]["possible"], 60);
  EXPECT_EQ(a["points"]["hidden_points_possible"], 10);
  EXPECT_EQ(a["modules"][0]["grades"][0]["status"], "not implemented");
  EXPECT_EQ(a["modules"][0]["grades"][3]["hidden"], true);
  EXPECT_TRUE(a["tampered"].empty()) << a["tampered"];
  if (geteuid() == 0 && getpwnam("tito-grader") == nullptr) {
    EXPECT_EQ(a["run_as"], "root");
    EXPECT_TRUE(contains(a["warnings"].dump(), "useradd --system --no-create-home tito-grader")) << a["warnings"];
  } else if (geteuid() == 0) {
    EXPECT_EQ(a["run_as"], "tito-grader") << "as root, student code runs as the unprivileged user";
  }

  const auto b = report(out, "b_alpha_done");
  EXPECT_EQ(module_points(b, 1), 30);
  EXPECT_EQ(module_points(b, 2), 0);
  EXPECT_EQ(b["points"]["hidden_points_earned"], 5);
  EXPECT_EQ(b["modules"][1]["instructor_dependencies"], nlohmann::json::array({1}));

  const auto c_report = report(out, "c_tampered");
  ASSERT_EQ(c_report["tampered"].size(), 1u) << c_report["tampered"];
  EXPECT_EQ(c_report["tampered"][0]["path"], "modules/01_alpha/tests/unit_alpha.cpp");
  EXPECT_EQ(module_points(c_report, 1), 0) << "the instructor's tests graded it, not the edited ones";
  EXPECT_EQ(module_points(c_report, 2), 30) << "module 2 is graded against the instructor's module 1";

  const auto d_report = report(out, "d_broken");
  EXPECT_EQ(module_points(d_report, 1), 0);
  EXPECT_EQ(d_report["modules"][0]["compiled"], false);
  EXPECT_TRUE(contains(d_report["modules"][0]["build_error"].get<std::string>(), "modules/01_alpha/src/alpha.cpp:7"))
      << d_report["modules"][0]["build_error"];
  EXPECT_EQ(d_report["modules"][0]["grades"][0]["status"], "did not compile");
  EXPECT_EQ(module_points(d_report, 2), 30);

  const auto e_report = report(out, "e_hostile");
  EXPECT_EQ(module_points(e_report, 2), 30) << "hostile module 1 code costs module 1 only";
  EXPECT_EQ(e_report["modules"][0]["grades"][1]["status"], "timed out") << e_report["modules"][0]["grades"][1];

  const std::string summary = read_file(out / "summary.csv");
  EXPECT_TRUE(contains(summary, "name,earned,possible,hidden_earned,01_alpha,02_beta,flags\n")) << summary;
  EXPECT_TRUE(contains(summary, "a_stubs,0,60,0,0,0,")) << summary;
  EXPECT_TRUE(contains(summary, "b_alpha_done,30,60,5,30,0,")) << summary;
  EXPECT_TRUE(std::regex_search(summary, std::regex("c_tampered,30,60,5,0,30,[^\n]*tampered"))) << summary;
  EXPECT_TRUE(std::regex_search(summary, std::regex("d_broken,30,60,5,0,30,[^\n]*01 did not compile"))) << summary;

  const std::string feedback_a = read_file(out / "a_stubs.md");
  EXPECT_TRUE(contains(feedback_a, "not implemented: Task 01.1: alpha_add")) << feedback_a;
  EXPECT_TRUE(contains(feedback_a, "`hidden-big` (hidden) | 0/5")) << feedback_a;
  const std::string feedback_d = read_file(out / "d_broken.md");
  EXPECT_TRUE(contains(feedback_d, "Did not compile")) << feedback_d;
  EXPECT_TRUE(contains(feedback_d, "error")) << feedback_d;
  EXPECT_TRUE(contains(feedback_d, "instructor's solutions of module(s) 01")) << feedback_d;
  const std::string feedback_c = read_file(out / "c_tampered.md");
  EXPECT_TRUE(contains(feedback_c, "`modules/01_alpha/tests/unit_alpha.cpp` (changed)")) << feedback_c;
  EXPECT_TRUE(contains(read_file(out / "e_hostile.md"), "timed out")) << read_file(out / "e_hostile.md");
}

TEST_F(GradeE2E, AFolderThatIsNoSubmissionIsAUsageError) {
  const auto result = run_tito(course_->path(), {"grade", scratch_->path().string() + "/nowhere"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "no such folder")) << result.output;
}

}  // namespace
}  // namespace tito
