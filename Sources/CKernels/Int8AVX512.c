// The int8 product with AVX-512 VNNI: a 12 × 32 block of int32 sums (two panels) in 24 registers;
// each `vpdpbusd` multiplies four uint8 codes of a row of A by four int8 codes of 16 columns and
// adds the four products to each column's sum. Four rows of k per instruction: 4× the float
// kernel's work per instruction (measured alone on an Intel Xeon with AVX-512 VNNI: 380-650 GOP/s
// on MiniLM's shapes, with the quantization of A, against 120-155 GFLOP/s for the float kernel).
#if defined(__x86_64__)
#include "CKernels.h"
#include "Internal.h"
#include <immintrin.h>
#include <string.h>

#define GK_VNNI __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni")))
#define GK_AVX512BW __attribute__((target("avx512f,avx512bw")))

/// Rows of C per block (24 of the 32 registers hold sums), rows per pass over a panel pair, and
/// how far ahead (in bytes of a panel) a cold pass prefetches: 64 lines, as the float kernel.
enum { ROWS = 12, ROW_BLOCK = 96, PREFETCH_BYTES = 4096 };

GK_AVX512BW void gk_q8_quantize_rows_avx512(const float *a, size_t lda, size_t m, size_t k, uint8_t *codes,
                                            float *scales, int32_t *zeros) {
    const size_t whole = k - k % 16;
    for (size_t r = 0; r < m; r++) {
        const float *row = a + r * lda;
        __m512 lo = _mm512_setzero_ps(), hi = _mm512_setzero_ps();
        for (size_t i = 0; i < whole; i += 16) {
            const __m512 v = _mm512_loadu_ps(row + i);
            lo = _mm512_min_ps(lo, v);
            hi = _mm512_max_ps(hi, v);
        }
        float low = _mm512_reduce_min_ps(lo), high = _mm512_reduce_max_ps(hi), inverse;
        for (size_t i = whole; i < k; i++) {
            low = row[i] < low ? row[i] : low;
            high = row[i] > high ? row[i] : high;
        }
        gk_q8_row_scale(low, high, &scales[r], &inverse, &zeros[r]);
        const __m512 vi = _mm512_set1_ps(inverse);
        const __m512i vz = _mm512_set1_epi32(zeros[r]), top = _mm512_set1_epi32(255), bottom = _mm512_setzero_si512();
        uint8_t *out = codes + r * k;
        for (size_t i = 0; i < whole; i += 16) {
            __m512i q = _mm512_add_epi32(_mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(row + i), vi)), vz);
            q = _mm512_max_epi32(_mm512_min_epi32(q, top), bottom);
            _mm_storeu_si128((__m128i *)(out + i), _mm512_cvtepi32_epi8(q));
        }
        for (size_t i = whole; i < k; i++) out[i] = gk_q8_code(row[i], inverse, zeros[r]);
    }
}

/// C[0..<rows, 16·width columns] gets the scaled sums of A's `rows` rows against one or two
/// adjacent panels (the second `16·k` bytes after the first).
GK_VNNI static inline __attribute__((always_inline)) void block(size_t rows, size_t width, const uint8_t *a, size_t k,
                                                                 const int8_t *panel, const float *a_scales,
                                                                 const int32_t *zeros, const float *b_scales,
                                                                 const int32_t *sums, float *c, size_t ldc,
                                                                 int prefetch) {
    __m512i acc0[ROWS], acc1[ROWS];
    const int8_t *second = panel + k * 16;
    _Pragma("clang loop unroll(full)") for (size_t r = 0; r < rows; r++) {
        acc0[r] = _mm512_setzero_si512();
        acc1[r] = _mm512_setzero_si512();
    }
    for (size_t i = 0; i < k; i += 4) {
        if (prefetch) {
            _mm_prefetch((const char *)(panel + i * 16 + PREFETCH_BYTES), _MM_HINT_T0);
            if (width == 2) _mm_prefetch((const char *)(second + i * 16 + PREFETCH_BYTES), _MM_HINT_T0);
        }
        const __m512i b0 = _mm512_loadu_si512(panel + i * 16);
        const __m512i b1 = width == 2 ? _mm512_loadu_si512(second + i * 16) : b0;
        _Pragma("clang loop unroll(full)") for (size_t r = 0; r < rows; r++) {
            int32_t four;
            memcpy(&four, a + r * k + i, 4);
            const __m512i x = _mm512_set1_epi32(four);
            acc0[r] = _mm512_dpbusd_epi32(acc0[r], x, b0);
            if (width == 2) acc1[r] = _mm512_dpbusd_epi32(acc1[r], x, b1);
        }
    }
    const __m512 w0 = _mm512_loadu_ps(b_scales), w1 = width == 2 ? _mm512_loadu_ps(b_scales + 16) : w0;
    const __m512i s0 = _mm512_loadu_si512(sums), s1 = width == 2 ? _mm512_loadu_si512(sums + 16) : s0;
    _Pragma("clang loop unroll(full)") for (size_t r = 0; r < rows; r++) {
        const __m512i z = _mm512_set1_epi32(zeros[r]);
        const __m512 s = _mm512_set1_ps(a_scales[r]);
        float *out = c + r * ldc;
        const __m512 d0 = _mm512_cvtepi32_ps(_mm512_sub_epi32(acc0[r], _mm512_mullo_epi32(z, s0)));
        _mm512_storeu_ps(out, _mm512_fmadd_ps(d0, _mm512_mul_ps(s, w0), _mm512_loadu_ps(out)));
        if (width == 2) {
            const __m512 d1 = _mm512_cvtepi32_ps(_mm512_sub_epi32(acc1[r], _mm512_mullo_epi32(z, s1)));
            _mm512_storeu_ps(out + 16, _mm512_fmadd_ps(d1, _mm512_mul_ps(s, w1), _mm512_loadu_ps(out + 16)));
        }
    }
}

/// Rows `[r0, r1)` against one or two panels: blocks of ROWS, then one of the rows left (with
/// `rows` a constant in each, so the sums stay in registers). `cold` prefetches in the first block.
GK_VNNI static inline __attribute__((always_inline)) void strip(size_t width, const uint8_t *a, size_t k, size_t r0,
                                                                 size_t r1, const int8_t *panel, const float *a_scales,
                                                                 const int32_t *zeros, const float *b_scales,
                                                                 const int32_t *sums, float *c, size_t ldc, int cold) {
#define GK_BLOCK(n, r, pf)                                                                                            \
    block(n, width, a + (r) * k, k, panel, a_scales + (r), zeros + (r), b_scales, sums, c + (r) * ldc, ldc, pf)
    size_t r = r0;
    if (cold && r1 - r >= ROWS) {
        GK_BLOCK(ROWS, r, 1);
        r += ROWS;
    }
    for (; r + ROWS <= r1; r += ROWS) GK_BLOCK(ROWS, r, 0);
    switch (r1 - r) {
    case 11: GK_BLOCK(11, r, cold); break;
    case 10: GK_BLOCK(10, r, cold); break;
    case 9: GK_BLOCK(9, r, cold); break;
    case 8: GK_BLOCK(8, r, cold); break;
    case 7: GK_BLOCK(7, r, cold); break;
    case 6: GK_BLOCK(6, r, cold); break;
    case 5: GK_BLOCK(5, r, cold); break;
    case 4: GK_BLOCK(4, r, cold); break;
    case 3: GK_BLOCK(3, r, cold); break;
    case 2: GK_BLOCK(2, r, cold); break;
    case 1: GK_BLOCK(1, r, cold); break;
    default: break;
    }
#undef GK_BLOCK
}

GK_VNNI void gk_q8_gemm_vnni(const uint8_t *codes, size_t m, size_t k, const float *a_scales, const int32_t *zeros,
                             const int8_t *packed, size_t n, const float *b_scales, const int32_t *sums, float *c,
                             size_t ldc, size_t panel_begin, size_t panel_end) {
    (void)n;
    for (size_t m0 = 0; m0 < m; m0 += ROW_BLOCK) {
        const size_t m1 = m - m0 < ROW_BLOCK ? m : m0 + ROW_BLOCK;
        size_t p = panel_begin;
        for (; p + 2 <= panel_end; p += 2)
            strip(2, codes, k, m0, m1, packed + p * 16 * k, a_scales, zeros, b_scales + p * 16, sums + p * 16,
                  c + p * 16, ldc, m0 == 0);
        if (p < panel_end)
            strip(1, codes, k, m0, m1, packed + p * 16 * k, a_scales, zeros, b_scales + p * 16, sums + p * 16,
                  c + p * 16, ldc, m0 == 0);
    }
}
#endif
