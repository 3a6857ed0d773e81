#include "mock_apns_fcm/record_arena.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <new>
#include <string>

#include "common/journal/journal.hpp"
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif
#include "mock_apns_fcm/push_record.hpp"

namespace oxh::push {
namespace {

TEST(RecordArenaTest, BumpAllocatesAlignedMemoryInBlocks) {
  RecordArena arena;
  EXPECT_EQ(arena.blocks(), 0U);
  auto* first = static_cast<char*>(arena.allocate(3, 1));
  auto* aligned = arena.allocate(8, 8);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(aligned) % 8, 0U);
  EXPECT_GE(static_cast<char*>(aligned), first + 3);
  EXPECT_EQ(arena.blocks(), 1U);
  std::memset(first, 'x', 3);  // writable
  // Filling the block moves on to a second one; nothing overlaps.
  char* previous = static_cast<char*>(aligned) + 8;
  for (std::size_t used = 0; used < RecordArena::kBlockBytes; used += 1000) {
    auto* next = static_cast<char*>(arena.allocate(1000, 16));
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(next) % 16, 0U);
    EXPECT_TRUE(next >= previous || arena.blocks() > 1);
    std::memset(next, 'y', 1000);
    previous = next + 1000;
  }
  EXPECT_EQ(arena.blocks(), 2U);
  // A large request gets a block of its own.
  auto* large = static_cast<char*>(arena.allocate(RecordArena::kBlockBytes * 2, 16));
  std::memset(large, 'z', RecordArena::kBlockBytes * 2);
  EXPECT_EQ(arena.blocks(), 3U);
  EXPECT_EQ(first[0], 'x');
}

struct Counted {
  explicit Counted(int& destroyed) : destroyed_(destroyed) {}
  ~Counted() { ++destroyed_; }
  int& destroyed_;
  std::string text = std::string(100, 't');  // owns heap memory: the destructor must run
};

TEST(RecordArenaTest, SharedObjectsKeepTheArenaAliveAndAreDestroyed) {
  int destroyed = 0;
  std::shared_ptr<Counted> object;
  {
    auto arena = std::make_shared<RecordArena>();
    object = std::allocate_shared<Counted>(ArenaAllocator<Counted>(arena), destroyed);
  }
  EXPECT_EQ(object->text, std::string(100, 't'));  // the arena lives while the object does
  object.reset();
  EXPECT_EQ(destroyed, 1);
}

TEST(RecordArenaTest, JournalEntriesOutliveAClearedPushLog) {
  journal::Journal journal;
  PushLog log("apns", &journal);
  PushRecord record;
  record.token = std::string(64, 'a');
  record.status = 200;
  log.append(record);
  const auto before = log.arena();
  log.clear();
  EXPECT_NE(log.arena(), before);
  EXPECT_EQ(log.size(), 0U);
  const auto entries = journal.snapshot();
  ASSERT_EQ(entries.size(), 1U);
  EXPECT_EQ(entries[0].data["token"], std::string(64, 'a'));
}

#if defined(__SANITIZE_ADDRESS__)
// Under ASan (the ci preset), heap memory that only arena objects point to is not a leak.
TEST(RecordArenaTest, LeakSanitizerScansTheArena) {
  auto arena = std::make_shared<RecordArena>();
  auto* held = new (arena->allocate(sizeof(std::string), alignof(std::string))) std::string(200, 'h');
  EXPECT_EQ(__lsan_do_recoverable_leak_check(), 0);
  held->~basic_string();
}
#endif

}  // namespace
}  // namespace oxh::push
