// Kernels of the intent classifier's training: the AdaGrad update of one feature's weight row and
// the scaled row sum behind a sparse example's class scores. Written for this project.
//
// Every operation is rounded as written, with no fused multiply-add, and lanes do not mix, so the
// portable, AVX2 and AVX-512 versions give the same floats bit for bit (and the same as the scalar
// Swift loops they replace).
#ifndef GROUNDED_TRAINING_KERNELS_H
#define GROUNDED_TRAINING_KERNELS_H

#include <stddef.h>

/// One AdaGrad step on `n` weights of a feature with value `value`, for c in 0..<n:
/// `step = value·gradient[c] + l2·weights[c]`, `sums[c] += step·step`,
/// `weights[c] −= rate·step / √sums[c]`. `weights` and `sums` must not overlap `gradient`.
void gk_adagrad_step(float *weights, float *sums, const float *gradient, size_t n, float value, float l2, float rate);
void gk_adagrad_step_portable(float *weights, float *sums, const float *gradient, size_t n, float value, float l2,
                              float rate);

/// `out[c] += value·row[c]` for c in 0..<n (the product rounded, then the sum).
void gk_scaled_add(float *out, const float *row, size_t n, float value);
void gk_scaled_add_portable(float *out, const float *row, size_t n, float value);

/// The same at a chosen level (`GK_LEVEL_*`, lowered to `gk_level()` when above it), so each level
/// is tested against the portable twin.
void gk_adagrad_step_at(int level, float *weights, float *sums, const float *gradient, size_t n, float value,
                        float l2, float rate);
void gk_scaled_add_at(int level, float *out, const float *row, size_t n, float value);

#endif
