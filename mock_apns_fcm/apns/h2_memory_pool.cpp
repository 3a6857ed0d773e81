#include "mock_apns_fcm/apns/h2_memory_pool.hpp"

#include <cstdlib>
#include <cstring>
#include <limits>

namespace oxh::push::apns {

namespace {

// Each block is preceded by a 16-byte header (keeps the payload 16-byte aligned): the size class,
// or kLargeClass with the payload size for blocks from malloc.
constexpr std::size_t kHeader = 16;
constexpr std::size_t kLargeClass = H2MemoryPool::kClasses;
constexpr std::size_t kMinBlock = 16;

struct Header {
  std::size_t sizeClass;
  std::size_t payload;  // bytes usable after the header
};
static_assert(sizeof(Header) <= kHeader);

std::size_t classOf(std::size_t size) {
  std::size_t cls = 0;
  for (std::size_t capacity = kMinBlock; capacity < size; capacity <<= 1U) {
    ++cls;
  }
  return cls;
}

Header* headerOf(void* block) { return reinterpret_cast<Header*>(static_cast<char*>(block) - kHeader); }

}  // namespace

H2MemoryPool::H2MemoryPool() {
  mem_.mem_user_data = this;
  mem_.malloc = [](std::size_t size, void* pool) { return static_cast<H2MemoryPool*>(pool)->allocate(size); };
  mem_.free = [](void* block, void* pool) { static_cast<H2MemoryPool*>(pool)->release(block); };
  mem_.calloc = [](std::size_t count, std::size_t size, void* pool) {
    return static_cast<H2MemoryPool*>(pool)->allocateZeroed(count, size);
  };
  mem_.realloc = [](void* block, std::size_t size, void* pool) {
    return static_cast<H2MemoryPool*>(pool)->reallocate(block, size);
  };
}

H2MemoryPool::~H2MemoryPool() {
  for (auto* head : free_) {
    while (head != nullptr) {
      auto* next = head->next;
      std::free(reinterpret_cast<char*>(head) - kHeader);
      head = next;
    }
  }
}

void* H2MemoryPool::allocate(std::size_t size) {
  const std::size_t cls = size <= (kMinBlock << (kClasses - 1)) ? classOf(size) : kLargeClass;
  if (cls < kClasses && free_[cls] != nullptr) {
    FreeBlock* block = free_[cls];
    free_[cls] = block->next;
    --kept_[cls];
    return block;
  }
  const std::size_t payload = cls < kClasses ? kMinBlock << cls : size;
  if (payload > std::numeric_limits<std::size_t>::max() - kHeader) {
    return nullptr;
  }
  auto* raw = static_cast<char*>(std::malloc(kHeader + payload));
  if (raw == nullptr) {
    return nullptr;
  }
  auto* header = reinterpret_cast<Header*>(raw);
  header->sizeClass = cls;
  header->payload = payload;
  return raw + kHeader;
}

void H2MemoryPool::release(void* block) {
  if (block == nullptr) {
    return;
  }
  const std::size_t cls = headerOf(block)->sizeClass;
  if (cls >= kClasses || kept_[cls] >= kMaxFreePerClass) {
    std::free(headerOf(block));
    return;
  }
  auto* freed = static_cast<FreeBlock*>(block);
  freed->next = free_[cls];
  free_[cls] = freed;
  ++kept_[cls];
}

void* H2MemoryPool::reallocate(void* block, std::size_t size) {
  if (block == nullptr) {
    return allocate(size);
  }
  if (size == 0) {
    release(block);
    return nullptr;
  }
  const std::size_t payload = headerOf(block)->payload;
  if (size <= payload && headerOf(block)->sizeClass < kClasses) {
    return block;  // still fits its class
  }
  void* moved = allocate(size);
  if (moved == nullptr) {
    return nullptr;  // the old block stays valid, as with realloc
  }
  std::memcpy(moved, block, payload < size ? payload : size);
  release(block);
  return moved;
}

void* H2MemoryPool::allocateZeroed(std::size_t count, std::size_t size) {
  if (size != 0 && count > std::numeric_limits<std::size_t>::max() / size) {
    return nullptr;
  }
  void* block = allocate(count * size);
  if (block != nullptr) {
    std::memset(block, 0, count * size);
  }
  return block;
}

std::size_t H2MemoryPool::keptBlocks() const {
  std::size_t total = 0;
  for (const auto kept : kept_) {
    total += kept;
  }
  return total;
}

}  // namespace oxh::push::apns
