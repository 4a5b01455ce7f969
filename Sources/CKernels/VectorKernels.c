// Dispatch and the portable forms of the vector-index kernels; see VectorKernels.h.
#define _GNU_SOURCE
#include "VectorKernels.h"
#include "CKernels.h"
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
void gk_dot_gather_avx2(const float *query, const void *base, size_t stride, size_t dim, const uint32_t *ids, size_t n,
                        float *out);
void gk_dot_gather_i8_avx2(const float *query, const void *base, size_t stride, size_t dim, size_t scale_offset,
                           const uint32_t *ids, size_t n, float *out);
float gk_dot_avx2(const float *a, const float *b, size_t n);
void gk_dot_gather_avx512(const float *query, const void *base, size_t stride, size_t dim, const uint32_t *ids,
                          size_t n, float *out);
void gk_dot_gather_i8_avx512(const float *query, const void *base, size_t stride, size_t dim, size_t scale_offset,
                             const uint32_t *ids, size_t n, float *out);
float gk_dot_avx512(const float *a, const float *b, size_t n);
void gk_dot_gather_f16_avx2(const float *query, const void *base, size_t stride, size_t dim, const uint32_t *ids,
                            size_t n, float *out);
void gk_widen_halves_f16c(const uint16_t *halves, float *out, size_t n);
void gk_dot_gather_f16_avx512(const float *query, const void *base, size_t stride, size_t dim, const uint32_t *ids,
                              size_t n, float *out);
size_t gk_sorted_insert_u64_avx512(uint64_t *keys, size_t n, uint64_t key);
#endif

static float dot_portable(const float *a, const float *b, size_t n) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += a[i] * b[i]; s1 += a[i + 1] * b[i + 1]; s2 += a[i + 2] * b[i + 2]; s3 += a[i + 3] * b[i + 3];
    }
    for (; i < n; i++) s0 += a[i] * b[i];
    return (s0 + s1) + (s2 + s3);
}

void gk_dot_gather_portable(const float *query, const void *base, size_t stride, size_t dim, const uint32_t *ids,
                            size_t n, float *out) {
    const char *rows = base;
    for (size_t i = 0; i < n; i++) {
        if (i + 1 < n) gk_prefetch(rows + (size_t)ids[i + 1] * stride);
        out[i] = dot_portable(query, (const float *)(rows + (size_t)ids[i] * stride), dim);
    }
}

void gk_dot_gather_i8_portable(const float *query, const void *base, size_t stride, size_t dim, size_t scale_offset,
                               const uint32_t *ids, size_t n, float *out) {
    const char *rows = base;
    for (size_t i = 0; i < n; i++) {
        const int8_t *c = (const int8_t *)(rows + (size_t)ids[i] * stride);
        float s = 0, scale;
        for (size_t j = 0; j < dim; j++) s += query[j] * (float)c[j];
        memcpy(&scale, (const char *)c + scale_offset, sizeof scale);
        out[i] = s * scale;
    }
}

float gk_half_to_float(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16, exponent = (h >> 10) & 0x1Fu, mantissa = h & 0x3FFu, bits;
    if (exponent == 0x1F) {
        bits = sign | 0x7F800000u | (mantissa << 13);  // infinity or NaN
    } else if (exponent != 0) {
        bits = sign | ((exponent + 112) << 23) | (mantissa << 13);  // rebias 15 → 127
    } else if (mantissa == 0) {
        bits = sign;  // ±0
    } else {
        // Subnormal: mantissa · 2^-24, normalised for the float.
        int shift = 0;
        while (!(mantissa & 0x400u)) { mantissa <<= 1; shift++; }
        bits = sign | ((uint32_t)(113 - shift) << 23) | ((mantissa & 0x3FFu) << 13);
    }
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

void gk_dot_gather_f16_portable(const float *query, const void *base, size_t stride, size_t dim,
                                const uint32_t *ids, size_t n, float *out) {
    const char *rows = base;
    for (size_t i = 0; i < n; i++) {
        const uint16_t *h = (const uint16_t *)(rows + (size_t)ids[i] * stride);
        float s0 = 0, s1 = 0;
        size_t j = 0;
        for (; j + 2 <= dim; j += 2) {
            s0 += query[j] * gk_half_to_float(h[j]);
            s1 += query[j + 1] * gk_half_to_float(h[j + 1]);
        }
        if (j < dim) s0 += query[j] * gk_half_to_float(h[j]);
        out[i] = s0 + s1;
    }
}

// Each kernel's form for a level; the public entry points resolve theirs once (the level cannot change
// within a process), so a call costs one relaxed load and an indirect call, not two level checks.
typedef float (*dot_fn)(const float *, const float *, size_t);
typedef void (*gather_fn)(const float *, const void *, size_t, size_t, const uint32_t *, size_t, float *);
typedef void (*gather_i8_fn)(const float *, const void *, size_t, size_t, size_t, const uint32_t *, size_t, float *);

static int capped(int level) { return level > gk_level() ? gk_level() : level; }

static dot_fn dot_for(int level) {
#if defined(__x86_64__)
    if (level >= GK_LEVEL_AVX512) return gk_dot_avx512;
    if (level >= GK_LEVEL_AVX2) return gk_dot_avx2;
#endif
    (void)level;
    return dot_portable;
}

static gather_fn gather_for(int level) {
#if defined(__x86_64__)
    if (level >= GK_LEVEL_AVX512) return gk_dot_gather_avx512;
    if (level >= GK_LEVEL_AVX2) return gk_dot_gather_avx2;
#endif
    (void)level;
    return gk_dot_gather_portable;
}

static gather_fn gather_f16_for(int level) {
#if defined(__x86_64__)
    if (level >= GK_LEVEL_AVX512) return gk_dot_gather_f16_avx512;
    if (level >= GK_LEVEL_AVX2) return gk_dot_gather_f16_avx2;
#endif
    (void)level;
    return gk_dot_gather_f16_portable;
}

static gather_i8_fn gather_i8_for(int level) {
#if defined(__x86_64__)
    if (level >= GK_LEVEL_AVX512) return gk_dot_gather_i8_avx512;
    if (level >= GK_LEVEL_AVX2) return gk_dot_gather_i8_avx2;
#endif
    (void)level;
    return gk_dot_gather_i8_portable;
}

static void widen_halves_portable(const uint16_t *halves, float *out, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = gk_half_to_float(halves[i]);
}

typedef void (*widen_fn)(const uint16_t *, float *, size_t);

// F16C came with AVX2 on every x86 CPU (checked with it at start-up), so one form serves both.
static widen_fn widen_for(int level) {
#if defined(__x86_64__)
    if (level >= GK_LEVEL_AVX2) return gk_widen_halves_f16c;
#endif
    (void)level;
    return widen_halves_portable;
}

static size_t sorted_insert_portable(uint64_t *keys, size_t n, uint64_t key) {
    size_t p = n;
    while (p > 0 && keys[p - 1] > key) {
        keys[p] = keys[p - 1];
        p--;
    }
    keys[p] = key;
    return p;
}

typedef size_t (*insert_fn)(uint64_t *, size_t, uint64_t);

static insert_fn insert_for(int level) {
#if defined(__x86_64__)
    if (level >= GK_LEVEL_AVX512) return gk_sorted_insert_u64_avx512;
#endif
    (void)level;
    return sorted_insert_portable;
}

// Resolved on first use; racing first calls store the same pointer.
static _Atomic(dot_fn) chosen_dot;
static _Atomic(gather_fn) chosen_gather, chosen_gather_f16;
static _Atomic(gather_i8_fn) chosen_gather_i8;
static _Atomic(widen_fn) chosen_widen;
static _Atomic(insert_fn) chosen_insert;

// `name()` returns the pointer in `slot`, choosing it by `pick` at the first call.
#define GK_RESOLVER(name, type, slot, pick)                                                                            \
    static inline type name(void) {                                                                                    \
        type f = atomic_load_explicit(&slot, memory_order_relaxed);                                                    \
        if (!f) {                                                                                                      \
            f = pick(gk_level());                                                                                      \
            atomic_store_explicit(&slot, f, memory_order_relaxed);                                                     \
        }                                                                                                              \
        return f;                                                                                                      \
    }
GK_RESOLVER(resolved_dot, dot_fn, chosen_dot, dot_for)
GK_RESOLVER(resolved_gather, gather_fn, chosen_gather, gather_for)
GK_RESOLVER(resolved_gather_f16, gather_fn, chosen_gather_f16, gather_f16_for)
GK_RESOLVER(resolved_gather_i8, gather_i8_fn, chosen_gather_i8, gather_i8_for)
GK_RESOLVER(resolved_widen, widen_fn, chosen_widen, widen_for)
GK_RESOLVER(resolved_insert, insert_fn, chosen_insert, insert_for)

void gk_dot_gather_f16_at(int level, const float *query, const void *base, size_t stride, size_t dim,
                          const uint32_t *ids, size_t n, float *out) {
    gather_f16_for(capped(level))(query, base, stride, dim, ids, n, out);
}

void gk_dot_gather_f16(const float *query, const void *base, size_t stride, size_t dim, const uint32_t *ids, size_t n,
                       float *out) {
    resolved_gather_f16()(query, base, stride, dim, ids, n, out);
}

void gk_dot_gather_at(int level, const float *query, const void *base, size_t stride, size_t dim, const uint32_t *ids,
                      size_t n, float *out) {
    gather_for(capped(level))(query, base, stride, dim, ids, n, out);
}

void gk_dot_gather(const float *query, const void *base, size_t stride, size_t dim, const uint32_t *ids, size_t n,
                   float *out) {
    resolved_gather()(query, base, stride, dim, ids, n, out);
}

void gk_dot_gather_i8_at(int level, const float *query, const void *base, size_t stride, size_t dim,
                         size_t scale_offset, const uint32_t *ids, size_t n, float *out) {
    gather_i8_for(capped(level))(query, base, stride, dim, scale_offset, ids, n, out);
}

void gk_dot_gather_i8(const float *query, const void *base, size_t stride, size_t dim, size_t scale_offset,
                      const uint32_t *ids, size_t n, float *out) {
    resolved_gather_i8()(query, base, stride, dim, scale_offset, ids, n, out);
}

float gk_dot_at(int level, const float *a, const float *b, size_t n) { return dot_for(capped(level))(a, b, n); }

float gk_dot(const float *a, const float *b, size_t n) { return resolved_dot()(a, b, n); }

void gk_widen_halves_at(int level, const uint16_t *halves, float *out, size_t n) {
    widen_for(capped(level))(halves, out, n);
}

void gk_widen_halves(const uint16_t *halves, float *out, size_t n) { resolved_widen()(halves, out, n); }

size_t gk_sorted_insert_u64_at(int level, uint64_t *keys, size_t n, uint64_t key) {
    return insert_for(capped(level))(keys, n, key);
}

size_t gk_sorted_insert_u64(uint64_t *keys, size_t n, uint64_t key) { return resolved_insert()(keys, n, key); }

#include <sys/mman.h>

#define GK_HUGE_PAGE ((size_t)2 << 20)

void *gk_alloc_large(size_t bytes) {
    size_t alignment = bytes >= GK_HUGE_PAGE ? GK_HUGE_PAGE : 64;
    size_t rounded = (bytes + alignment - 1) & ~(alignment - 1);
    void *p = NULL;
    if (posix_memalign(&p, alignment, rounded ? rounded : alignment) != 0 || !p) abort();
#if defined(MADV_HUGEPAGE)
    const char *off = getenv("GROUNDED_HUGE_PAGES");
    if (alignment == GK_HUGE_PAGE && !(off && strcmp(off, "0") == 0)) madvise(p, rounded, MADV_HUGEPAGE);
#endif
    return p;
}

void gk_free_large(void *p) { free(p); }

void gk_spin_lock_slow(uint8_t *lock) {
    for (unsigned spins = 0;; spins++) {
        while (__atomic_load_n(lock, __ATOMIC_RELAXED)) {
            if (++spins > 64) { sched_yield(); spins = 0; }
#if defined(__x86_64__)
            else __builtin_ia32_pause();
#endif
        }
        if (!__atomic_exchange_n(lock, 1, __ATOMIC_ACQUIRE)) return;
    }
}

struct gk_rwlock { pthread_rwlock_t lock; };

gk_rwlock *gk_rwlock_create(void) {
    gk_rwlock *l = malloc(sizeof *l);
    if (!l) abort();
    pthread_rwlockattr_t attr;
    pthread_rwlockattr_init(&attr);
#if defined(__GLIBC__)
    pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
#endif
    pthread_rwlock_init(&l->lock, &attr);
    pthread_rwlockattr_destroy(&attr);
    return l;
}

void gk_rwlock_destroy(gk_rwlock *l) { pthread_rwlock_destroy(&l->lock); free(l); }
void gk_rwlock_read(gk_rwlock *l) { pthread_rwlock_rdlock(&l->lock); }
void gk_rwlock_write(gk_rwlock *l) { pthread_rwlock_wrlock(&l->lock); }
void gk_rwlock_unlock(gk_rwlock *l) { pthread_rwlock_unlock(&l->lock); }
