// Constants shared by the portable and the AVX2 kernels (not part of the module's interface).
#ifndef GROUNDED_CKERNELS_INTERNAL_H
#define GROUNDED_CKERNELS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

// erf(x) ≈ x·P(x²)/Q(x²) on [-4, 4], clamped outside (erf is ±1 there in float32): a rational
// fit made for this project by least squares; maximum error 3.8e-7 in float32.
#define GK_ERF_P0 1.1283791975540562f
#define GK_ERF_P1 0.1915057743113584f
#define GK_ERF_P2 0.05554154842346842f
#define GK_ERF_P3 0.0041655306459474455f
#define GK_ERF_P4 0.0004088115462349117f
#define GK_ERF_P5 6.744385159173539e-06f
#define GK_ERF_Q0 1.0f
#define GK_ERF_Q1 0.5030512852052589f
#define GK_ERF_Q2 0.1169046177058323f
#define GK_ERF_Q3 0.016167226605155405f
#define GK_ERF_Q4 0.001405316595359978f
#define GK_ERF_Q5 7.223089556422183e-05f
#define GK_ERF_Q6 2.570275912204113e-07f

// 2^f ≈ C0 + C1·f + … + C5·f^5 on [-1/2, 1/2]: a relative-error least-squares fit made for this
// project (iteratively reweighted towards minimax); maximum relative error 2.4e-7 in float32.
#define GK_EXP2_C0 1.0000001192092896f
#define GK_EXP2_C1 0.6931469440460205f
#define GK_EXP2_C2 0.24022120237350464f
#define GK_EXP2_C3 0.05550713464617729f
#define GK_EXP2_C4 0.009675540961325169f
#define GK_EXP2_C5 0.0013276457320898771f

#define GK_SQRT1_2 0.70710678118654752f

/// Width of a row of attention scores in scratch: the length rounded up to 16.
static inline size_t gk_padded_length(size_t length) { return (length + 15) & ~(size_t)15; }

/// Rows of B per block of the packed layout (256 × 16 floats = 16 KiB per panel slice, which
/// stays in L1 while every row of A passes over it).
#define GK_DEPTH_BLOCK 256

/// Rows in the block of a packed `k × n` matrix that starts at row `k0` (a multiple of
/// GK_DEPTH_BLOCK): GK_DEPTH_BLOCK, or fewer in the last block.
static inline size_t gk_block_depth(size_t k, size_t k0) { return k - k0 < GK_DEPTH_BLOCK ? k - k0 : GK_DEPTH_BLOCK; }

/// Where, in a packed `k × n` matrix, the slice of panel `p` holding row `i`'s block starts.
static inline size_t gk_panel_offset(size_t k, size_t n, size_t i, size_t p) {
    const size_t k0 = i - i % GK_DEPTH_BLOCK;
    return k0 * n + p * gk_block_depth(k, k0) * 16;
}

/// The mask of the first `n` of sixteen lanes (`n` above 16 counts as 16): the AVX-512 kernels'
/// tails.
static inline uint16_t gk_first_lanes(size_t n) { return n >= 16 ? (uint16_t)0xFFFF : (uint16_t)((1u << n) - 1u); }

/// Where code (i, j) of a `k`-row matrix sits in `gk_q8_pack`'s panels: panel j/16 holds its 16
/// columns for every row, four rows of one column in adjacent bytes (64 bytes per four rows).
static inline size_t gk_q8_offset(size_t k, size_t i, size_t j) {
    return (j / 16) * 16 * k + (i / 4) * 64 + (j % 16) * 4 + i % 4;
}

/// A row's scale, the reciprocal codes are made with, and zero point, from its range `[lo, hi]`
/// (`lo <= 0 <= hi`). A row of zeros (or one too small to scale) gets scale 1.
static inline void gk_q8_row_scale(float lo, float hi, float *scale, float *inverse, int32_t *zero) {
    float s = (hi - lo) / 255.0f;
    if (!(s >= 1.17549435e-38f)) s = 1.0f;
    *scale = s;
    *inverse = 1.0f / s;
    const int32_t z = (int32_t)__builtin_nearbyintf(-lo * *inverse);
    *zero = z < 0 ? 0 : z > 255 ? 255 : z;
}

/// The uint8 code of `x`: round(x · inverse) + zero, clamped to [0, 255] (the AVX-512 version's
/// `cvtps_epi32` rounds to nearest even, as `nearbyintf` does in the default rounding mode).
static inline uint8_t gk_q8_code(float x, float inverse, int32_t zero) {
    const int32_t q = (int32_t)__builtin_nearbyintf(x * inverse) + zero;
    return (uint8_t)(q < 0 ? 0 : q > 255 ? 255 : q);
}

void gk_q8_quantize_rows_portable(const float *a, size_t lda, size_t m, size_t k, uint8_t *codes, float *scales,
                                  int32_t *zeros);
void gk_q8_gemm_portable(const uint8_t *codes, size_t m, size_t k, const float *a_scales, const int32_t *zeros,
                         const int8_t *packed, size_t n, const float *b_scales, const int32_t *sums, float *c,
                         size_t ldc, size_t panel_begin, size_t panel_end);

float gk_erf(float x);
float gk_exp_nonpositive(float x);

#if defined(__x86_64__)
void gk_q8_quantize_rows_avx512(const float *a, size_t lda, size_t m, size_t k, uint8_t *codes, float *scales,
                                int32_t *zeros);
void gk_q8_quantize_rows_avx2(const float *a, size_t lda, size_t m, size_t k, uint8_t *codes, float *scales,
                              int32_t *zeros);
void gk_q8_gemm_avx2(const uint8_t *codes, size_t m, size_t k, const float *a_scales, const int32_t *zeros,
                     const int8_t *packed, size_t n, const float *b_scales, const int32_t *sums, float *c, size_t ldc,
                     size_t panel_begin, size_t panel_end);
void gk_q8_gemm_vnni(const uint8_t *codes, size_t m, size_t k, const float *a_scales, const int32_t *zeros,
                     const int8_t *packed, size_t n, const float *b_scales, const int32_t *sums, float *c, size_t ldc,
                     size_t panel_begin, size_t panel_end);
void gk_gelu_avx2(float *values, size_t n);
void gk_layer_norm_avx2(float *x, size_t rows, size_t n, const float *gain, const float *bias, float epsilon);
void gk_gelu_avx512(float *values, size_t n);
void gk_layer_norm_avx512(float *x, size_t rows, size_t n, const float *gain, const float *bias, float epsilon);
/// One head's keys (`keys_in + j·stride`, `length` rows of `head_size`, a multiple of 8), scaled
/// and transposed into `keys[d·padded + j]`, padding columns zero (AVX2; the AVX-512 attention
/// uses it too).
void gk_transpose_keys_avx2(const float *keys_in, size_t stride, size_t length, size_t padded, size_t head_size,
                            float scale, float *keys);
void gk_attention_avx512(const float *qkv, size_t qkv_stride, size_t length, size_t heads, size_t head_size,
                         float *context, size_t context_stride, float *scratch);
void gk_attention_avx2(const float *qkv, size_t qkv_stride, size_t length, size_t heads, size_t head_size,
                       float *context, size_t context_stride, float *scratch);
void gk_gemm_packed_avx2(const float *a, size_t lda, size_t m, size_t k, const float *packed, size_t n, float *c,
                         size_t ldc, size_t panel_begin, size_t panel_end);
void gk_gemm_packed_avx512(const float *a, size_t lda, size_t m, size_t k, const float *packed, size_t n, float *c,
                           size_t ldc, size_t panel_begin, size_t panel_end);
#endif

#endif
