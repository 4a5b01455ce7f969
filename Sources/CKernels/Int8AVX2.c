// The int8 product with AVX2 alone (no VNNI). The codes are widened to 16 bits and `vpmaddwd`
// multiplies them in pairs and adds each pair into a 32-bit lane: for one row of A and four
// columns, rows i, i+1 of k land in one lane and rows i+2, i+3 in the next, and the two are added
// at the end. Sixteen multiplies per instruction against the float kernel's eight, and exact on
// the full 8-bit codes (a pair sums to at most 2 · 255 · 127), so it gives the portable result bit
// for bit on the same panels. Written for this project.
#if defined(__x86_64__)
#include "CKernels.h"
#include "Internal.h"
#include <immintrin.h>
#include <stdlib.h>
#include <string.h>

#define GK_AVX2 __attribute__((target("avx2,fma")))

/// Rows of C per block: a block takes eight columns (two registers of widened weights), so five
/// rows keep ten sums in registers beside the weights, the widened row codes and a product.
enum { ROWS = 5, ROW_BLOCK = 96 };
_Static_assert(ROWS == 5, "gk_q8_gemm_avx2's tail takes 1 to 4 rows");

GK_AVX2 void gk_q8_quantize_rows_avx2(const float *a, size_t lda, size_t m, size_t k, uint8_t *codes, float *scales,
                                      int32_t *zeros) {
    const size_t whole = k - k % 8;
    for (size_t r = 0; r < m; r++) {
        const float *row = a + r * lda;
        __m256 lo = _mm256_setzero_ps(), hi = _mm256_setzero_ps();
        for (size_t i = 0; i < whole; i += 8) {
            const __m256 v = _mm256_loadu_ps(row + i);
            lo = _mm256_min_ps(lo, v);
            hi = _mm256_max_ps(hi, v);
        }
        float low[8], high[8], inverse;
        _mm256_storeu_ps(low, lo);
        _mm256_storeu_ps(high, hi);
        for (int l = 1; l < 8; l++) {
            low[0] = low[l] < low[0] ? low[l] : low[0];
            high[0] = high[l] > high[0] ? high[l] : high[0];
        }
        for (size_t i = whole; i < k; i++) {
            low[0] = row[i] < low[0] ? row[i] : low[0];
            high[0] = row[i] > high[0] ? row[i] : high[0];
        }
        gk_q8_row_scale(low[0], high[0], &scales[r], &inverse, &zeros[r]);
        const __m256 vi = _mm256_set1_ps(inverse);
        const __m256i vz = _mm256_set1_epi32(zeros[r]);
        uint8_t *out = codes + r * k;
        for (size_t i = 0; i < whole; i += 8) {
            // Rounds to nearest even, as `gk_q8_code`; the two saturating packs clamp to [0, 255].
            const __m256i q = _mm256_add_epi32(_mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(row + i), vi)), vz);
            const __m128i words = _mm_packus_epi32(_mm256_castsi256_si128(q), _mm256_extracti128_si256(q, 1));
            _mm_storel_epi64((__m128i *)(out + i), _mm_packus_epi16(words, words));
        }
        for (size_t i = whole; i < k; i++) out[i] = gk_q8_code(row[i], inverse, zeros[r]);
    }
}

/// C[0..<rows, 8 columns] gets the scaled sums of `rows` rows against half a panel: `half` is 0 or
/// 1, the panel's columns 0-7 or 8-15. `a` holds the rows' codes widened to 16 bits, `k` a row.
GK_AVX2 static inline __attribute__((always_inline)) void block(size_t rows, size_t half, const int16_t *a, size_t k,
                                                                 const int8_t *panel, const float *a_scales,
                                                                 const int32_t *zeros, const float *b_scales,
                                                                 const int32_t *sums, float *c, size_t ldc) {
    __m256i acc0[ROWS], acc1[ROWS];
    _Pragma("clang loop unroll(full)") for (size_t r = 0; r < rows; r++) {
        acc0[r] = _mm256_setzero_si256();
        acc1[r] = _mm256_setzero_si256();
    }
    const int8_t *w = panel + half * 32;
    for (size_t i = 0; i < k; i += 4, w += 64) {
        // Columns 0-3 and 4-7 of the half, four rows of k each, as sixteen 16-bit codes.
        const __m256i b0 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)w));
        const __m256i b1 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(w + 16)));
        _Pragma("clang loop unroll(full)") for (size_t r = 0; r < rows; r++) {
            int64_t four;
            memcpy(&four, a + r * k + i, 8);
            const __m256i x = _mm256_set1_epi64x(four);
            acc0[r] = _mm256_add_epi32(acc0[r], _mm256_madd_epi16(x, b0));
            acc1[r] = _mm256_add_epi32(acc1[r], _mm256_madd_epi16(x, b1));
        }
    }
    const __m256 ws = _mm256_loadu_ps(b_scales + half * 8);
    const __m256i ss = _mm256_loadu_si256((const __m256i *)(sums + half * 8));
    _Pragma("clang loop unroll(full)") for (size_t r = 0; r < rows; r++) {
        // Lanes (2c, 2c + 1) hold column c's two partial sums: adding pairs gives columns 0-3 from
        // acc0 and 4-7 from acc1, interleaved by 128-bit halves, which the permute puts in order.
        const __m256i paired = _mm256_hadd_epi32(acc0[r], acc1[r]);
        const __m256i total = _mm256_permute4x64_epi64(paired, 0xD8);
        const __m256i zs = _mm256_mullo_epi32(_mm256_set1_epi32(zeros[r]), ss);
        const __m256 d = _mm256_cvtepi32_ps(_mm256_sub_epi32(total, zs));
        float *out = c + r * ldc + half * 8;
        _mm256_storeu_ps(out, _mm256_fmadd_ps(d, _mm256_mul_ps(_mm256_set1_ps(a_scales[r]), ws), _mm256_loadu_ps(out)));
    }
}

/// Rows `[r0, r1)` of the codes widened to 16 bits into `wide` (`k` each, from row r0 on).
GK_AVX2 static void widen(const uint8_t *codes, size_t k, size_t r0, size_t r1, int16_t *wide) {
    const size_t count = (r1 - r0) * k, whole = count - count % 16;
    const uint8_t *from = codes + r0 * k;
    for (size_t i = 0; i < whole; i += 16)
        _mm256_storeu_si256((__m256i *)(wide + i), _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(from + i))));
    for (size_t i = whole; i < count; i++) wide[i] = from[i];
}

GK_AVX2 void gk_q8_gemm_avx2(const uint8_t *codes, size_t m, size_t k, const float *a_scales, const int32_t *zeros,
                             const int8_t *packed, size_t n, const float *b_scales, const int32_t *sums, float *c,
                             size_t ldc, size_t panel_begin, size_t panel_end) {
    int16_t *wide = malloc((m < ROW_BLOCK ? m : ROW_BLOCK) * k * sizeof(int16_t));
    if (!wide) {
        gk_q8_gemm_portable(codes, m, k, a_scales, zeros, packed, n, b_scales, sums, c, ldc, panel_begin, panel_end);
        return;
    }
    for (size_t m0 = 0; m0 < m; m0 += ROW_BLOCK) {
        const size_t m1 = m - m0 < ROW_BLOCK ? m : m0 + ROW_BLOCK;
        widen(codes, k, m0, m1, wide);
        for (size_t p = panel_begin; p < panel_end; p++) {
            const int8_t *panel = packed + p * 16 * k;
            const float *ws = b_scales + p * 16;
            const int32_t *ss = sums + p * 16;
            for (size_t half = 0; half < 2; half++) {
#define GK_BLOCK(n, r)                                                                                            \
    block(n, half, wide + ((r) - m0) * k, k, panel, a_scales + (r), zeros + (r), ws, ss, c + (r) * ldc + p * 16, ldc)
                size_t r = m0;
                for (; r + ROWS <= m1; r += ROWS) GK_BLOCK(ROWS, r);
                switch (m1 - r) {
                case 4: GK_BLOCK(4, r); break;
                case 3: GK_BLOCK(3, r); break;
                case 2: GK_BLOCK(2, r); break;
                case 1: GK_BLOCK(1, r); break;
                default: break;
                }
#undef GK_BLOCK
            }
        }
    }
    free(wide);
}
#endif
