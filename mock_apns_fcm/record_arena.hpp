#pragma once
// Storage for push records, which the fakes keep until reset (PushLog): memory is taken from
// the kernel in 1 MiB blocks, mapped already populated (MAP_POPULATE), and bump-allocated;
// nothing is given back before the arena itself is destroyed. Compared with malloc from an io
// thread, whose arena grows a page at a time (an mprotect and a page fault per 4 KiB), this
// takes one system call per block (bench/apns_ratio.py measured ~1.5 us per push for keeping
// records through malloc).
// Lifetime: ArenaAllocator holds a shared_ptr to its arena, so objects made with
// std::allocate_shared keep the arena alive; destroying such an object runs its destructor
// but returns no memory.
// Thread: allocate() is safe from any thread (one mutex).
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace oxh::push {

class RecordArena {
 public:
  static constexpr std::size_t kBlockBytes = std::size_t{1} << 20;

  RecordArena() = default;
  ~RecordArena();
  RecordArena(const RecordArena&) = delete;
  RecordArena& operator=(const RecordArena&) = delete;

  // `bytes` aligned to `align` (a power of two, at most alignof(std::max_align_t)); a request
  // larger than a block gets a block of its own. Throws std::bad_alloc when the kernel refuses.
  void* allocate(std::size_t bytes, std::size_t align);
  [[nodiscard]] std::size_t blocks() const;

 private:
  struct Block {
    char* base;
    std::size_t size;
  };
  char* newBlock(std::size_t size);  // caller holds mutex_

  mutable std::mutex mutex_;
  std::vector<Block> blocks_;
  char* next_ = nullptr;
  char* end_ = nullptr;
};

// A standard allocator over a shared RecordArena (deallocate does nothing).
template <typename T>
class ArenaAllocator {
 public:
  using value_type = T;

  explicit ArenaAllocator(std::shared_ptr<RecordArena> arena) : arena_(std::move(arena)) {}
  template <typename U>
  ArenaAllocator(const ArenaAllocator<U>& other) : arena_(other.arena()) {}  // NOLINT: rebinding

  T* allocate(std::size_t n) { return static_cast<T*>(arena_->allocate(n * sizeof(T), alignof(T))); }
  void deallocate(T* /*p*/, std::size_t /*n*/) {}

  [[nodiscard]] const std::shared_ptr<RecordArena>& arena() const { return arena_; }
  template <typename U>
  bool operator==(const ArenaAllocator<U>& other) const {
    return arena_ == other.arena();
  }

 private:
  std::shared_ptr<RecordArena> arena_;
};

}  // namespace oxh::push
