// The int8 product's packing, and the portable versions that define its results exactly.
#include "CKernels.h"
#include "Internal.h"
#include <float.h>
#include <math.h>

size_t gk_q8_packed_bytes(size_t k, size_t n) { return k * n; }

void gk_q8_pack(const float *b, size_t k, size_t n, int transposed, int8_t *packed, float *scales, int32_t *sums) {
    for (size_t j = 0; j < n; j++) {
        float largest = 0;
        for (size_t i = 0; i < k; i++) largest = fmaxf(largest, fabsf(transposed ? b[j * k + i] : b[i * n + j]));
        const float scale = largest > 0 ? largest / 127.0f : 1.0f;
        int32_t sum = 0;
        for (size_t i = 0; i < k; i++) {
            const float value = transposed ? b[j * k + i] : b[i * n + j];
            const int32_t code = (int32_t)fminf(127.0f, fmaxf(-127.0f, nearbyintf(value / scale)));
            packed[gk_q8_offset(k, i, j)] = (int8_t)code;
            sum += code;
        }
        scales[j] = scale;
        sums[j] = sum;
    }
}

/// A row's range (with 0 inside it) and the scale, reciprocal and zero point it gives.
static void row_range(const float *row, size_t k, float *scale, float *inverse, int32_t *zero) {
    float lo = 0, hi = 0;
    for (size_t i = 0; i < k; i++) {
        lo = fminf(lo, row[i]);
        hi = fmaxf(hi, row[i]);
    }
    gk_q8_row_scale(lo, hi, scale, inverse, zero);
}

void gk_q8_quantize_rows_portable(const float *a, size_t lda, size_t m, size_t k, uint8_t *codes, float *scales,
                                  int32_t *zeros) {
    for (size_t r = 0; r < m; r++) {
        const float *row = a + r * lda;
        float inverse;
        row_range(row, k, &scales[r], &inverse, &zeros[r]);
        for (size_t i = 0; i < k; i++) codes[r * k + i] = gk_q8_code(row[i], inverse, zeros[r]);
    }
}

void gk_q8_gemm_portable(const uint8_t *codes, size_t m, size_t k, const float *a_scales, const int32_t *zeros,
                         const int8_t *packed, size_t n, const float *b_scales, const int32_t *sums, float *c,
                         size_t ldc, size_t panel_begin, size_t panel_end) {
    for (size_t j = panel_begin * 16; j < panel_end * 16; j++) {
        for (size_t r = 0; r < m; r++) {
            int32_t s = 0;
            for (size_t i = 0; i < k; i++) s += (int32_t)codes[r * k + i] * (int32_t)packed[gk_q8_offset(k, i, j)];
            s -= zeros[r] * sums[j];
            c[r * ldc + j] = fmaf((float)s, a_scales[r] * b_scales[j], c[r * ldc + j]);
        }
    }
    (void)n;
}

int gk_q8_has_vnni(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return gk_level() >= GK_LEVEL_AVX512 && __builtin_cpu_supports("avx512vnni");
#else
    return 0;
#endif
}

void gk_q8_quantize_rows_at(int level, const float *a, size_t lda, size_t m, size_t k, uint8_t *codes, float *scales,
                            int32_t *zeros) {
    if (level > gk_level()) level = gk_level();
#if defined(__x86_64__)
    if (level >= GK_LEVEL_AVX512) { gk_q8_quantize_rows_avx512(a, lda, m, k, codes, scales, zeros); return; }
    if (level >= GK_LEVEL_AVX2) { gk_q8_quantize_rows_avx2(a, lda, m, k, codes, scales, zeros); return; }
#endif
    gk_q8_quantize_rows_portable(a, lda, m, k, codes, scales, zeros);
}

void gk_q8_quantize_rows(const float *a, size_t lda, size_t m, size_t k, uint8_t *codes, float *scales,
                         int32_t *zeros) {
    gk_q8_quantize_rows_at(gk_level(), a, lda, m, k, codes, scales, zeros);
}

void gk_q8_gemm_at(int level, const uint8_t *codes, size_t m, size_t k, const float *a_scales, const int32_t *zeros,
                   const int8_t *packed, size_t n, const float *b_scales, const int32_t *sums, float *c, size_t ldc,
                   size_t panel_begin, size_t panel_end) {
    if (level > gk_level()) level = gk_level();
#if defined(__x86_64__)
    if (level >= GK_LEVEL_AVX512 && gk_q8_has_vnni()) {
        gk_q8_gemm_vnni(codes, m, k, a_scales, zeros, packed, n, b_scales, sums, c, ldc, panel_begin, panel_end);
        return;
    }
    if (level >= GK_LEVEL_AVX2) {
        gk_q8_gemm_avx2(codes, m, k, a_scales, zeros, packed, n, b_scales, sums, c, ldc, panel_begin, panel_end);
        return;
    }
#endif
    gk_q8_gemm_portable(codes, m, k, a_scales, zeros, packed, n, b_scales, sums, c, ldc, panel_begin, panel_end);
}

void gk_q8_gemm(const uint8_t *codes, size_t m, size_t k, const float *a_scales, const int32_t *zeros,
                const int8_t *packed, size_t n, const float *b_scales, const int32_t *sums, float *c, size_t ldc,
                size_t panel_begin, size_t panel_end) {
    gk_q8_gemm_at(gk_level(), codes, m, k, a_scales, zeros, packed, n, b_scales, sums, c, ldc, panel_begin,
                  panel_end);
}
