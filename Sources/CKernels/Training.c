// The portable forms and the dispatch of the training kernels; see TrainingKernels.h.
#include "CKernels.h"
#include <math.h>

// Each product and sum rounded on its own, on every target (a fused multiply-add would change the
// result): the vector versions and the Swift loops these replace round the same way.
#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
void gk_adagrad_step_avx2(float *weights, float *sums, const float *gradient, size_t n, float value, float l2,
                          float rate);
void gk_adagrad_step_avx512(float *weights, float *sums, const float *gradient, size_t n, float value, float l2,
                            float rate);
void gk_scaled_add_avx2(float *out, const float *row, size_t n, float value);
void gk_scaled_add_avx512(float *out, const float *row, size_t n, float value);
#endif

void gk_adagrad_step_portable(float *weights, float *sums, const float *gradient, size_t n, float value, float l2,
                              float rate) {
    for (size_t c = 0; c < n; c++) {
        const float step = value * gradient[c] + l2 * weights[c];
        sums[c] += step * step;
        weights[c] -= rate * step / sqrtf(sums[c]);
    }
}

void gk_scaled_add_portable(float *out, const float *row, size_t n, float value) {
    for (size_t c = 0; c < n; c++) out[c] += value * row[c];
}

void gk_adagrad_step_at(int level, float *weights, float *sums, const float *gradient, size_t n, float value,
                        float l2, float rate) {
    if (level > gk_level()) level = gk_level();
#if defined(__x86_64__)
    if (level >= GK_LEVEL_AVX512) { gk_adagrad_step_avx512(weights, sums, gradient, n, value, l2, rate); return; }
    if (level >= GK_LEVEL_AVX2) { gk_adagrad_step_avx2(weights, sums, gradient, n, value, l2, rate); return; }
#endif
    gk_adagrad_step_portable(weights, sums, gradient, n, value, l2, rate);
}

void gk_adagrad_step(float *weights, float *sums, const float *gradient, size_t n, float value, float l2, float rate) {
    gk_adagrad_step_at(gk_level(), weights, sums, gradient, n, value, l2, rate);
}

void gk_scaled_add_at(int level, float *out, const float *row, size_t n, float value) {
    if (level > gk_level()) level = gk_level();
#if defined(__x86_64__)
    if (level >= GK_LEVEL_AVX512) { gk_scaled_add_avx512(out, row, n, value); return; }
    if (level >= GK_LEVEL_AVX2) { gk_scaled_add_avx2(out, row, n, value); return; }
#endif
    gk_scaled_add_portable(out, row, n, value);
}

void gk_scaled_add(float *out, const float *row, size_t n, float value) {
    gk_scaled_add_at(gk_level(), out, row, n, value);
}
