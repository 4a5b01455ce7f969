#include "CKernels.h"
#include "Internal.h"
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

// -1 until the first call looks; then a GK_LEVEL_* value. Racing first calls store the same value.
static _Atomic int cpu_level = -1, used_level = -1;

int gk_cpu_level(void) {
    int known = atomic_load_explicit(&cpu_level, memory_order_relaxed);
    if (known >= 0) return known;
    known = GK_LEVEL_PORTABLE;
#if defined(__x86_64__)
    __builtin_cpu_init();
    // F16C (half-precision rows) came with AVX2 on every x86 CPU; checked all the same. The AVX-512
    // kernels use the BW and VL forms too (every AVX-512 CPU since Skylake-SP has them).
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c")) {
        bool wide = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
            && __builtin_cpu_supports("avx512vl");
        known = wide ? GK_LEVEL_AVX512 : GK_LEVEL_AVX2;
    }
#endif
    atomic_store_explicit(&cpu_level, known, memory_order_relaxed);
    return known;
}

int gk_level(void) {
    int known = atomic_load_explicit(&used_level, memory_order_relaxed);
    if (known >= 0) return known;
    known = gk_cpu_level();
    const char *cap = getenv("GROUNDED_KERNELS");
    if (cap && strcmp(cap, "portable") == 0) known = GK_LEVEL_PORTABLE;
    if (cap && strcmp(cap, "avx2") == 0 && known > GK_LEVEL_AVX2) known = GK_LEVEL_AVX2;
    atomic_store_explicit(&used_level, known, memory_order_relaxed);
    return known;
}

int gk_has_avx2_fma(void) { return gk_level() >= GK_LEVEL_AVX2; }

size_t gk_attention_scratch_bytes(size_t length, size_t head_size) {
    // The AVX2 kernel keeps the head's keys transposed (head_size rows) and six score rows.
    return (head_size + 6) * gk_padded_length(length) * sizeof(float);
}

void gk_gelu_at(int level, float *values, size_t n) {
    if (level > gk_level()) level = gk_level();
#if defined(__x86_64__)
    if (level >= GK_LEVEL_AVX512) { gk_gelu_avx512(values, n); return; }
    if (level >= GK_LEVEL_AVX2) { gk_gelu_avx2(values, n); return; }
#endif
    gk_gelu_portable(values, n);
}

void gk_gelu(float *values, size_t n) { gk_gelu_at(gk_level(), values, n); }

void gk_layer_norm_at(int level, float *x, size_t rows, size_t n, const float *gain, const float *bias,
                      float epsilon) {
    if (level > gk_level()) level = gk_level();
#if defined(__x86_64__)
    if (level >= GK_LEVEL_AVX512) { gk_layer_norm_avx512(x, rows, n, gain, bias, epsilon); return; }
    if (level >= GK_LEVEL_AVX2) { gk_layer_norm_avx2(x, rows, n, gain, bias, epsilon); return; }
#endif
    gk_layer_norm_portable(x, rows, n, gain, bias, epsilon);
}

void gk_layer_norm(float *x, size_t rows, size_t n, const float *gain, const float *bias, float epsilon) {
    gk_layer_norm_at(gk_level(), x, rows, n, gain, bias, epsilon);
}

void gk_attention_at(int level, const float *qkv, size_t qkv_stride, size_t length, size_t heads, size_t head_size,
                     float *context, size_t context_stride, float *scratch) {
    if (level > gk_level()) level = gk_level();
#if defined(__x86_64__)
    if (level >= GK_LEVEL_AVX512 && head_size % 16 == 0) {
        gk_attention_avx512(qkv, qkv_stride, length, heads, head_size, context, context_stride, scratch);
        return;
    }
    if (level >= GK_LEVEL_AVX2 && head_size % 16 == 0) {
        gk_attention_avx2(qkv, qkv_stride, length, heads, head_size, context, context_stride, scratch);
        return;
    }
#endif
    gk_attention_portable(qkv, qkv_stride, length, heads, head_size, context, context_stride, scratch);
}

void gk_attention(const float *qkv, size_t qkv_stride, size_t length, size_t heads, size_t head_size,
                  float *context, size_t context_stride, float *scratch) {
    gk_attention_at(gk_level(), qkv, qkv_stride, length, heads, head_size, context, context_stride, scratch);
}

void gk_gemm_packed_at(int level, const float *a, size_t lda, size_t m, size_t k, const float *packed, size_t n,
                       float *c, size_t ldc, size_t panel_begin, size_t panel_end) {
    if (level > gk_level()) level = gk_level();
#if defined(__x86_64__)
    if (level >= GK_LEVEL_AVX512) { gk_gemm_packed_avx512(a, lda, m, k, packed, n, c, ldc, panel_begin, panel_end); return; }
    if (level >= GK_LEVEL_AVX2) { gk_gemm_packed_avx2(a, lda, m, k, packed, n, c, ldc, panel_begin, panel_end); return; }
#endif
    gk_gemm_packed_portable(a, lda, m, k, packed, n, c, ldc, panel_begin, panel_end);
}

void gk_gemm_packed(const float *a, size_t lda, size_t m, size_t k, const float *packed, size_t n, float *c,
                    size_t ldc, size_t panel_begin, size_t panel_end) {
    gk_gemm_packed_at(gk_level(), a, lda, m, k, packed, n, c, ldc, panel_begin, panel_end);
}
