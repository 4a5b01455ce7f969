// AVX-512F forms of the encoder's elementwise kernels (GELU, LayerNorm); `Dispatch.c` calls them
// only on CPUs with AVX-512 (chosen at run time). Same polynomials as the AVX2 forms, sixteen lanes
// at a time, tails under a mask. Written for this project.
#if defined(__x86_64__)
#include "CKernels.h"
#include "Internal.h"
#include <immintrin.h>
#include <math.h>

#define GK_AVX512 __attribute__((target("avx512f")))


GK_AVX512 static inline __m512 erf16(__m512 x) {
    __m512 c = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(-4.f)), _mm512_set1_ps(4.f));
    __m512 x2 = _mm512_mul_ps(c, c);
    __m512 num = _mm512_set1_ps(GK_ERF_P5);
    num = _mm512_fmadd_ps(num, x2, _mm512_set1_ps(GK_ERF_P4));
    num = _mm512_fmadd_ps(num, x2, _mm512_set1_ps(GK_ERF_P3));
    num = _mm512_fmadd_ps(num, x2, _mm512_set1_ps(GK_ERF_P2));
    num = _mm512_fmadd_ps(num, x2, _mm512_set1_ps(GK_ERF_P1));
    num = _mm512_fmadd_ps(num, x2, _mm512_set1_ps(GK_ERF_P0));
    __m512 den = _mm512_set1_ps(GK_ERF_Q6);
    den = _mm512_fmadd_ps(den, x2, _mm512_set1_ps(GK_ERF_Q5));
    den = _mm512_fmadd_ps(den, x2, _mm512_set1_ps(GK_ERF_Q4));
    den = _mm512_fmadd_ps(den, x2, _mm512_set1_ps(GK_ERF_Q3));
    den = _mm512_fmadd_ps(den, x2, _mm512_set1_ps(GK_ERF_Q2));
    den = _mm512_fmadd_ps(den, x2, _mm512_set1_ps(GK_ERF_Q1));
    den = _mm512_fmadd_ps(den, x2, _mm512_set1_ps(GK_ERF_Q0));
    return _mm512_div_ps(_mm512_mul_ps(c, num), den);
}

GK_AVX512 void gk_gelu_avx512(float *values, size_t n) {
    const __m512 half = _mm512_set1_ps(0.5f), one = _mm512_set1_ps(1.f), root = _mm512_set1_ps(GK_SQRT1_2);
    for (size_t i = 0; i < n; i += 16) {
        const __mmask16 m = gk_first_lanes(n - i);
        __m512 x = _mm512_maskz_loadu_ps(m, values + i);
        __m512 y = _mm512_mul_ps(_mm512_mul_ps(half, x), _mm512_add_ps(one, erf16(_mm512_mul_ps(x, root))));
        _mm512_mask_storeu_ps(values + i, m, y);
    }
}

GK_AVX512 void gk_layer_norm_avx512(float *x, size_t rows, size_t n, const float *gain, const float *bias,
                                    float epsilon) {
    for (size_t r = 0; r < rows; r++) {
        float *row = x + r * n;
        __m512 a = _mm512_setzero_ps(), b = _mm512_setzero_ps();
        size_t j = 0;
        for (; j + 32 <= n; j += 32) {
            a = _mm512_add_ps(a, _mm512_loadu_ps(row + j));
            b = _mm512_add_ps(b, _mm512_loadu_ps(row + j + 16));
        }
        for (; j < n; j += 16) a = _mm512_add_ps(a, _mm512_maskz_loadu_ps(gk_first_lanes(n - j), row + j));
        const float mean = _mm512_reduce_add_ps(_mm512_add_ps(a, b)) / (float)n;
        const __m512 m = _mm512_set1_ps(mean);
        a = _mm512_setzero_ps();
        b = _mm512_setzero_ps();
        for (j = 0; j + 32 <= n; j += 32) {
            __m512 d0 = _mm512_sub_ps(_mm512_loadu_ps(row + j), m), d1 = _mm512_sub_ps(_mm512_loadu_ps(row + j + 16), m);
            a = _mm512_fmadd_ps(d0, d0, a);
            b = _mm512_fmadd_ps(d1, d1, b);
        }
        for (; j < n; j += 16) {
            const __mmask16 k = gk_first_lanes(n - j);
            __m512 d = _mm512_maskz_sub_ps(k, _mm512_maskz_loadu_ps(k, row + j), m);
            a = _mm512_fmadd_ps(d, d, a);
        }
        const float inv = 1.f / sqrtf(_mm512_reduce_add_ps(_mm512_add_ps(a, b)) / (float)n + epsilon);
        const __m512 s = _mm512_set1_ps(inv);
        for (j = 0; j < n; j += 16) {
            const __mmask16 k = gk_first_lanes(n - j);
            __m512 d = _mm512_mul_ps(_mm512_sub_ps(_mm512_maskz_loadu_ps(k, row + j), m), s);
            __m512 y = _mm512_fmadd_ps(d, _mm512_maskz_loadu_ps(k, gain + j), _mm512_maskz_loadu_ps(k, bias + j));
            _mm512_mask_storeu_ps(row + j, k, y);
        }
    }
}
#endif
