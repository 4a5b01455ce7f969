#include "CKernels.h"
#include "Internal.h"
#include <stdatomic.h>

// -1 until the first call looks at the CPU; then 0 or 1. Racing first calls store the same value.
static _Atomic int avx2_fma = -1;

int gk_has_avx2_fma(void) {
    int known = atomic_load_explicit(&avx2_fma, memory_order_relaxed);
    if (known >= 0) return known;
#if defined(__x86_64__)
    __builtin_cpu_init();
    known = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    known = 0;
#endif
    atomic_store_explicit(&avx2_fma, known, memory_order_relaxed);
    return known;
}

size_t gk_attention_scratch_bytes(size_t length, size_t head_size) {
    // The AVX2 kernel keeps the head's keys transposed (head_size rows) and six score rows.
    return (head_size + 6) * gk_padded_length(length) * sizeof(float);
}

void gk_gelu(float *values, size_t n) {
#if defined(__x86_64__)
    if (gk_has_avx2_fma()) { gk_gelu_avx2(values, n); return; }
#endif
    gk_gelu_portable(values, n);
}

void gk_layer_norm(float *x, size_t rows, size_t n, const float *gain, const float *bias, float epsilon) {
#if defined(__x86_64__)
    if (gk_has_avx2_fma()) { gk_layer_norm_avx2(x, rows, n, gain, bias, epsilon); return; }
#endif
    gk_layer_norm_portable(x, rows, n, gain, bias, epsilon);
}

void gk_attention(const float *qkv, size_t qkv_stride, size_t length, size_t heads, size_t head_size,
                  float *context, size_t context_stride, float *scratch) {
#if defined(__x86_64__)
    if (gk_has_avx2_fma() && head_size % 16 == 0) {
        gk_attention_avx2(qkv, qkv_stride, length, heads, head_size, context, context_stride, scratch);
        return;
    }
#endif
    gk_attention_portable(qkv, qkv_stride, length, heads, head_size, context, context_stride, scratch);
}

void gk_gemm_packed(const float *a, size_t lda, size_t m, size_t k, const float *packed, size_t n, float *c,
                    size_t ldc, size_t panel_begin, size_t panel_end) {
#if defined(__x86_64__)
    if (gk_has_avx2_fma()) { gk_gemm_packed_avx2(a, lda, m, k, packed, n, c, ldc, panel_begin, panel_end); return; }
#endif
    gk_gemm_packed_portable(a, lda, m, k, packed, n, c, ldc, panel_begin, panel_end);
}
