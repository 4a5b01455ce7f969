// Scaled dot-product attention with AVX-512F: the AVX2 kernel's plan (six query rows at a time,
// keys transposed and pre-scaled, each row's maximum found while its scores are made, the rows'
// softmax side by side) with sixteen lanes, so a 32-float head is two registers and a block of 32
// keys takes twelve accumulators. Written for this project.
#if defined(__x86_64__)
#include "CKernels.h"
#include "Internal.h"
#include <immintrin.h>
#include <math.h>

#define GK_AVX512 __attribute__((target("avx512f")))

/// Query rows per block, as the AVX2 kernel (the scratch holds six score rows).
enum { ROWS = 6 };


/// e^x for x <= 0 in sixteen lanes: the AVX2 kernel's 2^n · 2^f with the same polynomial.
GK_AVX512 static inline __m512 exp_nonpositive16(__m512 x) {
    const __m512 log2e = _mm512_set1_ps(1.44269504088896341f);
    const __m512 c = _mm512_max_ps(x, _mm512_set1_ps(-87.f));
    const __m512 shifted = _mm512_fmadd_ps(c, log2e, _mm512_set1_ps(12582912.f));
    const __m512 n = _mm512_sub_ps(shifted, _mm512_set1_ps(12582912.f));
    const __m512 f = _mm512_fmsub_ps(c, log2e, n);
    __m512 p = _mm512_set1_ps(GK_EXP2_C5);
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(GK_EXP2_C4));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(GK_EXP2_C3));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(GK_EXP2_C2));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(GK_EXP2_C1));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(GK_EXP2_C0));
    const __m512i bits = _mm512_sub_epi32(_mm512_castps_si512(shifted), _mm512_set1_epi32(0x4B400000 - 127));
    return _mm512_mul_ps(p, _mm512_castsi512_ps(_mm512_slli_epi32(bits, 23)));
}

/// Scores of the ROWS query rows against keys `[j, j + 16·width)` (held transposed in `keys`),
/// stored in `scores`, and each row's running maximum over the live columns (below `length`).
GK_AVX512 static inline __attribute__((always_inline)) void score_block(size_t width, const float *const q[ROWS],
                                                                         const float *keys, size_t j, size_t length,
                                                                         size_t padded, size_t head_size,
                                                                         float *scores, __m512 best[ROWS]) {
    __m512 acc[ROWS][2];
    for (int r = 0; r < ROWS; r++) acc[r][0] = acc[r][1] = _mm512_setzero_ps();
    const float *k = keys + j;
    for (size_t d = 0; d < head_size; d++, k += padded) {
        const __m512 k0 = _mm512_load_ps(k), k1 = width == 2 ? _mm512_load_ps(k + 16) : k0;
        for (int r = 0; r < ROWS; r++) {
            const __m512 x = _mm512_set1_ps(q[r][d]);
            acc[r][0] = _mm512_fmadd_ps(x, k0, acc[r][0]);
            if (width == 2) acc[r][1] = _mm512_fmadd_ps(x, k1, acc[r][1]);
        }
    }
    const __m512 none = _mm512_set1_ps(-INFINITY);
    const __mmask16 m0 = gk_first_lanes(length - j), m1 = gk_first_lanes(length > j + 16 ? length - j - 16 : 0);
    for (int r = 0; r < ROWS; r++) {
        _mm512_store_ps(scores + r * padded + j, acc[r][0]);
        best[r] = _mm512_max_ps(best[r], _mm512_mask_blend_ps(m0, none, acc[r][0]));
        if (width == 2) {
            _mm512_store_ps(scores + r * padded + j + 16, acc[r][1]);
            best[r] = _mm512_max_ps(best[r], _mm512_mask_blend_ps(m1, none, acc[r][1]));
        }
    }
}

/// Softmax of the ROWS score rows over their first `length` columns, unnormalised in place
/// (e^(s − max), 0 past `length` up to the next 16); `inv[r]` = 1 / row r's sum.
GK_AVX512 static inline void softmax_rows(float *scores, size_t padded, size_t length, const __m512 best[ROWS],
                                          float inv[ROWS]) {
    __m512 top[ROWS], total[ROWS];
    for (int r = 0; r < ROWS; r++) {
        top[r] = _mm512_set1_ps(_mm512_reduce_max_ps(best[r]));
        total[r] = _mm512_setzero_ps();
    }
    for (size_t j = 0; j < length; j += 16) {
        const __mmask16 keep = gk_first_lanes(length - j);
        for (int r = 0; r < ROWS; r++) {
            float *row = scores + r * padded + j;
            const __m512 e = _mm512_maskz_mov_ps(keep, exp_nonpositive16(_mm512_sub_ps(_mm512_load_ps(row), top[r])));
            _mm512_store_ps(row, e);
            total[r] = _mm512_add_ps(total[r], e);
        }
    }
    for (int r = 0; r < ROWS; r++) inv[r] = 1.f / _mm512_reduce_add_ps(total[r]);
}

/// 16·width floats of the context of the ROWS rows: out_r = inv_r · Σ_j p_r[j] · v_j.
GK_AVX512 static inline __attribute__((always_inline)) void context_block(size_t width, const float *const p[ROWS],
                                                                           const float inv[ROWS], const float *values,
                                                                           size_t stride, size_t length,
                                                                           float *const out[ROWS]) {
    __m512 acc[ROWS][2];
    for (int r = 0; r < ROWS; r++) acc[r][0] = acc[r][1] = _mm512_setzero_ps();
    const float *v = values;
    for (size_t j = 0; j < length; j++, v += stride) {
        const __m512 v0 = _mm512_loadu_ps(v), v1 = width == 2 ? _mm512_loadu_ps(v + 16) : v0;
        for (int r = 0; r < ROWS; r++) {
            const __m512 x = _mm512_set1_ps(p[r][j]);
            acc[r][0] = _mm512_fmadd_ps(x, v0, acc[r][0]);
            if (width == 2) acc[r][1] = _mm512_fmadd_ps(x, v1, acc[r][1]);
        }
    }
    // Rows past the end of the sequence repeat its last row; their stores write the same values.
    for (int r = 0; r < ROWS; r++) {
        const __m512 s = _mm512_set1_ps(inv[r]);
        _mm512_storeu_ps(out[r], _mm512_mul_ps(acc[r][0], s));
        if (width == 2) _mm512_storeu_ps(out[r] + 16, _mm512_mul_ps(acc[r][1], s));
    }
}

GK_AVX512 void gk_attention_avx512(const float *qkv, size_t qkv_stride, size_t length, size_t heads,
                                   size_t head_size, float *context, size_t context_stride, float *scratch) {
    if (length == 0) return;
    const size_t hidden = heads * head_size, padded = gk_padded_length(length);
    const float scale = 1.f / sqrtf((float)head_size);
    float *keys = scratch, *scores = scratch + head_size * padded;
    for (size_t h = 0; h < heads; h++) {
        gk_transpose_keys_avx2(qkv + hidden + h * head_size, qkv_stride, length, padded, head_size, scale, keys);
        const float *values = qkv + 2 * hidden + h * head_size;
        for (size_t i = 0; i < length; i += ROWS) {
            // A last block of fewer rows repeats its last row; the repeats compute the same values.
            const size_t rows = length - i < ROWS ? length - i : ROWS;
            const float *q[ROWS], *p[ROWS];
            float inv[ROWS], *out[ROWS];
            __m512 best[ROWS];
            for (size_t r = 0; r < ROWS; r++) {
                const size_t row = r < rows ? r : rows - 1;
                q[r] = qkv + (i + row) * qkv_stride + h * head_size;
                p[r] = scores + r * padded;
                out[r] = context + (i + row) * context_stride + h * head_size;
                best[r] = _mm512_set1_ps(-INFINITY);
            }
            size_t j = 0;
            for (; j + 32 <= padded; j += 32) score_block(2, q, keys, j, length, padded, head_size, scores, best);
            if (j < padded) score_block(1, q, keys, j, length, padded, head_size, scores, best);
            softmax_rows(scores, padded, length, best, inv);
            size_t d = 0;
            for (; d + 32 <= head_size; d += 32) {
                float *at[ROWS];
                for (int r = 0; r < ROWS; r++) at[r] = out[r] + d;
                context_block(2, p, inv, values + d, qkv_stride, length, at);
            }
            if (d < head_size) {
                float *at[ROWS];
                for (int r = 0; r < ROWS; r++) at[r] = out[r] + d;
                context_block(1, p, inv, values + d, qkv_stride, length, at);
            }
        }
    }
}
#endif
