// Row-wise kernels for the encoder (Tensor, Transformers).
// Our own C, not a library: Swift compiles its SIMD types for baseline x86-64 (SSE) and cannot
// reach the AVX-512 intrinsics. Each routine checks the CPU once and otherwise runs a portable
// loop; Tensor keeps a float64 twin of each (Kernels+Naive.swift) that the tests compare with.
#ifndef CTENSORKERNELS_H
#define CTENSORKERNELS_H
#include <stddef.h>

/// 1 if the AVX-512 (F, DQ, BW, VL) paths run on this thread, else 0.
int ctk_avx512_active(void);

/// Nonzero: this thread runs the portable paths even on an AVX-512 CPU (tests); 0: the CPU decides.
void ctk_force_portable(int on);

/// out[i] = e^x[i] within 2 ulp (normal results; subnormal ones within one subnormal step), 0 below
/// -104 and for -inf, inf above 88.8, on both paths.
void ctk_exp(const float *x, float *out, size_t count);

/// out[i] = erf(x[i]), within 4 ulp on both paths (two polynomial fits, |x| above or below 0.875).
void ctk_erf(const float *x, float *out, size_t count);

/// Softmax of each row of x [rows, cols] over its first `valid` columns (1 <= valid <= cols), in
/// place; the columns past `valid` become 0.
void ctk_softmax_rows(float *x, size_t rows, size_t cols, size_t valid);

/// GELU with the exact error function, in place: x = 0.5 x (1 + erf(x / sqrt 2)).
void ctk_gelu_erf(float *x, size_t count);

/// LayerNorm of each row of x [rows, cols] in place: (x - mean) / sqrt(var + eps) * gamma + beta,
/// biased variance (two passes).
void ctk_layer_norm(float *x, size_t rows, size_t cols, const float *gamma, const float *beta, float eps);

#endif
