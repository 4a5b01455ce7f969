// AVX2 + FMA versions, compiled for that target function by function so the rest of the binary
// stays portable; `Dispatch.c` calls them only on CPUs that have both.
#if defined(__x86_64__)
#include "CKernels.h"
#include "Internal.h"
#include <immintrin.h>
#include <math.h>

#define GK_AVX2 __attribute__((target("avx2,fma")))

GK_AVX2 static inline float hsum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

GK_AVX2 static inline float hmax8(__m256 v) {
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    s = _mm_max_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

GK_AVX2 static inline __m256 erf8(__m256 x) {
    __m256 c = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-4.f)), _mm256_set1_ps(4.f));
    __m256 x2 = _mm256_mul_ps(c, c);
    __m256 num = _mm256_set1_ps(GK_ERF_P5);
    num = _mm256_fmadd_ps(num, x2, _mm256_set1_ps(GK_ERF_P4));
    num = _mm256_fmadd_ps(num, x2, _mm256_set1_ps(GK_ERF_P3));
    num = _mm256_fmadd_ps(num, x2, _mm256_set1_ps(GK_ERF_P2));
    num = _mm256_fmadd_ps(num, x2, _mm256_set1_ps(GK_ERF_P1));
    num = _mm256_fmadd_ps(num, x2, _mm256_set1_ps(GK_ERF_P0));
    __m256 den = _mm256_set1_ps(GK_ERF_Q6);
    den = _mm256_fmadd_ps(den, x2, _mm256_set1_ps(GK_ERF_Q5));
    den = _mm256_fmadd_ps(den, x2, _mm256_set1_ps(GK_ERF_Q4));
    den = _mm256_fmadd_ps(den, x2, _mm256_set1_ps(GK_ERF_Q3));
    den = _mm256_fmadd_ps(den, x2, _mm256_set1_ps(GK_ERF_Q2));
    den = _mm256_fmadd_ps(den, x2, _mm256_set1_ps(GK_ERF_Q1));
    den = _mm256_fmadd_ps(den, x2, _mm256_set1_ps(GK_ERF_Q0));
    return _mm256_div_ps(_mm256_mul_ps(c, num), den);
}

/// e^x for x <= 0, eight lanes at once, as 2^t with t = x·log2(e) = n + f (n the nearest
/// integer, |f| <= 1/2): 2^f by a degree-5 polynomial fitted for this project (relative error
/// 2.4e-7 in float32), 2^n from the exponent bits. Inputs are clamped at -87, so the smallest
/// result is e^-87 ≈ 1.6e-38, not 0: in a softmax beside its maximum (e^0 = 1) that is nothing.
GK_AVX2 static inline __m256 exp_nonpositive8(__m256 x) {
    const __m256 log2e = _mm256_set1_ps(1.44269504088896341f);
    const __m256 c = _mm256_max_ps(x, _mm256_set1_ps(-87.f));
    // Adding 1.5·2^23 rounds t to the nearest integer n and leaves n in the low mantissa bits.
    const __m256 shifted = _mm256_fmadd_ps(c, log2e, _mm256_set1_ps(12582912.f));
    const __m256 n = _mm256_sub_ps(shifted, _mm256_set1_ps(12582912.f));
    const __m256 f = _mm256_fmsub_ps(c, log2e, n);
    __m256 p = _mm256_set1_ps(GK_EXP2_C5);
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(GK_EXP2_C4));
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(GK_EXP2_C3));
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(GK_EXP2_C2));
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(GK_EXP2_C1));
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(GK_EXP2_C0));
    const __m256i bits = _mm256_sub_epi32(_mm256_castps_si256(shifted), _mm256_set1_epi32(0x4B400000 - 127));
    return _mm256_mul_ps(p, _mm256_castsi256_ps(_mm256_slli_epi32(bits, 23)));
}

/// All bits set in lanes [0, count), clear in the rest; `count` in 0...8.
GK_AVX2 static inline __m256 lane_mask(size_t count) {
    const __m256i index = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    return _mm256_castsi256_ps(_mm256_cmpgt_epi32(_mm256_set1_epi32((int)count), index));
}

GK_AVX2 void gk_gelu_avx2(float *values, size_t n) {
    const __m256 half = _mm256_set1_ps(0.5f), one = _mm256_set1_ps(1.f), root = _mm256_set1_ps(GK_SQRT1_2);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 x = _mm256_loadu_ps(values + i);
        __m256 y = _mm256_mul_ps(_mm256_mul_ps(half, x), _mm256_add_ps(one, erf8(_mm256_mul_ps(x, root))));
        _mm256_storeu_ps(values + i, y);
    }
    for (; i < n; i++) values[i] = 0.5f * values[i] * (1.f + gk_erf(values[i] * GK_SQRT1_2));
}

GK_AVX2 void gk_layer_norm_avx2(float *x, size_t rows, size_t n, const float *gain, const float *bias, float epsilon) {
    for (size_t r = 0; r < rows; r++) {
        float *row = x + r * n;
        __m256 a = _mm256_setzero_ps(), b = _mm256_setzero_ps();
        size_t j = 0;
        for (; j + 16 <= n; j += 16) {
            a = _mm256_add_ps(a, _mm256_loadu_ps(row + j));
            b = _mm256_add_ps(b, _mm256_loadu_ps(row + j + 8));
        }
        float sum = hsum8(_mm256_add_ps(a, b));
        for (; j < n; j++) sum += row[j];
        const float mean = sum / (float)n;
        const __m256 m = _mm256_set1_ps(mean);
        a = _mm256_setzero_ps(); b = _mm256_setzero_ps();
        for (j = 0; j + 16 <= n; j += 16) {
            __m256 d0 = _mm256_sub_ps(_mm256_loadu_ps(row + j), m), d1 = _mm256_sub_ps(_mm256_loadu_ps(row + j + 8), m);
            a = _mm256_fmadd_ps(d0, d0, a);
            b = _mm256_fmadd_ps(d1, d1, b);
        }
        float deviations = hsum8(_mm256_add_ps(a, b));
        for (; j < n; j++) { float d = row[j] - mean; deviations += d * d; }
        const float inv = 1.f / sqrtf(deviations / (float)n + epsilon);
        const __m256 s = _mm256_set1_ps(inv);
        for (j = 0; j + 8 <= n; j += 8) {
            __m256 d = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(row + j), m), s);
            _mm256_storeu_ps(row + j, _mm256_fmadd_ps(d, _mm256_loadu_ps(gain + j), _mm256_loadu_ps(bias + j)));
        }
        for (; j < n; j++) row[j] = (row[j] - mean) * inv * gain[j] + bias[j];
    }
}

/// Query rows per attention block: 6 rows × 16 columns make twelve accumulators, enough to hide
/// the FMA latency.
enum { QUERY_ROWS = 6 };

/// Scores of `QUERY_ROWS` query rows against every key of one head: `scores[r·padded + j]` =
/// q_r · k_j with the keys held transposed (and pre-scaled) in `keys[d·padded + j]`. Also the
/// running maximum of each row over its first `length` scores (the padding columns left out), in
/// eight lanes of `best[r]`, so the softmax needs no pass of its own to find it.
GK_AVX2 static inline void score_rows(const float *const q[QUERY_ROWS], const float *keys, size_t length, size_t padded,
                                      size_t head_size, float *scores, __m256 best[QUERY_ROWS]) {
    const __m256 none = _mm256_set1_ps(-INFINITY);
    for (int r = 0; r < QUERY_ROWS; r++) best[r] = none;
    for (size_t j = 0; j < padded; j += 16) {
        __m256 acc[QUERY_ROWS][2];
        for (int r = 0; r < QUERY_ROWS; r++) acc[r][0] = acc[r][1] = _mm256_setzero_ps();
        const float *k = keys + j;
        for (size_t d = 0; d < head_size; d++, k += padded) {
            const __m256 k0 = _mm256_load_ps(k), k1 = _mm256_load_ps(k + 8);
            for (int r = 0; r < QUERY_ROWS; r++) {
                const __m256 x = _mm256_broadcast_ss(q[r] + d);
                acc[r][0] = _mm256_fmadd_ps(x, k0, acc[r][0]);
                acc[r][1] = _mm256_fmadd_ps(x, k1, acc[r][1]);
            }
        }
        for (int r = 0; r < QUERY_ROWS; r++) {
            _mm256_store_ps(scores + r * padded + j, acc[r][0]);
            _mm256_store_ps(scores + r * padded + j + 8, acc[r][1]);
        }
        if (j + 16 > length) {              // the last block: padding columns must not count
            const size_t live = length - j;
            const __m256 m0 = lane_mask(live < 8 ? live : 8), m1 = lane_mask(live > 8 ? live - 8 : 0);
            for (int r = 0; r < QUERY_ROWS; r++) {
                acc[r][0] = _mm256_blendv_ps(none, acc[r][0], m0);
                acc[r][1] = _mm256_blendv_ps(none, acc[r][1], m1);
            }
        }
        for (int r = 0; r < QUERY_ROWS; r++) best[r] = _mm256_max_ps(best[r], _mm256_max_ps(acc[r][0], acc[r][1]));
    }
}

/// e^(s − top) of eight scores stored over them and added to `total`; lanes outside `keep` give 0.
GK_AVX2 static inline void exp_in_place(float *scores, __m256 top, __m256 keep, __m256 *total) {
    const __m256 e = _mm256_and_ps(exp_nonpositive8(_mm256_sub_ps(_mm256_load_ps(scores), top)), keep);
    _mm256_store_ps(scores, e);
    *total = _mm256_add_ps(*total, e);
}

/// Softmax of the `QUERY_ROWS` score rows over their first `length` columns, left unnormalised in
/// place (e^(s − max)); `inv[r]` = 1 / row r's sum. The rows run side by side, six independent
/// chains of the exponential's polynomial. Columns past `length` are not read.
GK_AVX2 static inline void softmax_rows(float *scores, size_t padded, size_t length, const __m256 best[QUERY_ROWS],
                                        float inv[QUERY_ROWS]) {
    __m256 top[QUERY_ROWS], total[QUERY_ROWS];
    for (int r = 0; r < QUERY_ROWS; r++) { top[r] = _mm256_set1_ps(hmax8(best[r])); total[r] = _mm256_setzero_ps(); }
    for (size_t j = 0; j < length; j += 8) {
        const __m256 keep = lane_mask(length - j < 8 ? length - j : 8);
        for (int r = 0; r < QUERY_ROWS; r++) exp_in_place(scores + r * padded + j, top[r], keep, &total[r]);
    }
    for (int r = 0; r < QUERY_ROWS; r++) inv[r] = 1.f / hsum8(total[r]);
}

/// 16 floats of the context of `QUERY_ROWS` rows: out_r = Σ_j p_r[j] · v_j · inv_r, where `p` are
/// the rows' softmax weights and v_j = `values + j·stride`.
GK_AVX2 static inline void context_rows(const float *const p[QUERY_ROWS], const float inv[QUERY_ROWS],
                                        const float *values, size_t stride, size_t length, float *const out[QUERY_ROWS]) {
    __m256 acc[QUERY_ROWS][2];
    for (int r = 0; r < QUERY_ROWS; r++) acc[r][0] = acc[r][1] = _mm256_setzero_ps();
    const float *v = values;
    for (size_t j = 0; j < length; j++, v += stride) {
        const __m256 v0 = _mm256_loadu_ps(v), v1 = _mm256_loadu_ps(v + 8);
        for (int r = 0; r < QUERY_ROWS; r++) {
            const __m256 x = _mm256_broadcast_ss(p[r] + j);
            acc[r][0] = _mm256_fmadd_ps(x, v0, acc[r][0]);
            acc[r][1] = _mm256_fmadd_ps(x, v1, acc[r][1]);
        }
    }
    // Rows past the end of the sequence repeat its last row; their stores write the same values.
    for (int r = 0; r < QUERY_ROWS; r++) {
        const __m256 s = _mm256_set1_ps(inv[r]);
        _mm256_storeu_ps(out[r], _mm256_mul_ps(acc[r][0], s));
        _mm256_storeu_ps(out[r] + 8, _mm256_mul_ps(acc[r][1], s));
    }
}

/// An 8×8 block of floats transposed in registers.
GK_AVX2 static inline void transpose8(__m256 r[8]) {
    __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
    __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
    __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
    __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
    __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
    __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    r[0] = _mm256_permute2f128_ps(u0, u4, 0x20); r[1] = _mm256_permute2f128_ps(u1, u5, 0x20);
    r[2] = _mm256_permute2f128_ps(u2, u6, 0x20); r[3] = _mm256_permute2f128_ps(u3, u7, 0x20);
    r[4] = _mm256_permute2f128_ps(u0, u4, 0x31); r[5] = _mm256_permute2f128_ps(u1, u5, 0x31);
    r[6] = _mm256_permute2f128_ps(u2, u6, 0x31); r[7] = _mm256_permute2f128_ps(u3, u7, 0x31);
}

/// One head's keys (`keys_in + j·stride`, `length` rows of `head_size`), scaled and transposed
/// into `keys[d·padded + j]`; padding columns are zero. 8×8 blocks go through registers.
GK_AVX2 void gk_transpose_keys_avx2(const float *keys_in, size_t stride, size_t length, size_t padded,
                                    size_t head_size, float scale, float *keys) {
    const __m256 s = _mm256_set1_ps(scale);
    size_t j = 0;
    for (; j + 8 <= length; j += 8) {
        for (size_t d = 0; d < head_size; d += 8) {
            __m256 r[8];
            for (int t = 0; t < 8; t++) r[t] = _mm256_mul_ps(_mm256_loadu_ps(keys_in + (j + t) * stride + d), s);
            transpose8(r);
            for (int t = 0; t < 8; t++) _mm256_store_ps(keys + (d + t) * padded + j, r[t]);
        }
    }
    for (; j < padded; j++) {
        for (size_t d = 0; d < head_size; d++) keys[d * padded + j] = j < length ? keys_in[j * stride + d] * scale : 0.f;
    }
}

GK_AVX2 void gk_attention_avx2(const float *qkv, size_t qkv_stride, size_t length, size_t heads, size_t head_size,
                               float *context, size_t context_stride, float *scratch) {
    if (length == 0) return;
    const size_t hidden = heads * head_size, padded = gk_padded_length(length);
    const float scale = 1.f / sqrtf((float)head_size);
    float *keys = scratch, *scores = scratch + head_size * padded;
    for (size_t h = 0; h < heads; h++) {
        gk_transpose_keys_avx2(qkv + hidden + h * head_size, qkv_stride, length, padded, head_size, scale, keys);
        const float *values = qkv + 2 * hidden + h * head_size;
        for (size_t i = 0; i < length; i += QUERY_ROWS) {
            // A last block of fewer rows repeats its last row; the repeats compute the same values.
            const size_t rows = length - i < QUERY_ROWS ? length - i : QUERY_ROWS;
            const float *q[QUERY_ROWS], *p[QUERY_ROWS];
            float inv[QUERY_ROWS], *out[QUERY_ROWS];
            __m256 best[QUERY_ROWS];
            for (size_t r = 0; r < QUERY_ROWS; r++) {
                const size_t row = r < rows ? r : rows - 1;
                q[r] = qkv + (i + row) * qkv_stride + h * head_size;
                p[r] = scores + r * padded;
            }
            score_rows(q, keys, length, padded, head_size, scores, best);
            softmax_rows(scores, padded, length, best, inv);
            for (size_t d = 0; d < head_size; d += 16) {
                for (size_t r = 0; r < QUERY_ROWS; r++) out[r] = context + (i + (r < rows ? r : rows - 1)) * context_stride + h * head_size + d;
                context_rows(p, inv, values + d, qkv_stride, length, out);
            }
        }
    }
}
#endif
