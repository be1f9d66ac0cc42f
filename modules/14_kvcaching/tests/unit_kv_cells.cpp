// Module 14 unit tests: the bookkeeping (Task 14.1), no tensors involved.

#include <gtest/gtest.h>

#include <stdexcept>

#include "tinytorch/generation/kv_cells.hpp"

using tinytorch::KVCells;

namespace {

std::string error_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const std::exception& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST(KVCellsUnit, AStepIsEveryLayerWritingThenOneCommit) {
  KVCells cells(2, 8, 3);
  EXPECT_EQ(cells.seq_pos(), 0);
  for (int64_t layer = 0; layer < 3; ++layer) cells.begin_write(layer, 4);  // prefill of 4 tokens
  EXPECT_EQ(cells.pending(), 4);
  EXPECT_EQ(cells.seq_pos(), 0) << "writing does not advance";
  cells.commit(4);
  EXPECT_EQ(cells.seq_pos(), 4);
  EXPECT_EQ(cells.pending(), 0);
  EXPECT_TRUE(cells.filled(1, 3));
  EXPECT_FALSE(cells.filled(1, 4));
  for (int64_t layer = 0; layer < 3; ++layer) cells.begin_write(layer, 1);  // one decode step
  cells.commit();
  EXPECT_EQ(cells.seq_pos(), 5);
}

TEST(KVCellsUnit, ALayerReadsItsOwnNewPositionsOnly) {
  KVCells cells(1, 8, 2);
  cells.begin_write(0, 1);
  cells.begin_write(1, 1);
  cells.commit();
  cells.begin_write(0, 1);
  EXPECT_EQ(cells.readable(0), 2) << "the new token attends to itself";
  EXPECT_EQ(cells.readable(1), 1) << "layer 1 has not written this step yet";
}

TEST(KVCellsUnit, CommitNeedsEveryLayerAndTheRightCount) {
  KVCells cells(1, 8, 4);
  cells.begin_write(0, 1);
  cells.begin_write(2, 1);
  const std::string message = error_of([&] { cells.commit(); });
  EXPECT_NE(message.find("layer(s) 1, 3"), std::string::npos) << message;
  EXPECT_EQ(cells.seq_pos(), 0);
  cells.begin_write(1, 1);
  cells.begin_write(3, 1);
  EXPECT_NE(error_of([&] { cells.commit(2); }).find("advance(2) but this step wrote 1"), std::string::npos);
  cells.commit(1);
  EXPECT_NE(error_of([&] { cells.commit(1); }), "") << "nothing written: nothing to commit";
}

TEST(KVCellsUnit, RejectedWritesChangeNothing) {
  KVCells cells(1, 4, 2);
  EXPECT_NE(error_of([&] { cells.begin_write(2, 1); }).find("layer 2 is out of range [0, 2)"), std::string::npos);
  EXPECT_NE(error_of([&] { cells.begin_write(0, 5); }).find("KV cache full"), std::string::npos);
  EXPECT_EQ(cells.pending(), 0);
  cells.begin_write(0, 2);
  EXPECT_NE(error_of([&] { cells.begin_write(0, 2); }).find("already written in this step"), std::string::npos);
  EXPECT_NE(error_of([&] { cells.begin_write(1, 3); }).find("other layers wrote 2"), std::string::npos);
  EXPECT_EQ(cells.pending(), 2);
  EXPECT_EQ(cells.readable(1), 0);
  cells.begin_write(1, 2);
  cells.commit(2);
  cells.begin_write(0, 2);
  cells.begin_write(1, 2);
  cells.commit(2);
  EXPECT_EQ(cells.seq_pos(), 4);
  const std::string full = error_of([&] { cells.begin_write(0, 1); });
  EXPECT_NE(full.find("positions [4, 5) do not fit max_seq_len 4"), std::string::npos) << full;
  cells.reset();
  EXPECT_EQ(cells.seq_pos(), 0);
  EXPECT_NO_THROW(cells.begin_write(0, 1));
}

TEST(KVCellsUnit, MapShowsCommittedAndPendingPositions) {
  KVCells cells(2, 6, 1);
  cells.begin_write(0, 3);
  cells.commit(3);
  cells.begin_write(0, 1);
  EXPECT_EQ(cells.map(),
            "KV cache: 2 sequence(s) x 6 positions, 3 filled (+1 being written)\n"
            "  seq 0 |###+..|\n"
            "  seq 1 |###+..|\n");
}
