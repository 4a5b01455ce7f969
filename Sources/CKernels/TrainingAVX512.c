// AVX-512F forms of the training kernels (sixteen lanes; the tail masked). Multiplies and adds stay
// separate, as in the portable form. Written for this project.
#if defined(__x86_64__)
#include "Internal.h"
#include "TrainingKernels.h"
#include <immintrin.h>

#pragma STDC FP_CONTRACT OFF
#define GK_AVX512 __attribute__((target("avx512f")))

GK_AVX512 static inline void adagrad16(float *weights, float *sums, const float *gradient, __mmask16 m, __m512 v,
                                       __m512 decay, __m512 r) {
    const __m512 w = _mm512_maskz_loadu_ps(m, weights);
    const __m512 step = _mm512_add_ps(_mm512_mul_ps(v, _mm512_maskz_loadu_ps(m, gradient)), _mm512_mul_ps(decay, w));
    // Masked-off lanes hold 0 and divide 0 by √1, so they stay finite and are never stored.
    const __m512 s = _mm512_add_ps(_mm512_mask_loadu_ps(_mm512_set1_ps(1), m, sums), _mm512_mul_ps(step, step));
    _mm512_mask_storeu_ps(sums, m, s);
    _mm512_mask_storeu_ps(weights, m, _mm512_sub_ps(w, _mm512_div_ps(_mm512_mul_ps(r, step), _mm512_sqrt_ps(s))));
}

GK_AVX512 void gk_adagrad_step_avx512(float *weights, float *sums, const float *gradient, size_t n, float value,
                                      float l2, float rate) {
    const __m512 v = _mm512_set1_ps(value), decay = _mm512_set1_ps(l2), r = _mm512_set1_ps(rate);
    size_t c = 0;
    for (; c + 16 <= n; c += 16) adagrad16(weights + c, sums + c, gradient + c, 0xFFFF, v, decay, r);
    if (c < n) adagrad16(weights + c, sums + c, gradient + c, gk_first_lanes(n - c), v, decay, r);
}

GK_AVX512 void gk_scaled_add_avx512(float *out, const float *row, size_t n, float value) {
    const __m512 v = _mm512_set1_ps(value);
    size_t c = 0;
    for (; c + 16 <= n; c += 16)
        _mm512_storeu_ps(out + c, _mm512_add_ps(_mm512_loadu_ps(out + c), _mm512_mul_ps(v, _mm512_loadu_ps(row + c))));
    if (c < n) {
        const __mmask16 m = gk_first_lanes(n - c);
        const __m512 product = _mm512_mul_ps(v, _mm512_maskz_loadu_ps(m, row + c));
        _mm512_mask_storeu_ps(out + c, m, _mm512_add_ps(_mm512_maskz_loadu_ps(m, out + c), product));
    }
}
#endif
