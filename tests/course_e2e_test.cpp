// End to end on the real course: `tito module complete 14` tests and exports
// the whole chain into a temporary package, and an outside CMake project
// (tests/consumer) uses KVCache from it.

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "tito/manifest.hpp"

namespace tito {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(CourseE2E, CompleteFourteenThenAConsumerUsesTheCache) {
  TITO_NEEDS_COURSE_SOLUTIONS();
  testing::TempDir scratch;
  const auto package = scratch.path() / "package";
  ProcessSpec complete;
  complete.argv = {TITO_EXE, "--course", TITO_SOURCE_DIR, "module", "complete", "14", "--jobs", "1"};
  complete.extra_env = {"NO_COLOR=1", "TITO_PACKAGE_DIR=" + package.string(),
                        "TITO_STATE_DIR=" + (scratch.path() / "state").string()};
  complete.timeout = std::chrono::minutes(15);
  const auto result = run_process(complete);
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "Module 14 exported to " + package.string())) << result.output;
  const Manifest manifest = read_manifest(package / "manifest.json");
  for (int number : {1, 2, 3, 11, 12, 13, 14}) EXPECT_NE(manifest.find(number), nullptr) << "module " << number;
  EXPECT_EQ(manifest.find(14)->tests_passed, manifest.find(14)->tests_total);
  EXPECT_TRUE(verify_package(package, manifest).empty());

  const auto ran =
      testing::build_and_run_consumer(TITO_SOURCE_DIR "/tests/consumer", scratch.path() / "consumer-build", package,
                                      "consumer");
  EXPECT_EQ(ran.exit_code, 0) << ran.output;
  EXPECT_TRUE(contains(ran.output, "cached == uncached")) << ran.output;
}

}  // namespace
}  // namespace tito
