// Kernels and primitives of the vector index: batched inner products (float and int8 codes),
// atomic access to link words, per-node spin locks, prefetch, and a writer-preferring
// reader-writer lock. Written for this project.
//
// The inline helpers are `static inline` so that Swift inlines them into the search loop: an
// acquire load on x86-64 is a plain `mov`, so lock-free readers pay nothing for being race-free.
#ifndef GROUNDED_VECTOR_KERNELS_H
#define GROUNDED_VECTOR_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// out[i] = <query, row ids[i]> for i in 0..<n, where row j holds `dim` floats at
/// `base + j · stride` bytes; prefetches the next row while scoring one.
void gk_dot_gather(const float *query, const void *base, size_t stride, size_t dim, const uint32_t *ids, size_t n,
                   float *out);
void gk_dot_gather_portable(const float *query, const void *base, size_t stride, size_t dim, const uint32_t *ids,
                            size_t n, float *out);

/// The same for int8 rows (symmetric codes, one float scale per row at `scale_offset` bytes after
/// the codes): out[i] = scale · <query, codes>, the approximate inner product.
void gk_dot_gather_i8(const float *query, const void *base, size_t stride, size_t dim, size_t scale_offset,
                      const uint32_t *ids, size_t n, float *out);
void gk_dot_gather_i8_portable(const float *query, const void *base, size_t stride, size_t dim, size_t scale_offset,
                               const uint32_t *ids, size_t n, float *out);

/// The same for IEEE half-precision rows (`dim` halves, 2 bytes each): out[i] = <query, row>,
/// each half widened exactly to a float.
void gk_dot_gather_f16(const float *query, const void *base, size_t stride, size_t dim, const uint32_t *ids, size_t n,
                       float *out);
void gk_dot_gather_f16_portable(const float *query, const void *base, size_t stride, size_t dim,
                                const uint32_t *ids, size_t n, float *out);

/// The float value of the IEEE half-precision number with bits `h` (exact; subnormals, infinities
/// and NaN included).
float gk_half_to_float(uint16_t h);

/// Widens `n` IEEE half-precision numbers to floats (exactly): out[i] = half i.
void gk_widen_halves(const uint16_t *halves, float *out, size_t n);

/// The inner product of two `n`-vectors.
float gk_dot(const float *a, const float *b, size_t n);

/// Inserts `key` into the ascending `keys[0..<n]`: the keys above it move up one place (`keys[n]`
/// must be writable; what it held is overwritten), and `key` takes the freed place, after any equal
/// keys. Returns that place.
size_t gk_sorted_insert_u64(uint64_t *keys, size_t n, uint64_t key);

/// The same kernels at a chosen level (`GK_LEVEL_*`, lowered to `gk_level()` when above it), so
/// each level is tested against the portable twin on a CPU that runs several.
void gk_dot_gather_at(int level, const float *query, const void *base, size_t stride, size_t dim, const uint32_t *ids,
                      size_t n, float *out);
void gk_dot_gather_i8_at(int level, const float *query, const void *base, size_t stride, size_t dim,
                         size_t scale_offset, const uint32_t *ids, size_t n, float *out);
void gk_dot_gather_f16_at(int level, const float *query, const void *base, size_t stride, size_t dim,
                          const uint32_t *ids, size_t n, float *out);
float gk_dot_at(int level, const float *a, const float *b, size_t n);
void gk_widen_halves_at(int level, const uint16_t *halves, float *out, size_t n);
size_t gk_sorted_insert_u64_at(int level, uint64_t *keys, size_t n, uint64_t key);

/// Relaxed/acquire/release access to 32-bit link words and 8-bit node flags.
static inline uint32_t gk_load_u32(const uint32_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
static inline void gk_store_u32(uint32_t *p, uint32_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
static inline uint8_t gk_load_u8(const uint8_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
static inline void gk_store_u8(uint8_t *p, uint8_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
/// Sets `bits` in `*p`; returns the previous value.
static inline uint8_t gk_or_u8(uint8_t *p, uint8_t bits) { return __atomic_fetch_or(p, bits, __ATOMIC_ACQ_REL); }

/// A one-byte spin lock (0 free, 1 held) that yields the CPU after a short spin.
void gk_spin_lock_slow(uint8_t *lock);
static inline void gk_spin_lock(uint8_t *lock) {
    if (!__atomic_exchange_n(lock, 1, __ATOMIC_ACQUIRE)) return;
    gk_spin_lock_slow(lock);
}
static inline void gk_spin_unlock(uint8_t *lock) { __atomic_store_n(lock, 0, __ATOMIC_RELEASE); }

static inline void gk_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }

/// `bytes` of memory aligned to 64 bytes; from 2 MiB up, aligned to 2 MiB and marked for
/// transparent huge pages (`madvise(MADV_HUGEPAGE)`), so a large graph's random reads miss the TLB
/// far less often (`GROUNDED_HUGE_PAGES=0` turns the advice off). Aborts when memory runs out,
/// like Swift's allocation. Free with `gk_free_large`.
void *gk_alloc_large(size_t bytes);
void gk_free_large(void *p);

/// A reader-writer lock that prefers writers (so a stream of searches cannot starve a resize).
typedef struct gk_rwlock gk_rwlock;
gk_rwlock *gk_rwlock_create(void);
void gk_rwlock_destroy(gk_rwlock *lock);
void gk_rwlock_read(gk_rwlock *lock);
void gk_rwlock_write(gk_rwlock *lock);
void gk_rwlock_unlock(gk_rwlock *lock);

#endif
