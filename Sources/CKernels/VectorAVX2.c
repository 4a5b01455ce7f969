// AVX2 + FMA forms of the vector-index kernels; `VectorKernels.c` calls them only on CPUs with both.
#if defined(__x86_64__)
#include "VectorKernels.h"
#include <immintrin.h>
#include <string.h>

#define GK_AVX2 __attribute__((target("avx2,fma")))
// Lines prefetched per row: 512 bytes, the whole of a 128-d row; longer rows stream in behind.
#define GK_PREFETCH_LINES 8


GK_AVX2 static inline float hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

// Four accumulators: an FMA's 4-cycle latency would otherwise leave the two FMA ports idle.
GK_AVX2 static inline float dot(const float *a, const float *b, size_t n) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    __m256 acc2 = _mm256_setzero_ps(), acc3 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
        acc2 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 16), _mm256_loadu_ps(b + i + 16), acc2);
        acc3 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 24), _mm256_loadu_ps(b + i + 24), acc3);
    }
    for (; i + 8 <= n; i += 8) acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
    float s = hsum(_mm256_add_ps(_mm256_add_ps(acc0, acc1), _mm256_add_ps(acc2, acc3)));
    for (; i < n; i++) s += a[i] * b[i];
    return s;
}

// Four rows against one query at once: each query load feeds four FMAs, and the four
// independent accumulator chains hide the FMA latency (FAISS scores HNSW neighbours four at a
// time for the same reason).
GK_AVX2 static inline void dot4(const float *q, const float *r0, const float *r1, const float *r2, const float *r3,
                                size_t n, float *out) {
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 x = _mm256_loadu_ps(q + i);
        a0 = _mm256_fmadd_ps(x, _mm256_loadu_ps(r0 + i), a0);
        a1 = _mm256_fmadd_ps(x, _mm256_loadu_ps(r1 + i), a1);
        a2 = _mm256_fmadd_ps(x, _mm256_loadu_ps(r2 + i), a2);
        a3 = _mm256_fmadd_ps(x, _mm256_loadu_ps(r3 + i), a3);
    }
    float s0 = hsum(a0), s1 = hsum(a1), s2 = hsum(a2), s3 = hsum(a3);
    for (; i < n; i++) {
        s0 += q[i] * r0[i]; s1 += q[i] * r1[i]; s2 += q[i] * r2[i]; s3 += q[i] * r3[i];
    }
    out[0] = s0; out[1] = s1; out[2] = s2; out[3] = s3;
}

GK_AVX2 float gk_dot_avx2(const float *a, const float *b, size_t n) { return dot(a, b, n); }

// Prefetches the first lines of a row (up to 256 bytes; the hardware streams in the rest).
GK_AVX2 static inline void prefetch_row(const void *p, size_t bytes) {
    const char *c = p;
    size_t lines = (bytes + 63) / 64;
    if (lines > GK_PREFETCH_LINES) lines = GK_PREFETCH_LINES;
    for (size_t l = 0; l < lines; l++) _mm_prefetch(c + 64 * l, _MM_HINT_T0);
}

GK_AVX2 void gk_dot_gather_avx2(const float *query, const void *base, size_t stride, size_t dim, const uint32_t *ids,
                                size_t n, float *out) {
    if (n == 0) return;
    const char *rows = base;
    // Ask for every row at once: the misses then overlap instead of queueing one behind another.
    for (size_t i = 0; i < n; i++) prefetch_row(rows + (size_t)ids[i] * stride, dim * 4);
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        dot4(query, (const float *)(rows + (size_t)ids[i] * stride), (const float *)(rows + (size_t)ids[i + 1] * stride),
             (const float *)(rows + (size_t)ids[i + 2] * stride), (const float *)(rows + (size_t)ids[i + 3] * stride),
             dim, out + i);
    }
    for (; i < n; i++) out[i] = dot(query, (const float *)(rows + (size_t)ids[i] * stride), dim);
}

#define GK_AVX2_F16C __attribute__((target("avx2,fma,f16c")))

// Four half-precision rows against one float query: eight halves widened per FMA (exact).
GK_AVX2_F16C static inline void dot4_f16(const float *q, const uint16_t *r0, const uint16_t *r1, const uint16_t *r2,
                                         const uint16_t *r3, size_t n, float *out) {
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 x = _mm256_loadu_ps(q + i);
        a0 = _mm256_fmadd_ps(x, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(r0 + i))), a0);
        a1 = _mm256_fmadd_ps(x, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(r1 + i))), a1);
        a2 = _mm256_fmadd_ps(x, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(r2 + i))), a2);
        a3 = _mm256_fmadd_ps(x, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(r3 + i))), a3);
    }
    float s0 = hsum(a0), s1 = hsum(a1), s2 = hsum(a2), s3 = hsum(a3);
    for (; i < n; i++) {
        s0 += q[i] * gk_half_to_float(r0[i]);
        s1 += q[i] * gk_half_to_float(r1[i]);
        s2 += q[i] * gk_half_to_float(r2[i]);
        s3 += q[i] * gk_half_to_float(r3[i]);
    }
    out[0] = s0; out[1] = s1; out[2] = s2; out[3] = s3;
}

GK_AVX2_F16C void gk_dot_gather_f16_avx2(const float *query, const void *base, size_t stride, size_t dim,
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
    for (; i < n; i++) {
        float one[4];
        const uint16_t *r = (const uint16_t *)(rows + (size_t)ids[i] * stride);
        dot4_f16(query, r, r, r, r, dim, one);
        out[i] = one[0];
    }
}

GK_AVX2 static inline float dot_i8(const float *q, const int8_t *c, size_t n) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i bytes = _mm_loadu_si128((const __m128i *)(c + i));
        __m256 lo = _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(bytes));
        __m256 hi = _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_srli_si128(bytes, 8)));
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(q + i), lo, acc0);
        acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(q + i + 8), hi, acc1);
    }
    if (i + 8 <= n) {
        __m128i bytes = _mm_loadl_epi64((const __m128i *)(c + i));
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(q + i), _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(bytes)), acc0);
        i += 8;
    }
    float s = hsum(_mm256_add_ps(acc0, acc1));
    for (; i < n; i++) s += q[i] * (float)c[i];
    return s;
}

GK_AVX2 void gk_dot_gather_i8_avx2(const float *query, const void *base, size_t stride, size_t dim, size_t scale_offset,
                                   const uint32_t *ids, size_t n, float *out) {
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
GK_AVX2_F16C void gk_widen_halves_f16c(const uint16_t *halves, float *out, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        _mm256_storeu_ps(out + i, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(halves + i))));
    }
    for (; i < n; i++) out[i] = _cvtsh_ss(halves[i]);
}
#endif
