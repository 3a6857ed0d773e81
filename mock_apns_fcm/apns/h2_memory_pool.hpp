#pragma once
// The allocator one HTTP/2 session hands to libnghttp2 (nghttp2_mem): blocks up to 4 KiB come
// from per-size-class free lists (16, 32, ..., 4096 bytes) that keep what nghttp2 frees for its
// next stream, instead of a malloc/free pair per frame, stream and header buffer (about ten per
// push, bench/README.md). Larger blocks go to malloc. Every block is 16-byte aligned (what
// malloc guarantees). At most kMaxFreePerClass blocks per class are kept; the rest are freed.
// Ownership: the pool must outlive the nghttp2 session using it (delete the session first); the
// destructor frees the kept blocks. Blocks still in use at destruction are the session's to free.
// Thread: not thread-safe; one session, one connection's strand.
#include <array>
#include <cstddef>

#include <nghttp2/nghttp2.h>

namespace oxh::push::apns {

class H2MemoryPool {
 public:
  static constexpr std::size_t kClasses = 9;  // 16 << 0 ... 16 << 8 = 4096 bytes
  static constexpr std::size_t kMaxFreePerClass = 1024;

  H2MemoryPool();
  ~H2MemoryPool();
  H2MemoryPool(const H2MemoryPool&) = delete;
  H2MemoryPool& operator=(const H2MemoryPool&) = delete;

  // The nghttp2_mem to pass to nghttp2_session_server_new3; points at this pool.
  [[nodiscard]] nghttp2_mem* mem() { return &mem_; }

  // nullptr when out of memory (or for a calloc whose size overflows).
  void* allocate(std::size_t size);
  void release(void* block);
  void* reallocate(void* block, std::size_t size);
  void* allocateZeroed(std::size_t count, std::size_t size);

  // Blocks currently kept on the free lists (for tests).
  [[nodiscard]] std::size_t keptBlocks() const;

 private:
  struct FreeBlock {
    FreeBlock* next;
  };

  std::array<FreeBlock*, kClasses> free_{};
  std::array<std::size_t, kClasses> kept_{};
  nghttp2_mem mem_{};
};

}  // namespace oxh::push::apns
