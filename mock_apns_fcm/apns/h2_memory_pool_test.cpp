#include "mock_apns_fcm/apns/h2_memory_pool.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace oxh::push::apns {
namespace {

bool aligned16(const void* p) { return reinterpret_cast<std::uintptr_t>(p) % 16 == 0; }

TEST(H2MemoryPoolTest, FreedBlocksAreReusedForTheSameSizeClass) {
  H2MemoryPool pool;
  void* a = pool.allocate(100);  // class 128
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(aligned16(a));
  std::memset(a, 0xAB, 100);
  pool.release(a);
  EXPECT_EQ(pool.keptBlocks(), 1U);
  EXPECT_EQ(pool.allocate(120), a);  // same class
  EXPECT_EQ(pool.keptBlocks(), 0U);
  void* small = pool.allocate(10);  // another class: a new block
  EXPECT_NE(small, a);
  pool.release(small);
  pool.release(a);
  pool.release(nullptr);
  EXPECT_EQ(pool.keptBlocks(), 2U);
}

TEST(H2MemoryPoolTest, LargeBlocksGoToMallocAndAreNotKept) {
  H2MemoryPool pool;
  void* big = pool.allocate(100000);
  ASSERT_NE(big, nullptr);
  EXPECT_TRUE(aligned16(big));
  std::memset(big, 1, 100000);
  pool.release(big);
  EXPECT_EQ(pool.keptBlocks(), 0U);
  void* edge = pool.allocate(4096);  // the largest class
  pool.release(edge);
  EXPECT_EQ(pool.keptBlocks(), 1U);
}

TEST(H2MemoryPoolTest, ReallocateKeepsTheContentsAcrossClassesAndToMalloc) {
  H2MemoryPool pool;
  auto* p = static_cast<char*>(pool.reallocate(nullptr, 10));
  ASSERT_NE(p, nullptr);
  std::memcpy(p, "0123456789", 10);
  EXPECT_EQ(pool.reallocate(p, 16), p);  // still fits
  p = static_cast<char*>(pool.reallocate(p, 3000));
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(std::memcmp(p, "0123456789", 10), 0);
  p = static_cast<char*>(pool.reallocate(p, 50000));
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(std::memcmp(p, "0123456789", 10), 0);
  p = static_cast<char*>(pool.reallocate(p, 60000));  // large to larger
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(std::memcmp(p, "0123456789", 10), 0);
  p = static_cast<char*>(pool.reallocate(p, 20));  // back into a class
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(std::memcmp(p, "0123456789", 10), 0);
  EXPECT_EQ(pool.reallocate(p, 0), nullptr);
}

TEST(H2MemoryPoolTest, AllocateZeroedClearsReusedBlocksAndRejectsOverflow) {
  H2MemoryPool pool;
  auto* dirty = static_cast<unsigned char*>(pool.allocate(64));
  std::memset(dirty, 0xFF, 64);
  pool.release(dirty);
  auto* zeroed = static_cast<unsigned char*>(pool.allocateZeroed(8, 8));
  ASSERT_EQ(static_cast<void*>(zeroed), static_cast<void*>(dirty));
  for (int i = 0; i < 64; ++i) {
    EXPECT_EQ(zeroed[i], 0) << i;
  }
  EXPECT_EQ(pool.allocateZeroed(std::numeric_limits<std::size_t>::max() / 2, 4), nullptr);
  pool.release(zeroed);
}

TEST(H2MemoryPoolTest, KeepsAtMostTheCapPerClass) {
  H2MemoryPool pool;
  std::vector<void*> blocks;
  for (std::size_t i = 0; i < H2MemoryPool::kMaxFreePerClass + 10; ++i) {
    blocks.push_back(pool.allocate(32));
  }
  for (void* block : blocks) {
    pool.release(block);
  }
  EXPECT_EQ(pool.keptBlocks(), H2MemoryPool::kMaxFreePerClass);
}

TEST(H2MemoryPoolTest, TheNghttp2MemDispatchesToThePool) {
  H2MemoryPool pool;
  nghttp2_mem* mem = pool.mem();
  void* block = mem->malloc(40, mem->mem_user_data);
  mem->free(block, mem->mem_user_data);
  EXPECT_EQ(pool.keptBlocks(), 1U);
  EXPECT_EQ(mem->calloc(5, 8, mem->mem_user_data), block);
  void* grown = mem->realloc(block, 500, mem->mem_user_data);
  EXPECT_NE(grown, nullptr);
  mem->free(grown, mem->mem_user_data);
}

}  // namespace
}  // namespace oxh::push::apns
