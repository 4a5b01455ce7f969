// The packed-panel matrix product, AVX2 + FMA: a 6 × 16 block of C in twelve registers, one
// panel row and six broadcasts of A per step of k.
#if defined(__x86_64__)
#include "CKernels.h"
#include "Internal.h"
#include <immintrin.h>

#define GK_AVX2 __attribute__((target("avx2,fma")))

/// Rows of C per kernel call (twelve accumulators), rows of A per L2 block, and how many panel
/// rows (64-byte cache lines) ahead to prefetch: about one memory latency of work.
enum { ROWS = 6, ROW_BLOCK = 96, PREFETCH_ROWS = 64 };

/// C[0..<rows, 0..<16] += A[0..<rows, 0..<depth] · panel; `rows` is a constant at every call so
/// the loops over it unroll and the accumulators stay in registers.
GK_AVX2 static inline __attribute__((always_inline)) void block(size_t rows, const float *a, size_t lda,
                                                                 const float *panel, size_t depth, float *c, size_t ldc) {
    __m256 acc[ROWS][2];
    for (size_t r = 0; r < rows; r++) {
        acc[r][0] = _mm256_loadu_ps(c + r * ldc);
        acc[r][1] = _mm256_loadu_ps(c + r * ldc + 8);
    }
    for (size_t i = 0; i < depth; i++) {
        _mm_prefetch((const char *)(panel + (i + PREFETCH_ROWS) * 16), _MM_HINT_T0);
        const __m256 b0 = _mm256_loadu_ps(panel + i * 16), b1 = _mm256_loadu_ps(panel + i * 16 + 8);
        for (size_t r = 0; r < rows; r++) {
            const __m256 x = _mm256_broadcast_ss(a + r * lda + i);
            acc[r][0] = _mm256_fmadd_ps(x, b0, acc[r][0]);
            acc[r][1] = _mm256_fmadd_ps(x, b1, acc[r][1]);
        }
    }
    for (size_t r = 0; r < rows; r++) {
        _mm256_storeu_ps(c + r * ldc, acc[r][0]);
        _mm256_storeu_ps(c + r * ldc + 8, acc[r][1]);
    }
}

GK_AVX2 void gk_gemm_packed_avx2(const float *a, size_t lda, size_t m, size_t k, const float *packed, size_t n,
                                 float *c, size_t ldc, size_t panel_begin, size_t panel_end) {
    for (size_t k0 = 0; k0 < k; k0 += GK_DEPTH_BLOCK) {
        const size_t depth = gk_block_depth(k, k0);
        for (size_t m0 = 0; m0 < m; m0 += ROW_BLOCK) {
            const size_t m1 = m - m0 < ROW_BLOCK ? m : m0 + ROW_BLOCK;
            for (size_t p = panel_begin; p < panel_end; p++) {
                const float *panel = packed + gk_panel_offset(k, n, k0, p);
                size_t r = m0;
                for (; r + ROWS <= m1; r += ROWS) block(ROWS, a + r * lda + k0, lda, panel, depth, c + r * ldc + p * 16, ldc);
                const float *ar = a + r * lda + k0;
                float *cr = c + r * ldc + p * 16;
                switch (m1 - r) {
                case 5: block(5, ar, lda, panel, depth, cr, ldc); break;
                case 4: block(4, ar, lda, panel, depth, cr, ldc); break;
                case 3: block(3, ar, lda, panel, depth, cr, ldc); break;
                case 2: block(2, ar, lda, panel, depth, cr, ldc); break;
                case 1: block(1, ar, lda, panel, depth, cr, ldc); break;
                default: break;
                }
            }
        }
    }
}
#endif
