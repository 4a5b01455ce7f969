// The packed-panel matrix product, AVX-512: a 12 × 32 block of C (two panels) in 24 registers,
// two panel rows and twelve broadcasts of A per step of k.
#if defined(__x86_64__)
#include "CKernels.h"
#include "Internal.h"
#include <immintrin.h>

#define GK_AVX512 __attribute__((target("avx512f")))

/// Rows of C per kernel call (24 accumulators of the 32 registers), rows of A per L2 block, and
/// how many panel rows (64-byte lines) ahead a cold pass prefetches (64 beat 8-32 and 128).
/// Measured on a Zen 5 core (peak 250-270 GFLOP/s): 245 GFLOP/s at 22 rows, 205-220 at 4,128
/// rows, the weights in cache; row blocks of 48-192 moved it by under 2%.
enum { ROWS = 12, ROW_BLOCK = 96, PREFETCH_ROWS = 64 };

/// C[0..<rows, 0..<16·width] += A[0..<rows, 0..<depth] · panels (width 1 or 2 adjacent panels,
/// the second `depth · 16` floats after the first), prefetching the panels ahead when `prefetch`.
GK_AVX512 static inline __attribute__((always_inline)) void block(size_t rows, size_t width, const float *a, size_t lda,
                                                                   const float *panel, size_t depth, float *c, size_t ldc,
                                                                   int prefetch) {
    __m512 acc0[ROWS], acc1[ROWS];
    const float *second = panel + depth * 16;
    _Pragma("clang loop unroll(full)") for (size_t r = 0; r < rows; r++) {
        acc0[r] = _mm512_loadu_ps(c + r * ldc);
        if (width == 2) acc1[r] = _mm512_loadu_ps(c + r * ldc + 16);
    }
    for (size_t i = 0; i < depth; i++) {
        if (prefetch) {
            _mm_prefetch((const char *)(panel + (i + PREFETCH_ROWS) * 16), _MM_HINT_T0);
            if (width == 2) _mm_prefetch((const char *)(second + (i + PREFETCH_ROWS) * 16), _MM_HINT_T0);
        }
        const __m512 b0 = _mm512_loadu_ps(panel + i * 16);
        const __m512 b1 = width == 2 ? _mm512_loadu_ps(second + i * 16) : b0;
        _Pragma("clang loop unroll(full)") for (size_t r = 0; r < rows; r++) {
            const __m512 x = _mm512_set1_ps(a[r * lda + i]);
            acc0[r] = _mm512_fmadd_ps(x, b0, acc0[r]);
            if (width == 2) acc1[r] = _mm512_fmadd_ps(x, b1, acc1[r]);
        }
    }
    _Pragma("clang loop unroll(full)") for (size_t r = 0; r < rows; r++) {
        _mm512_storeu_ps(c + r * ldc, acc0[r]);
        if (width == 2) _mm512_storeu_ps(c + r * ldc + 16, acc1[r]);
    }
}

/// The last `rows` (< ROWS) rows of a strip: `block` with `rows` as a constant.
GK_AVX512 static inline __attribute__((always_inline)) void last(size_t rows, size_t width, const float *a, size_t lda,
                                                                  const float *panel, size_t depth, float *c, size_t ldc,
                                                                  int prefetch) {
    switch (rows) {
    case 11: block(11, width, a, lda, panel, depth, c, ldc, prefetch); break;
    case 10: block(10, width, a, lda, panel, depth, c, ldc, prefetch); break;
    case 9: block(9, width, a, lda, panel, depth, c, ldc, prefetch); break;
    case 8: block(8, width, a, lda, panel, depth, c, ldc, prefetch); break;
    case 7: block(7, width, a, lda, panel, depth, c, ldc, prefetch); break;
    case 6: block(6, width, a, lda, panel, depth, c, ldc, prefetch); break;
    case 5: block(5, width, a, lda, panel, depth, c, ldc, prefetch); break;
    case 4: block(4, width, a, lda, panel, depth, c, ldc, prefetch); break;
    case 3: block(3, width, a, lda, panel, depth, c, ldc, prefetch); break;
    case 2: block(2, width, a, lda, panel, depth, c, ldc, prefetch); break;
    case 1: block(1, width, a, lda, panel, depth, c, ldc, prefetch); break;
    default: break;
    }
}

/// Rows `[r0, r1)` of C against one or two panels, in blocks of ROWS and one shorter block.
/// The compiler needs `rows`, `width` and `prefetch` as constants to keep the accumulators in
/// registers and the loop free of branches (without the full unroll, clang keeps 12 × 2
/// accumulators on the stack: 85 GFLOP/s, not 210). When `cold` (the panels' first pass, in the
/// first row block), the first block prefetches the panels ahead of its loads: a query's 22 rows
/// otherwise wait on memory for the weights (24 products of MiniLM's shapes: 3.6 ms without, 2.4
/// with; a branch on it inside the loop cost the large batches 3%).
GK_AVX512 static inline __attribute__((always_inline)) void strip(size_t width, const float *a, size_t lda, size_t r0,
                                                                   size_t r1, const float *panel, size_t depth, float *c,
                                                                   size_t ldc, int cold) {
    size_t r = r0;
    if (cold) {
        if (r1 - r < ROWS) {
            last(r1 - r, width, a + r * lda, lda, panel, depth, c + r * ldc, ldc, 1);
            return;
        }
        block(ROWS, width, a + r * lda, lda, panel, depth, c + r * ldc, ldc, 1);
        r += ROWS;
    }
    for (; r + ROWS <= r1; r += ROWS) block(ROWS, width, a + r * lda, lda, panel, depth, c + r * ldc, ldc, 0);
    last(r1 - r, width, a + r * lda, lda, panel, depth, c + r * ldc, ldc, 0);
}

GK_AVX512 void gk_gemm_packed_avx512(const float *a, size_t lda, size_t m, size_t k, const float *packed, size_t n,
                                     float *c, size_t ldc, size_t panel_begin, size_t panel_end) {
    for (size_t k0 = 0; k0 < k; k0 += GK_DEPTH_BLOCK) {
        const size_t depth = gk_block_depth(k, k0);
        for (size_t m0 = 0; m0 < m; m0 += ROW_BLOCK) {
            const size_t m1 = m - m0 < ROW_BLOCK ? m : m0 + ROW_BLOCK;
            size_t p = panel_begin;
            for (; p + 2 <= panel_end; p += 2)
                strip(2, a + k0, lda, m0, m1, packed + gk_panel_offset(k, n, k0, p), depth, c + p * 16, ldc, m0 == 0);
            if (p < panel_end) strip(1, a + k0, lda, m0, m1, packed + gk_panel_offset(k, n, k0, p), depth, c + p * 16, ldc, m0 == 0);
        }
    }
}
#endif
