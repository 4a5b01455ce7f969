// The panel layout of `gk_gemm_packed`: rows in blocks of GK_DEPTH_BLOCK; within a block, panel p
// holds columns 16p ..< 16p+16 row by row. The kernel walks a block's panels in order, so a whole
// matrix is read front to back as one stream (which the prefetchers follow).
#include "CKernels.h"
#include "Internal.h"

size_t gk_packed_count(size_t k, size_t n) { return k * (n / 16) * 16; }

void gk_pack(const float *b, size_t k, size_t n, int transposed, float *packed) {
    for (size_t p = 0; p < n / 16; p++) {
        for (size_t i = 0; i < k; i++) {
            float *out = packed + gk_panel_offset(k, n, i, p) + (i % GK_DEPTH_BLOCK) * 16;
            for (size_t j = 0; j < 16; j++) out[j] = transposed ? b[(p * 16 + j) * k + i] : b[i * n + p * 16 + j];
        }
    }
}

void gk_gemm_packed_portable(const float *a, size_t lda, size_t m, size_t k, const float *packed, size_t n, float *c,
                             size_t ldc, size_t panel_begin, size_t panel_end) {
    for (size_t p = panel_begin; p < panel_end; p++) {
        for (size_t r = 0; r < m; r++) {
            float acc[16];
            for (size_t j = 0; j < 16; j++) acc[j] = c[r * ldc + p * 16 + j];
            for (size_t i = 0; i < k; i++) {
                const float x = a[r * lda + i];
                const float *row = packed + gk_panel_offset(k, n, i, p) + (i % GK_DEPTH_BLOCK) * 16;
                for (size_t j = 0; j < 16; j++) acc[j] += x * row[j];
            }
            for (size_t j = 0; j < 16; j++) c[r * ldc + p * 16 + j] = acc[j];
        }
    }
}
