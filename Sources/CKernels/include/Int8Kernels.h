// The encoder's int8 matrix product: weights quantized once per output column (symmetric, int8),
// activations per row as they arrive (asymmetric, uint8), products summed exactly in int32 and
// scaled back to float. Written for this project.
//
// Every version computes the same integers and then the same float operations in the same order
// (one rounding for the scale product, one fused multiply-add onto C), so the portable, the AVX2
// and the AVX-512 VNNI versions give bit-identical results, on any CPU.
#ifndef GROUNDED_INT8_KERNELS_H
#define GROUNDED_INT8_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// 1 when the CPU has AVX-512 VNNI (`vpdpbusd`) and `gk_level()` allows AVX-512, else 0: where
/// `gk_q8_gemm` runs the VNNI version. Elsewhere it runs the AVX2 one (16-bit products,
/// `vpmaddwd`) at GK_LEVEL_AVX2 and up, or the portable one (exact, but slower than the float
/// product).
int gk_q8_has_vnni(void);

/// Bytes of the int8 panels of a `k × n` matrix (`k` a multiple of 4, `n` of 16).
size_t gk_q8_packed_bytes(size_t k, size_t n);

/// Quantizes the `k × n` matrix B per column, symmetric: `scales[j] = max|B[·, j]| / 127` and code
/// `round(B[i, j] / scales[j])`, and packs the codes in panels of 16 columns, four rows of a column
/// adjacent (the operand order of `vpdpbusd`). `sums[j]` is the sum of column j's codes. B is
/// row-major `k × n`, or `n × k` when `transposed` is non-zero. A zero column gets scale 1.
void gk_q8_pack(const float *b, size_t k, size_t n, int transposed, int8_t *packed, float *scales, int32_t *sums);

/// Quantizes `m` rows of A (row stride `lda`, `k` floats each) to uint8, asymmetric per row: with
/// `lo = min(0, min row)` and `hi = max(0, max row)`, `scales[r] = (hi − lo) / 255` and
/// `zeros[r] = round(−lo / scales[r])`, and code `clamp(round(x / scales[r]) + zeros[r], 0, 255)`
/// (rounding to nearest even, the division done as a product by the rounded reciprocal). Writes
/// the codes densely, `k` per row, into `codes`.
void gk_q8_quantize_rows(const float *a, size_t lda, size_t m, size_t k, uint8_t *codes, float *scales,
                         int32_t *zeros);
void gk_q8_quantize_rows_at(int level, const float *a, size_t lda, size_t m, size_t k, uint8_t *codes, float *scales,
                            int32_t *zeros);

/// C += A · B for the columns of panels `[panel_begin, panel_end)`, where A is `m × k` codes from
/// `gk_q8_quantize_rows` and B panels from `gk_q8_pack`: for each (r, j), the exact sum
/// `s = Σ codes_A[r, i] · codes_B[i, j] − zeros[r] · sums[j]`, then
/// `C[r, j] = fma(float(s), a_scales[r] · b_scales[j], C[r, j])`. `k` must be a multiple of 4 and
/// at most 16,384 (the int32 sums cannot overflow). Disjoint panel ranges write disjoint columns.
void gk_q8_gemm(const uint8_t *codes, size_t m, size_t k, const float *a_scales, const int32_t *zeros,
                const int8_t *packed, size_t n, const float *b_scales, const int32_t *sums, float *c, size_t ldc,
                size_t panel_begin, size_t panel_end);
/// `gk_q8_gemm` with the version of `level` (lowered to `gk_level()`): the VNNI one at
/// GK_LEVEL_AVX512 when the CPU has it, else the AVX2 one at GK_LEVEL_AVX2 and up.
void gk_q8_gemm_at(int level, const uint8_t *codes, size_t m, size_t k, const float *a_scales, const int32_t *zeros,
                   const int8_t *packed, size_t n, const float *b_scales, const int32_t *sums, float *c, size_t ldc,
                   size_t panel_begin, size_t panel_end);

#endif
