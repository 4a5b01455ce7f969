// Numeric kernels of the encoder, written for this project in C so that one binary can carry AVX2 +
// FMA versions (and AVX-512 ones for some) beside portable ones and pick at run time (Swift has no
// per-function target attributes). Every function with a `_portable` twin (or an `_at` form that
// takes the level) dispatches on the CPU it runs on; the twins are exported so tests can check
// each version against a double-precision reference.
//
// Thread safety: all functions are pure over their arguments; call them from any thread.
#ifndef GROUNDED_CKERNELS_H
#define GROUNDED_CKERNELS_H

#include <stddef.h>
#include "VectorKernels.h"
#include "Int8Kernels.h"
#include "TrainingKernels.h"

/// The instruction sets a kernel may use, from none beyond C to AVX-512F.
#define GK_LEVEL_PORTABLE 0
#define GK_LEVEL_AVX2 1
#define GK_LEVEL_AVX512 2

/// The highest level this CPU runs (AVX2 + FMA for GK_LEVEL_AVX2).
int gk_cpu_level(void);

/// The level the dispatched kernels use: `gk_cpu_level()`, lowered by the environment variable
/// GROUNDED_KERNELS=avx2 or =portable (read once, at the first call).
int gk_level(void);

/// 1 when the AVX2 + FMA versions are in use on this CPU (`gk_level() >= GK_LEVEL_AVX2`), else 0.
int gk_has_avx2_fma(void);

/// GELU (exact form, x/2·(1 + erf(x/√2))) of `n` floats, in place. erf is a rational
/// approximation with maximum error 3.8e-7 in float32.
void gk_gelu(float *values, size_t n);
void gk_gelu_portable(float *values, size_t n);

/// LayerNorm of `rows` rows of width `n` (row stride `n`), in place:
/// (x − mean) / sqrt(variance + epsilon) · gain + bias.
void gk_layer_norm(float *x, size_t rows, size_t n, const float *gain, const float *bias, float epsilon);
void gk_layer_norm_portable(float *x, size_t rows, size_t n, const float *gain, const float *bias, float epsilon);
/// GELU and LayerNorm with the kernels of `level` (`GK_LEVEL_*`, lowered to `gk_level()` when
/// above it), so each level is tested against the portable twin.
void gk_gelu_at(int level, float *values, size_t n);
void gk_layer_norm_at(int level, float *x, size_t rows, size_t n, const float *gain, const float *bias,
                      float epsilon);

/// Bytes of scratch `gk_attention` needs for a sequence of `length` tokens and heads of
/// `head_size` floats.
size_t gk_attention_scratch_bytes(size_t length, size_t head_size);

/// Scaled dot-product self-attention of one sequence, every head.
///
/// Token `t`'s query, key and value for head `h` are the `head_size` floats at
/// `qkv + t·qkv_stride + h·head_size`, `+ hidden` and `+ 2·hidden` (hidden = heads · head_size).
/// Writes head `h`'s context of token `t` at `context + t·context_stride + h·head_size`.
/// `scratch` holds at least `gk_attention_scratch_bytes(length, head_size)` bytes, 64-byte aligned.
void gk_attention(const float *qkv, size_t qkv_stride, size_t length, size_t heads, size_t head_size,
                  float *context, size_t context_stride, float *scratch);
void gk_attention_portable(const float *qkv, size_t qkv_stride, size_t length, size_t heads, size_t head_size,
                           float *context, size_t context_stride, float *scratch);
/// `gk_attention` with the kernel of `level` (lowered to `gk_level()` when above it): AVX-512 and
/// AVX2 for heads of a multiple of 16 floats, else portable.
void gk_attention_at(int level, const float *qkv, size_t qkv_stride, size_t length, size_t heads, size_t head_size,
                     float *context, size_t context_stride, float *scratch);

/// Floats in the packed form of a `k × n` matrix: `n / 16` panels of `k × 16`, `n` a multiple of 16.
size_t gk_packed_count(size_t k, size_t n);

/// Packs the `k × n` matrix B into panels for `gk_gemm_packed`. B is row-major `k × n`, or, when
/// `transposed` is non-zero, row-major `n × k` (its transpose). `n` must be a multiple of 16.
void gk_pack(const float *b, size_t k, size_t n, int transposed, float *packed);

/// C += A · B for the columns of panels `[panel_begin, panel_end)` (16 columns each), with B
/// packed by `gk_pack`. A is row-major `m × k` (row stride `lda`), C row-major (row stride `ldc`).
/// Disjoint panel ranges write disjoint columns, so threads may split the panels between them.
/// With AVX-512 it runs at 205-250 GFLOP/s on a Zen 5 core at every row count (2× OpenBLAS
/// 0.3.21's AVX2 kernels, level with its AVX-512 ones at 4,128 rows). The AVX2 version is fast where
/// few rows make a BLAS call spend its time packing: 1.5× OpenBLAS at 22 rows, even at 96, behind
/// from about 192 (measured on an AVX2-only core).
void gk_gemm_packed(const float *a, size_t lda, size_t m, size_t k, const float *packed, size_t n, float *c,
                    size_t ldc, size_t panel_begin, size_t panel_end);
/// `gk_gemm_packed` with the kernel of `level` (lowered to `gk_level()` when above it).
void gk_gemm_packed_at(int level, const float *a, size_t lda, size_t m, size_t k, const float *packed, size_t n,
                       float *c, size_t ldc, size_t panel_begin, size_t panel_end);
void gk_gemm_packed_portable(const float *a, size_t lda, size_t m, size_t k, const float *packed, size_t n, float *c,
                             size_t ldc, size_t panel_begin, size_t panel_end);

/// Runs `function(context, 0)` on the calling thread and `function(context, 1)` on a helper thread
/// at once, and returns when both are done. The helper hands over in about a microsecond (it spins
/// briefly between jobs, then sleeps). When another caller is using the helper, both parts run on
/// the calling thread, one after the other. The parts must touch disjoint data.
void gk_run_split(void (*function)(void *context, size_t part), void *context);

#endif
