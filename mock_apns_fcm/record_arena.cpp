#include "mock_apns_fcm/record_arena.hpp"

#include <sys/mman.h>

#include <cstdint>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

namespace oxh::push {

namespace {

// LeakSanitizer scans malloc'd memory, stacks and globals, not our own mappings: without this,
// what records in the arena point to (their strings) would count as leaked when a process
// exits with records still alive.
void registerRoot([[maybe_unused]] const void* base, [[maybe_unused]] std::size_t size) {
#if defined(__SANITIZE_ADDRESS__)
  __lsan_register_root_region(base, size);
#endif
}

void unregisterRoot([[maybe_unused]] const void* base, [[maybe_unused]] std::size_t size) {
#if defined(__SANITIZE_ADDRESS__)
  __lsan_unregister_root_region(base, size);
#endif
}

}  // namespace

RecordArena::~RecordArena() {
  for (const auto& block : blocks_) {
    unregisterRoot(block.base, block.size);
    ::munmap(block.base, block.size);
  }
}

char* RecordArena::newBlock(std::size_t size) {
  void* memory = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (memory == MAP_FAILED) {
    throw std::bad_alloc();
  }
  blocks_.push_back({static_cast<char*>(memory), size});
  registerRoot(memory, size);
  return static_cast<char*>(memory);
}

void* RecordArena::allocate(std::size_t bytes, std::size_t align) {
  std::lock_guard lock(mutex_);
  if (bytes > kBlockBytes / 4) {
    // Large: a block of its own, so the current block keeps serving small requests.
    const auto pageRounded = (bytes + 4095) & ~std::size_t{4095};
    return newBlock(pageRounded);
  }
  auto at = reinterpret_cast<std::uintptr_t>(next_);
  at = (at + align - 1) & ~(align - 1);
  if (next_ == nullptr || at + bytes > reinterpret_cast<std::uintptr_t>(end_)) {
    next_ = newBlock(kBlockBytes);
    end_ = next_ + kBlockBytes;
    at = reinterpret_cast<std::uintptr_t>(next_);  // mmap returns page-aligned memory
  }
  next_ = reinterpret_cast<char*>(at + bytes);
  return reinterpret_cast<void*>(at);
}

std::size_t RecordArena::blocks() const {
  std::lock_guard lock(mutex_);
  return blocks_.size();
}

}  // namespace oxh::push
