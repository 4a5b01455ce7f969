// AVX2 forms of the training kernels: eight lanes, the portable forms taking the tail. Multiplies
// and adds stay separate, as in the portable form. Written for this project.
#if defined(__x86_64__)
#include "TrainingKernels.h"
#include <immintrin.h>

#pragma STDC FP_CONTRACT OFF
#define GK_AVX2 __attribute__((target("avx2")))

GK_AVX2 void gk_adagrad_step_avx2(float *weights, float *sums, const float *gradient, size_t n, float value, float l2,
                                  float rate) {
    const __m256 v = _mm256_set1_ps(value), decay = _mm256_set1_ps(l2), r = _mm256_set1_ps(rate);
    size_t c = 0;
    for (; c + 8 <= n; c += 8) {
        const __m256 w = _mm256_loadu_ps(weights + c);
        const __m256 step = _mm256_add_ps(_mm256_mul_ps(v, _mm256_loadu_ps(gradient + c)), _mm256_mul_ps(decay, w));
        const __m256 s = _mm256_add_ps(_mm256_loadu_ps(sums + c), _mm256_mul_ps(step, step));
        _mm256_storeu_ps(sums + c, s);
        _mm256_storeu_ps(weights + c, _mm256_sub_ps(w, _mm256_div_ps(_mm256_mul_ps(r, step), _mm256_sqrt_ps(s))));
    }
    gk_adagrad_step_portable(weights + c, sums + c, gradient + c, n - c, value, l2, rate);
}

GK_AVX2 void gk_scaled_add_avx2(float *out, const float *row, size_t n, float value) {
    const __m256 v = _mm256_set1_ps(value);
    size_t c = 0;
    for (; c + 8 <= n; c += 8)
        _mm256_storeu_ps(out + c, _mm256_add_ps(_mm256_loadu_ps(out + c), _mm256_mul_ps(v, _mm256_loadu_ps(row + c))));
    gk_scaled_add_portable(out + c, row + c, n - c, value);
}
#endif
