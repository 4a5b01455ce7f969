// Plain C versions: the reference the AVX2 kernels are tested against, and what runs elsewhere.
#include "CKernels.h"
#include "Internal.h"
#include <math.h>
#include <stdint.h>
#include <string.h>

float gk_erf(float x) {
    float c = x < -4.f ? -4.f : (x > 4.f ? 4.f : x);
    float x2 = c * c;
    float num = GK_ERF_P5;
    num = num * x2 + GK_ERF_P4; num = num * x2 + GK_ERF_P3; num = num * x2 + GK_ERF_P2;
    num = num * x2 + GK_ERF_P1; num = num * x2 + GK_ERF_P0;
    float den = GK_ERF_Q6;
    den = den * x2 + GK_ERF_Q5; den = den * x2 + GK_ERF_Q4; den = den * x2 + GK_ERF_Q3;
    den = den * x2 + GK_ERF_Q2; den = den * x2 + GK_ERF_Q1; den = den * x2 + GK_ERF_Q0;
    return c * num / den;
}

// e^x for x <= 0: x = n·ln2 + r with |r| <= ln2/2, e^r by its degree-6 Taylor polynomial
// (relative error below 2e-7), 2^n from the exponent bits. Inputs at or below -87 give 0.
float gk_exp_nonpositive(float x) {
    if (!(x > -87.f)) return 0.f;
    // Adding 1.5·2^23 rounds x/ln2 to the nearest integer n and leaves n in the low mantissa bits.
    float shifted = x * 1.44269504088896341f + 12582912.f;
    float n = shifted - 12582912.f;
    float r = x - n * 0.693145751953125f - n * 1.42860682030941723e-6f;
    float p = 1.f / 720;
    p = p * r + 1.f / 120; p = p * r + 1.f / 24; p = p * r + 1.f / 6; p = p * r + 0.5f; p = p * r + 1; p = p * r + 1;
    uint32_t bits;
    memcpy(&bits, &shifted, 4);
    uint32_t scale_bits = (bits - 0x4B400000u + 127u) << 23;
    float scale;
    memcpy(&scale, &scale_bits, 4);
    return p * scale;
}

void gk_gelu_portable(float *values, size_t n) {
    for (size_t i = 0; i < n; i++) {
        float x = values[i];
        values[i] = 0.5f * x * (1.f + gk_erf(x * GK_SQRT1_2));
    }
}

void gk_layer_norm_portable(float *x, size_t rows, size_t n, const float *gain, const float *bias, float epsilon) {
    for (size_t r = 0; r < rows; r++) {
        float *row = x + r * n;
        float sum = 0;
        for (size_t j = 0; j < n; j++) sum += row[j];
        float mean = sum / (float)n, deviations = 0;
        for (size_t j = 0; j < n; j++) { float d = row[j] - mean; deviations += d * d; }
        float inv = 1.f / sqrtf(deviations / (float)n + epsilon);
        for (size_t j = 0; j < n; j++) row[j] = (row[j] - mean) * inv * gain[j] + bias[j];
    }
}

void gk_attention_portable(const float *qkv, size_t qkv_stride, size_t length, size_t heads, size_t head_size,
                           float *context, size_t context_stride, float *scratch) {
    const size_t hidden = heads * head_size;
    const float scale = 1.f / sqrtf((float)head_size);
    float *scores = scratch;
    for (size_t h = 0; h < heads; h++) {
        for (size_t i = 0; i < length; i++) {
            const float *q = qkv + i * qkv_stride + h * head_size;
            float best = -INFINITY;
            for (size_t j = 0; j < length; j++) {
                const float *k = qkv + j * qkv_stride + hidden + h * head_size;
                float s = 0;
                for (size_t d = 0; d < head_size; d++) s += q[d] * k[d];
                scores[j] = s * scale;
                if (scores[j] > best) best = scores[j];
            }
            float total = 0;
            for (size_t j = 0; j < length; j++) { scores[j] = gk_exp_nonpositive(scores[j] - best); total += scores[j]; }
            float inv = 1.f / total;
            float *out = context + i * context_stride + h * head_size;
            for (size_t d = 0; d < head_size; d++) out[d] = 0;
            for (size_t j = 0; j < length; j++) {
                const float *v = qkv + j * qkv_stride + 2 * hidden + h * head_size;
                float p = scores[j] * inv;
                for (size_t d = 0; d < head_size; d++) out[d] += p * v[d];
            }
        }
    }
}
