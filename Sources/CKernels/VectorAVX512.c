// AVX-512F forms of the vector-index kernels; `VectorKernels.c` calls them only on CPUs with
// AVX-512F (chosen at run time, like the encoder's kernels). Written for this project.
#if defined(__x86_64__)
#include "Internal.h"
#include "VectorKernels.h"
#include <immintrin.h>
#include <string.h>

#define GK_AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,avx2,fma")))
// Lines prefetched per row, up front for every row of a gather; the hardware streams in the rest
// of a row behind its first loads. On the 384-d MiniLM set (Intel Xeon, one thread) 1, 2, 4, 8, 16
// and 24 lines measured within the machine's noise of each other (about 5%); 4 was never worse.
#define GK_PREFETCH_LINES_512 4

GK_AVX512 static inline float dot(const float *a, const float *b, size_t n) {
    __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
    __m512 acc2 = _mm512_setzero_ps(), acc3 = _mm512_setzero_ps();
    size_t i = 0;
    for (; i + 64 <= n; i += 64) {
        acc0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), acc0);
        acc1 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16), acc1);
        acc2 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 32), _mm512_loadu_ps(b + i + 32), acc2);
        acc3 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 48), _mm512_loadu_ps(b + i + 48), acc3);
    }
    for (; i + 16 <= n; i += 16) acc0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), acc0);
    if (i < n) {
        __mmask16 m = gk_first_lanes(n - i);
        acc1 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, a + i), _mm512_maskz_loadu_ps(m, b + i), acc1);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(acc0, acc1), _mm512_add_ps(acc2, acc3)));
}

// Four rows against one query: each query load feeds four FMAs, and four chains hide the latency.
GK_AVX512 static inline void dot4(const float *q, const float *r0, const float *r1, const float *r2,
                                  const float *r3, size_t n, float *out) {
    __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps(), a2 = _mm512_setzero_ps(), a3 = _mm512_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512 x = _mm512_loadu_ps(q + i);
        a0 = _mm512_fmadd_ps(x, _mm512_loadu_ps(r0 + i), a0);
        a1 = _mm512_fmadd_ps(x, _mm512_loadu_ps(r1 + i), a1);
        a2 = _mm512_fmadd_ps(x, _mm512_loadu_ps(r2 + i), a2);
        a3 = _mm512_fmadd_ps(x, _mm512_loadu_ps(r3 + i), a3);
    }
    if (i < n) {
        __mmask16 m = gk_first_lanes(n - i);
        __m512 x = _mm512_maskz_loadu_ps(m, q + i);
        a0 = _mm512_fmadd_ps(x, _mm512_maskz_loadu_ps(m, r0 + i), a0);
        a1 = _mm512_fmadd_ps(x, _mm512_maskz_loadu_ps(m, r1 + i), a1);
        a2 = _mm512_fmadd_ps(x, _mm512_maskz_loadu_ps(m, r2 + i), a2);
        a3 = _mm512_fmadd_ps(x, _mm512_maskz_loadu_ps(m, r3 + i), a3);
    }
    out[0] = _mm512_reduce_add_ps(a0);
    out[1] = _mm512_reduce_add_ps(a1);
    out[2] = _mm512_reduce_add_ps(a2);
    out[3] = _mm512_reduce_add_ps(a3);
}

GK_AVX512 float gk_dot_avx512(const float *a, const float *b, size_t n) { return dot(a, b, n); }

GK_AVX512 static inline void prefetch_row(const void *p, size_t bytes) {
    const char *c = p;
    size_t lines = (bytes + 63) / 64;
    if (lines > GK_PREFETCH_LINES_512) lines = GK_PREFETCH_LINES_512;
    for (size_t l = 0; l < lines; l++) _mm_prefetch(c + 64 * l, _MM_HINT_T0);
}

GK_AVX512 void gk_dot_gather_avx512(const float *query, const void *base, size_t stride, size_t dim,
                                    const uint32_t *ids, size_t n, float *out) {
    if (n == 0) return;
    const char *rows = base;
    for (size_t i = 0; i < n; i++) prefetch_row(rows + (size_t)ids[i] * stride, dim * 4);
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        dot4(query, (const float *)(rows + (size_t)ids[i] * stride),
             (const float *)(rows + (size_t)ids[i + 1] * stride), (const float *)(rows + (size_t)ids[i + 2] * stride),
             (const float *)(rows + (size_t)ids[i + 3] * stride), dim, out + i);
    }
    for (; i < n; i++) out[i] = dot(query, (const float *)(rows + (size_t)ids[i] * stride), dim);
}

// Four half-precision rows against one float query: sixteen halves widened per FMA (exact).
GK_AVX512 static inline void dot4_f16(const float *q, const uint16_t *r0, const uint16_t *r1, const uint16_t *r2,
                                      const uint16_t *r3, size_t n, float *out) {
    __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps(), a2 = _mm512_setzero_ps(), a3 = _mm512_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512 x = _mm512_loadu_ps(q + i);
        a0 = _mm512_fmadd_ps(x, _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(r0 + i))), a0);
        a1 = _mm512_fmadd_ps(x, _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(r1 + i))), a1);
        a2 = _mm512_fmadd_ps(x, _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(r2 + i))), a2);
        a3 = _mm512_fmadd_ps(x, _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(r3 + i))), a3);
    }
    if (i < n) {
        __mmask16 m = gk_first_lanes(n - i);
        __m512 x = _mm512_maskz_loadu_ps(m, q + i);
        a0 = _mm512_fmadd_ps(x, _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, r0 + i)), a0);
        a1 = _mm512_fmadd_ps(x, _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, r1 + i)), a1);
        a2 = _mm512_fmadd_ps(x, _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, r2 + i)), a2);
        a3 = _mm512_fmadd_ps(x, _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, r3 + i)), a3);
    }
    out[0] = _mm512_reduce_add_ps(a0);
    out[1] = _mm512_reduce_add_ps(a1);
    out[2] = _mm512_reduce_add_ps(a2);
    out[3] = _mm512_reduce_add_ps(a3);
}

GK_AVX512 static inline float dot_f16(const float *q, const uint16_t *r, size_t n) {
    __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        acc0 = _mm512_fmadd_ps(_mm512_loadu_ps(q + i), _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(r + i))),
                               acc0);
        acc1 = _mm512_fmadd_ps(_mm512_loadu_ps(q + i + 16),
                               _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(r + i + 16))), acc1);
    }
    for (; i < n; i += 16) {
        __mmask16 m = gk_first_lanes(n - i);
        acc0 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, q + i), _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, r + i)),
                               acc0);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1));
}

GK_AVX512 void gk_dot_gather_f16_avx512(const float *query, const void *base, size_t stride, size_t dim,
                                        const uint32_t *ids, size_t n, float *out) {
    if (n == 0) return;
    const char *rows = base;
    for (size_t i = 0; i < n; i++) prefetch_row(rows + (size_t)ids[i] * stride, dim * 2);
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        dot4_f16(query, (const uint16_t *)(rows + (size_t)ids[i] * stride),
                 (const uint16_t *)(rows + (size_t)ids[i + 1] * stride),
                 (const uint16_t *)(rows + (size_t)ids[i + 2] * stride),
                 (const uint16_t *)(rows + (size_t)ids[i + 3] * stride), dim, out + i);
    }
    for (; i < n; i++) out[i] = dot_f16(query, (const uint16_t *)(rows + (size_t)ids[i] * stride), dim);
}

// A float query against int8 codes: sixteen codes widened to floats per FMA.
GK_AVX512 static inline float dot_i8(const float *q, const int8_t *c, size_t n) {
    __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m512 lo = _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *)(c + i))));
        __m512 hi = _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *)(c + i + 16))));
        acc0 = _mm512_fmadd_ps(_mm512_loadu_ps(q + i), lo, acc0);
        acc1 = _mm512_fmadd_ps(_mm512_loadu_ps(q + i + 16), hi, acc1);
    }
    for (; i < n; i += 16) {
        __mmask16 m = gk_first_lanes(n - i);
        __m512 codes = _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_maskz_loadu_epi8(m, c + i)));
        acc0 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, q + i), codes, acc0);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1));
}

GK_AVX512 void gk_dot_gather_i8_avx512(const float *query, const void *base, size_t stride, size_t dim,
                                       size_t scale_offset, const uint32_t *ids, size_t n, float *out) {
    if (n == 0) return;
    const char *rows = base;
    for (size_t i = 0; i < n; i++) prefetch_row(rows + (size_t)ids[i] * stride, dim + 4);
    for (size_t i = 0; i < n; i++) {
        const int8_t *c = (const int8_t *)(rows + (size_t)ids[i] * stride);
        float scale;
        memcpy(&scale, (const char *)c + scale_offset, sizeof scale);
        out[i] = dot_i8(query, c, dim) * scale;
    }
}
// Eight keys a step from the end: those above `key` move up one place by a masked store; the first
// step that keeps any key in place has found the position (the keys are sorted).
GK_AVX512 size_t gk_sorted_insert_u64_avx512(uint64_t *keys, size_t n, uint64_t key) {
    const __m512i k = _mm512_set1_epi64((long long)key);
    size_t p = n;
    while (p >= 8) {
        __m512i v = _mm512_loadu_si512(keys + p - 8);
        __mmask8 above = _mm512_cmpgt_epu64_mask(v, k);
        _mm512_mask_storeu_epi64(keys + p - 7, above, v);
        if (above != 0xFF) {
            p -= (size_t)__builtin_popcount(above);
            keys[p] = key;
            return p;
        }
        p -= 8;
    }
    __mmask8 lanes = (__mmask8)((1u << p) - 1u);
    __m512i v = _mm512_maskz_loadu_epi64(lanes, keys);
    __mmask8 above = _mm512_cmpgt_epu64_mask(v, k) & lanes;
    _mm512_mask_storeu_epi64(keys + 1, above, v);
    p -= (size_t)__builtin_popcount(above);
    keys[p] = key;
    return p;
}
#endif
