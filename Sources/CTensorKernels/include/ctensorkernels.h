// Row-wise kernels, fused attention and the reduced-precision operand conversions for the encoder
// (Tensor, Transformers).
// Our own C, not a library: Swift compiles its SIMD types for baseline x86-64 (SSE) and cannot
// reach the AVX-512 intrinsics. Each routine checks the CPU once and otherwise runs a portable
// loop (attention declines instead: its caller has a BLAS path); Tensor keeps a twin of each
// (Kernels+Naive.swift, BLAS+Precision.swift) that the tests compare with.
#ifndef CTENSORKERNELS_H
#define CTENSORKERNELS_H
#include <stddef.h>
#include <stdint.h>

/// Feature bits of `ctk_cpu_features`: set when the CPU has the instructions and the OS saves
/// their registers (CPUID + XGETBV), whatever the model number.
#define CTK_CPU_AVX2_FMA 0x1u
#define CTK_CPU_AVX512 0x2u       /* F, DQ, BW, VL */
#define CTK_CPU_AVX512_VNNI 0x4u
#define CTK_CPU_AVX512_BF16 0x8u
#define CTK_CPU_AMX_BF16 0x10u
#define CTK_CPU_AMX_INT8 0x20u

/// `JOBMATCH_MAX_ISA` (read once): the widest instruction set every kernel may use, for testing
/// the older paths on a newer CPU. `none` (portable C), `avx2`, `avx512`, `avx512_vnni`, or unset /
/// `native`; anything else is CTK_ISA_UNKNOWN (the CLI refuses it).
#define CTK_ISA_NONE 0
#define CTK_ISA_AVX2 1
#define CTK_ISA_AVX512 2
#define CTK_ISA_AVX512_VNNI 3
#define CTK_ISA_NATIVE 9
#define CTK_ISA_UNKNOWN -2
int ctk_isa_cap(void);

/// The CTK_CPU_* bits of this processor, within `ctk_isa_cap()`.
uint32_t ctk_cpu_features(void);

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

/// GELU's backward pass, in place on dy: dy[i] *= Φ(x) + x φ(x) with x = pre[i] the pre-activation
/// (0.5 (1 + erf(x / sqrt 2)) + x exp(-x² / 2) / sqrt(2 pi)).
void ctk_gelu_erf_backward(const float *pre, float *dy, size_t count);

/// Inverted dropout in place (Swift's `Dropout.apply`): x[i] is kept and multiplied by scale when
/// the top 24 bits of SplitMix64's finaliser of key + i * 0xD6E8FEB86659FD93 are ≥ threshold,
/// and set to 0 otherwise.
void ctk_dropout(float *x, size_t count, uint64_t key, uint64_t threshold, float scale);

/// LayerNorm of each row of x [rows, cols] in place: (x - mean) / sqrt(var + eps) * gamma + beta,
/// biased variance (two passes).
void ctk_layer_norm(float *x, size_t rows, size_t cols, const float *gamma, const float *beta, float eps);

/// x[r, j] += bias[j] for rows x cols values.
void ctk_add_bias(float *x, size_t rows, size_t cols, const float *bias);

/// The tail of a transformer block after its output product, in one sweep per row:
/// x = LayerNorm((x + bias) + res) over rows of cols (x and res [rows, cols]; bias may be NULL:
/// x + res), the same bits as ctk_add_bias, the add and ctk_layer_norm in turn. When out16 is not
/// NULL, the result's bfloat16 bits (as ctk_bf16_rows) go to out16 [rows, cols] too: the next
/// bfloat16 product's input, made while the row is in cache.
void ctk_residual_layer_norm(float *x, size_t rows, size_t cols, const float *bias, const float *res, const float *gamma,
                             const float *beta, float eps, uint16_t *out16);

/// The operand conversions of the reduced-precision linear layers (BLAS.gemm), each equal bit for
/// bit to its Swift twin (BFloat16.bits, BLAS.quantizeRow, the dequantisation formula):
/// dst[i k + p] = bfloat16(a[i lda + p]), round to nearest even, for rows x k values.
void ctk_bf16_rows(const float *a, size_t lda, size_t rows, size_t k, uint16_t *dst);

/// out[i ldo + j] = bfloat16(h[i cols + j] + bias[j]) (rounding as ctk_bf16_rows): a bf16 product's
/// bias added and its result rounded in one pass, for a bfloat16 consumer (the attention's q, k, v).
void ctk_bias_bf16_rows(const float *h, size_t rows, size_t cols, const float *bias, uint16_t *out, size_t ldo);

/// The inference feed-forward's step between its two products when the second is bfloat16:
/// out[i cols + j] = bfloat16(gelu(h[i cols + j] + bias[j])) (rounding as ctk_bf16_rows), in one
/// pass. The GELU is a piecewise cubic of Φ within 1.7e-6 of the exact-erf one (precision.c), far
/// below the bfloat16 rounding that follows; both paths give the same bits.
void ctk_bias_gelu_bf16(const float *h, size_t rows, size_t cols, const float *bias, uint16_t *out);

/// Asymmetric uint8 quantisation of each row of a [rows, k] (stride lda) over its range widened to
/// include 0, entries with |x| > threshold (outliers, computed apart in float32) taken as 0:
/// scale = (hi - lo) / 255 (1 if hi == lo), zp = clamp(rint(-lo / scale), 0, 255),
/// q = clamp(rint(x / scale) + zp, 0, 255) with x / scale computed as x * (1 / scale), so an
/// outlier's code is zp exactly. threshold = INFINITY quantises every entry.
void ctk_quantize_u8_rows(const float *a, size_t lda, size_t rows, size_t k, float threshold, uint8_t *q, float *scale,
                          int32_t *zero);

/// The columns p (ascending, into cols, capacity k) where some row i has |a[i lda + p]| > threshold;
/// returns their count.
size_t ctk_outlier_columns(const float *a, size_t lda, size_t rows, size_t k, float threshold, int32_t *cols);

/// c[i ldc + j] = (scale[i] * wscale[j]) * (float)(acc[i n + j] - zero[i] * colsum[j]), then for
/// u = 0 ..< nout in order with xo[i nout + u] != 0, c = fma(xo[i nout + u], wo[u n + j], c): the outliers' float32 share
/// (xo [rows, nout], wo [nout, n]; nout may be 0, xo and wo then unread).
void ctk_dequantize_rows(const int32_t *acc, size_t rows, size_t n, const float *scale, const int32_t *zero,
                         const float *wscale, const int32_t *colsum, const float *xo, const float *wo, size_t nout, float *c,
                         size_t ldc);

/// Floats of scratch `ctk_attention` and `ctk_attention_bf16` need for sequences of up to `max_len` tokens, head size `dim`.
size_t ctk_attention_scratch(size_t max_len, size_t dim);

/// One (sequence, head) pair of inference attention: ctx = softmax(scale * q k^T) v, with
/// q, k, v [len, dim] (row stride ld) and ctx [len, dim] (row stride ldc). Six query rows at a time:
/// their scores against k^T (transposed once into scratch), softmax, then their share of p v, so
/// the score rows stay in L1. Returns 1 when it ran; 0 (nothing written) when this thread has no
/// AVX-512 path or dim is not a multiple of 16: the caller then runs its own path.
///
/// `next` (may be NULL): the q, k and v (same ld and dim) of the pair this thread runs next, with
/// `next_len` rows; their rows are prefetched into L2 a few per query block, so that the next call
/// does not start on rows still in memory (the projections that wrote them are long done).
int ctk_attention(const float *q, const float *k, const float *v, size_t ld, size_t len, size_t dim, float scale,
                  float *ctx, size_t ldc, float *scratch, const float *const *next, size_t next_len);

/// `ctk_attention` with q, k, v and the probabilities rounded to bfloat16 (round to nearest even)
/// and products accumulated in float32 (AVX-512 BF16 `vdpbf16ps`, two products per lane and
/// instruction); max, exp, sums and the final scaling stay float32. Returns 0 (nothing written)
/// when the CPU lacks AVX-512 BF16, the portable path is forced or dim is not a multiple of 16.
int ctk_attention_bf16(const float *q, const float *k, const float *v, size_t ld, size_t len, size_t dim, float scale,
                       float *ctx, size_t ldc, float *scratch, const float *const *next, size_t next_len);

/// `ctk_attention_bf16` on q, k, v already rounded to bfloat16 (bits, row stride ld; the
/// projections' epilogue made them, so no rounding here and half the bytes to read), writing the
/// context as bfloat16 bits (ctx16, row stride ldc; rounded as ctk_bf16_rows) for the bfloat16
/// product that reads it next. `next`: the next pair's q, k, v bits. Returns 0 (nothing written)
/// where ctk_attention_bf16_available(dim) is 0.
int ctk_attention_bf16_bits(const uint16_t *q, const uint16_t *k, const uint16_t *v, size_t ld, size_t len, size_t dim,
                            float scale, uint16_t *ctx16, size_t ldc, float *scratch, const uint16_t *const *next,
                            size_t next_len);

/// 1 if ctk_attention_bf16 runs on this thread for heads of `dim` (AVX-512 BF16, dim a multiple of 16).
int ctk_attention_bf16_available(size_t dim);
#endif
