#include "tito/suggest.hpp"

#include <gtest/gtest.h>

namespace tito {
namespace {

TEST(Suggest, EditDistanceCountsSwapsAsOne) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("41", "14"), 1u);
  EXPECT_EQ(edit_distance("kvcahcing", "kvcaching"), 1u);
}

TEST(Suggest, NearestWithinLimitOnly) {
  const std::vector<std::string> names = {"list", "info", "test", "complete"};
  EXPECT_EQ(nearest_name("lst", names), "list");
  EXPECT_EQ(nearest_name("complet", names), "complete");
  EXPECT_EQ(nearest_name("xyzzy", names), std::nullopt);
  EXPECT_EQ(nearest_name("anything", {}), std::nullopt);
}

}  // namespace
}  // namespace tito
