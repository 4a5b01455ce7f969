// The portable forms and the dispatch of the training kernels; see TrainingKernels.h.
#include "CKernels.h"
#include <math.h>
#include <stdatomic.h>

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

typedef void (*adagrad_fn)(float *, float *, const float *, size_t, float, float, float);
typedef void (*scaled_add_fn)(float *, const float *, size_t, float);

static adagrad_fn adagrad_for(int level) {
#if defined(__x86_64__)
    if (level >= GK_LEVEL_AVX512) return gk_adagrad_step_avx512;
    if (level >= GK_LEVEL_AVX2) return gk_adagrad_step_avx2;
#endif
    (void)level;
    return gk_adagrad_step_portable;
}

static scaled_add_fn scaled_add_for(int level) {
#if defined(__x86_64__)
    if (level >= GK_LEVEL_AVX512) return gk_scaled_add_avx512;
    if (level >= GK_LEVEL_AVX2) return gk_scaled_add_avx2;
#endif
    (void)level;
    return gk_scaled_add_portable;
}

static int capped(int level) { return level > gk_level() ? gk_level() : level; }

// Resolved on first use; racing first calls store the same pointer.
static _Atomic(adagrad_fn) chosen_adagrad;
static _Atomic(scaled_add_fn) chosen_scaled_add;

void gk_adagrad_step(float *weights, float *sums, const float *gradient, size_t n, float value, float l2, float rate) {
    adagrad_fn f = atomic_load_explicit(&chosen_adagrad, memory_order_relaxed);
    if (!f) {
        f = adagrad_for(gk_level());
        atomic_store_explicit(&chosen_adagrad, f, memory_order_relaxed);
    }
    f(weights, sums, gradient, n, value, l2, rate);
}

void gk_scaled_add(float *out, const float *row, size_t n, float value) {
    scaled_add_fn f = atomic_load_explicit(&chosen_scaled_add, memory_order_relaxed);
    if (!f) {
        f = scaled_add_for(gk_level());
        atomic_store_explicit(&chosen_scaled_add, f, memory_order_relaxed);
    }
    f(out, row, n, value);
}

void gk_adagrad_step_at(int level, float *weights, float *sums, const float *gradient, size_t n, float value,
                        float l2, float rate) {
    adagrad_for(capped(level))(weights, sums, gradient, n, value, l2, rate);
}

void gk_scaled_add_at(int level, float *out, const float *row, size_t n, float value) {
    scaled_add_for(capped(level))(out, row, n, value);
}
