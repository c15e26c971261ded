#include "ctensorkernels.h"
#include "portable_math.h"
#include <math.h>
#if defined(__x86_64__)
#include "math512.h"
#define CTK_X86 1
#endif

// ---- dispatch -----------------------------------------------------------------------------------

static _Thread_local int portable_forced;

void ctk_force_portable(int on) { portable_forced = on != 0; }

int ctk_avx512_active(void) {
#if CTK_X86
    static int supported = -1;  // racing first calls compute the same value
    if (supported < 0) {
        __builtin_cpu_init();
        supported = (ctk_cpu_features() & CTK_CPU_AVX512) != 0;  // CPUID's AVX-512 F/DQ/BW/VL, within the cap
    }
    return supported && !portable_forced;
#else
    return 0;
#endif
}

// ---- portable paths -----------------------------------------------------------------------------

static void exp_portable(const float *x, float *out, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = ctk_exp1(x[i]);
}

static void erf_portable(const float *x, float *out, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = ctk_erf1(x[i]);
}

static void softmax_portable(float *x, size_t rows, size_t cols, size_t valid) {
    for (size_t r = 0; r < rows; r++) {
        float *row = x + r * cols;
        float m = row[0];
        for (size_t j = 1; j < valid; j++) m = row[j] > m ? row[j] : m;
        float sum = 0;
        for (size_t j = 0; j < valid; j++) { row[j] = ctk_exp1(row[j] - m); sum += row[j]; }
        float inv = 1.0f / sum;
        for (size_t j = 0; j < valid; j++) row[j] *= inv;
        for (size_t j = valid; j < cols; j++) row[j] = 0;
    }
}

static void gelu_portable(float *x, size_t n) {
    for (size_t i = 0; i < n; i++) x[i] = 0.5f * x[i] * (1.0f + ctk_erf1(x[i] * 0.70710678118654752f));
}

static void gelu_backward_portable(const float *pre, float *dy, size_t n) {
    for (size_t i = 0; i < n; i++) {
        float v = pre[i];
        dy[i] *= 0.5f * (1.0f + ctk_erf1(v * 0.70710678118654752f)) + v * 0.39894228040143268f * ctk_exp1(-0.5f * v * v);
    }
}

static void layer_norm_portable(float *x, size_t rows, size_t cols, const float *g, const float *b, float eps) {
    for (size_t r = 0; r < rows; r++) {
        float *row = x + r * cols;
        float sum = 0, sq = 0;
        for (size_t j = 0; j < cols; j++) sum += row[j];
        float mean = sum / (float)cols;
        for (size_t j = 0; j < cols; j++) { float d = row[j] - mean; sq += d * d; }
        float inv = 1.0f / sqrtf(sq / (float)cols + eps);
        for (size_t j = 0; j < cols; j++) row[j] = (row[j] - mean) * inv * g[j] + b[j];
    }
}

static void add_bias_portable(float *x, size_t rows, size_t cols, const float *bias) {
    for (size_t r = 0; r < rows; r++)
        for (size_t j = 0; j < cols; j++) x[r * cols + j] += bias[j];
}

static void residual_layer_norm_portable(float *x, size_t rows, size_t cols, const float *bias, const float *res,
                                         const float *g, const float *b, float eps, uint16_t *out16) {
    for (size_t r = 0; r < rows; r++) {
        float *row = x + r * cols;
        for (size_t j = 0; j < cols; j++) row[j] = (bias ? row[j] + bias[j] : row[j]) + res[r * cols + j];
    }
    layer_norm_portable(x, rows, cols, g, b, eps);
    if (out16)
        for (size_t i = 0; i < rows * cols; i++) out16[i] = ctk_bf16_1(x[i]);
}

// Dropout's mask (Swift's Dropout.keeps): element i is kept when SplitMix64's finaliser of
// key + i * golden has its top 24 bits ≥ threshold. The finaliser's last step (z ^ z >> 31) does not
// change bits 40 to 63, so it is left out.
#define CTK_DROPOUT_STEP 0xD6E8FEB86659FD93ull
static inline uint64_t dropout_bits(uint64_t z) {
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z >> 40;
}

static void dropout_portable(float *x, size_t n, uint64_t key, uint64_t threshold, float scale) {
    for (size_t i = 0; i < n; i++, key += CTK_DROPOUT_STEP) x[i] = dropout_bits(key) >= threshold ? x[i] * scale : 0.0f;
}

// ---- AVX-512 paths (16 lanes; a masked load and store cover each row's tail) --------------------
#if CTK_X86
#define TAIL(n) ((__mmask16)((1u << (n)) - 1))

__attribute__((target("avx512f,avx512dq,avx512bw,avx512vl")))
static void exp_avx512(const float *x, float *out, size_t n) {
    size_t i = 0;
    for (; i + 16 <= n; i += 16) _mm512_storeu_ps(out + i, ctk_exp512(_mm512_loadu_ps(x + i)));
    if (i < n) {
        __mmask16 k = TAIL(n - i);
        _mm512_mask_storeu_ps(out + i, k, ctk_exp512(_mm512_maskz_loadu_ps(k, x + i)));
    }
}

__attribute__((target("avx512f,avx512dq,avx512bw,avx512vl")))
static void erf_avx512(const float *x, float *out, size_t n) {
    size_t i = 0;
    for (; i + 16 <= n; i += 16) _mm512_storeu_ps(out + i, ctk_erf512(_mm512_loadu_ps(x + i)));
    if (i < n) {
        __mmask16 k = TAIL(n - i);
        _mm512_mask_storeu_ps(out + i, k, ctk_erf512(_mm512_maskz_loadu_ps(k, x + i)));
    }
}

__attribute__((target("avx512f,avx512dq,avx512bw,avx512vl")))
static void softmax_avx512(float *x, size_t rows, size_t cols, size_t valid) {
    size_t full = valid & ~(size_t)15;
    __mmask16 tail = TAIL(valid - full);
    for (size_t r = 0; r < rows; r++) {
        float *row = x + r * cols;
        __m512 inv = _mm512_set1_ps(ctk_exp_row512(row, valid));
        for (size_t j = 0; j < full; j += 16) _mm512_storeu_ps(row + j, _mm512_mul_ps(_mm512_loadu_ps(row + j), inv));
        if (tail) _mm512_mask_storeu_ps(row + full, tail, _mm512_mul_ps(_mm512_maskz_loadu_ps(tail, row + full), inv));
        for (size_t j = valid; j < cols; j++) row[j] = 0;
    }
}

__attribute__((target("avx512f,avx512dq,avx512bw,avx512vl")))
static void gelu_avx512(float *x, size_t n) {
    size_t i = 0;
    for (; i + 16 <= n; i += 16) _mm512_storeu_ps(x + i, ctk_gelu512(_mm512_loadu_ps(x + i)));
    if (i < n) {
        __mmask16 k = TAIL(n - i);
        _mm512_mask_storeu_ps(x + i, k, ctk_gelu512(_mm512_maskz_loadu_ps(k, x + i)));
    }
}

// Eight keys' mask bits at once (vpmullq is AVX512DQ): the lanes of dropout_bits.
__attribute__((target("avx512f,avx512dq,avx512bw,avx512vl")))
static inline __mmask8 dropout_keep8(__m512i z, __m512i threshold) {
    z = _mm512_add_epi64(z, _mm512_set1_epi64((long long)0x9E3779B97F4A7C15ull));
    z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 30)), _mm512_set1_epi64((long long)0xBF58476D1CE4E5B9ull));
    z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 27)), _mm512_set1_epi64((long long)0x94D049BB133111EBull));
    return _mm512_cmpge_epu64_mask(_mm512_srli_epi64(z, 40), threshold);
}

__attribute__((target("avx512f,avx512dq,avx512bw,avx512vl")))
static void dropout_avx512(float *x, size_t n, uint64_t key, uint64_t threshold, float scale) {
    const __m512i step = _mm512_set1_epi64((long long)(CTK_DROPOUT_STEP * 16));
    const __m512i lanes = _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0);
    const __m512i t = _mm512_set1_epi64((long long)threshold);
    const __m512 s = _mm512_set1_ps(scale);
    // keys of elements i..i+7 and i+8..i+15
    __m512i lo = _mm512_add_epi64(_mm512_set1_epi64((long long)key), _mm512_mullo_epi64(lanes, _mm512_set1_epi64((long long)CTK_DROPOUT_STEP)));
    __m512i hi = _mm512_add_epi64(lo, _mm512_set1_epi64((long long)(CTK_DROPOUT_STEP * 8)));
    size_t i = 0;
    for (; i < n; i += 16) {
        __mmask16 keep = (__mmask16)(dropout_keep8(lo, t) | ((unsigned)dropout_keep8(hi, t) << 8));
        __mmask16 valid = n - i >= 16 ? (__mmask16)0xFFFF : TAIL(n - i);
        _mm512_mask_storeu_ps(x + i, valid, _mm512_maskz_mul_ps(keep, _mm512_maskz_loadu_ps(valid, x + i), s));
        lo = _mm512_add_epi64(lo, step);
        hi = _mm512_add_epi64(hi, step);
    }
}

__attribute__((target("avx512f,avx512dq,avx512bw,avx512vl")))
static inline __m512 gelu_derivative512(__m512 v) {
    __m512 cdf = _mm512_mul_ps(_mm512_set1_ps(0.5f),
                               _mm512_add_ps(_mm512_set1_ps(1.0f), ctk_erf512(_mm512_mul_ps(v, _mm512_set1_ps(0.70710678118654752f)))));
    __m512 pdf = ctk_exp512(_mm512_mul_ps(_mm512_set1_ps(-0.5f), _mm512_mul_ps(v, v)));
    return _mm512_fmadd_ps(_mm512_mul_ps(v, _mm512_set1_ps(0.39894228040143268f)), pdf, cdf);
}

__attribute__((target("avx512f,avx512dq,avx512bw,avx512vl")))
static void gelu_backward_avx512(const float *pre, float *dy, size_t n) {
    size_t i = 0;
    for (; i + 16 <= n; i += 16)
        _mm512_storeu_ps(dy + i, _mm512_mul_ps(_mm512_loadu_ps(dy + i), gelu_derivative512(_mm512_loadu_ps(pre + i))));
    if (i < n) {
        __mmask16 k = TAIL(n - i);
        _mm512_mask_storeu_ps(dy + i, k, _mm512_mul_ps(_mm512_maskz_loadu_ps(k, dy + i), gelu_derivative512(_mm512_maskz_loadu_ps(k, pre + i))));
    }
}

// LayerNorm's second and third passes over a row whose mean is known: the biased variance, then
// (x - mean) / sqrt(var + eps) * g + b written back, and its bfloat16 bits to out16 when not NULL.
CTK_TARGET void normalize_row512(float *row, size_t cols, __m512 mean, const float *g, const float *b, float eps,
                                 uint16_t *out16) {
    size_t full = cols & ~(size_t)15;
    __mmask16 tail = TAIL(cols - full);
    __m512 sq = _mm512_setzero_ps();
    for (size_t j = 0; j < full; j += 16) {
        __m512 d = _mm512_sub_ps(_mm512_loadu_ps(row + j), mean);
        sq = _mm512_fmadd_ps(d, d, sq);
    }
    if (tail) {
        __m512 d = _mm512_maskz_sub_ps(tail, _mm512_maskz_loadu_ps(tail, row + full), mean);
        sq = _mm512_fmadd_ps(d, d, sq);
    }
    __m512 inv = _mm512_set1_ps(1.0f / sqrtf(_mm512_reduce_add_ps(sq) / (float)cols + eps));
    for (size_t j = 0; j < full; j += 16) {
        __m512 d = _mm512_mul_ps(_mm512_sub_ps(_mm512_loadu_ps(row + j), mean), inv);
        __m512 y = _mm512_fmadd_ps(d, _mm512_loadu_ps(g + j), _mm512_loadu_ps(b + j));
        _mm512_storeu_ps(row + j, y);
        if (out16) _mm256_storeu_si256((__m256i *)(out16 + j), ctk_bf16_16(y));
    }
    if (tail) {
        __m512 d = _mm512_mul_ps(_mm512_sub_ps(_mm512_maskz_loadu_ps(tail, row + full), mean), inv);
        __m512 y = _mm512_fmadd_ps(d, _mm512_maskz_loadu_ps(tail, g + full), _mm512_maskz_loadu_ps(tail, b + full));
        _mm512_mask_storeu_ps(row + full, tail, y);
        if (out16) _mm256_mask_storeu_epi16(out16 + full, tail, ctk_bf16_16(y));
    }
}

__attribute__((target("avx512f,avx512dq,avx512bw,avx512vl")))
static void layer_norm_avx512(float *x, size_t rows, size_t cols, const float *g, const float *b, float eps) {
    size_t full = cols & ~(size_t)15;
    __mmask16 tail = TAIL(cols - full);
    for (size_t r = 0; r < rows; r++) {
        float *row = x + r * cols;
        __m512 acc = _mm512_setzero_ps();
        for (size_t j = 0; j < full; j += 16) acc = _mm512_add_ps(acc, _mm512_loadu_ps(row + j));
        if (tail) acc = _mm512_add_ps(acc, _mm512_maskz_loadu_ps(tail, row + full));
        normalize_row512(row, cols, _mm512_set1_ps(_mm512_reduce_add_ps(acc) / (float)cols), g, b, eps, NULL);
    }
}

__attribute__((target("avx512f,avx512dq,avx512bw,avx512vl")))
static void add_bias_avx512(float *x, size_t rows, size_t cols, const float *bias) {
    size_t full = cols & ~(size_t)15;
    __mmask16 tail = TAIL(cols - full);
    for (size_t r = 0; r < rows; r++) {
        float *row = x + r * cols;
        for (size_t j = 0; j < full; j += 16) _mm512_storeu_ps(row + j, _mm512_add_ps(_mm512_loadu_ps(row + j), _mm512_loadu_ps(bias + j)));
        if (tail) _mm512_mask_storeu_ps(row + full, tail, _mm512_add_ps(_mm512_maskz_loadu_ps(tail, row + full), _mm512_maskz_loadu_ps(tail, bias + full)));
    }
}

// layer_norm_avx512 of (x + bias) + res, row by row in one sweep: the sum is made and stored in the
// mean's pass, so each row is read from memory once; the same operations in the same order as
// add_bias_avx512, the residual add and layer_norm_avx512 one after the other (the same bits).
__attribute__((target("avx512f,avx512dq,avx512bw,avx512vl")))
static void residual_layer_norm_avx512(float *x, size_t rows, size_t cols, const float *bias, const float *res,
                                       const float *g, const float *b, float eps, uint16_t *out16) {
    size_t full = cols & ~(size_t)15;
    __mmask16 tail = TAIL(cols - full);
    for (size_t r = 0; r < rows; r++) {
        float *row = x + r * cols;
        const float *rr = res + r * cols;
        __m512 acc = _mm512_setzero_ps();
        for (size_t j = 0; j < full; j += 16) {
            __m512 v = _mm512_loadu_ps(row + j);
            if (bias) v = _mm512_add_ps(v, _mm512_loadu_ps(bias + j));
            v = _mm512_add_ps(v, _mm512_loadu_ps(rr + j));
            _mm512_storeu_ps(row + j, v);
            acc = _mm512_add_ps(acc, v);
        }
        if (tail) {
            __m512 v = _mm512_maskz_loadu_ps(tail, row + full);
            if (bias) v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(tail, bias + full));
            v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(tail, rr + full));
            _mm512_mask_storeu_ps(row + full, tail, v);
            acc = _mm512_add_ps(acc, v);
        }
        normalize_row512(row, cols, _mm512_set1_ps(_mm512_reduce_add_ps(acc) / (float)cols), g, b, eps,
                         out16 ? out16 + r * cols : NULL);
    }
}
#endif

// ---- entry points -------------------------------------------------------------------------------
#if CTK_X86
#define DISPATCH(avx512_call, portable_call) \
    do { if (ctk_avx512_active()) { avx512_call; } else { portable_call; } } while (0)
#else
#define DISPATCH(avx512_call, portable_call) do { portable_call; } while (0)
#endif

void ctk_exp(const float *x, float *out, size_t count) { DISPATCH(exp_avx512(x, out, count), exp_portable(x, out, count)); }

void ctk_erf(const float *x, float *out, size_t count) { DISPATCH(erf_avx512(x, out, count), erf_portable(x, out, count)); }

void ctk_softmax_rows(float *x, size_t rows, size_t cols, size_t valid) {
    DISPATCH(softmax_avx512(x, rows, cols, valid), softmax_portable(x, rows, cols, valid));
}

void ctk_gelu_erf(float *x, size_t count) { DISPATCH(gelu_avx512(x, count), gelu_portable(x, count)); }

void ctk_gelu_erf_backward(const float *pre, float *dy, size_t count) {
    DISPATCH(gelu_backward_avx512(pre, dy, count), gelu_backward_portable(pre, dy, count));
}

void ctk_dropout(float *x, size_t count, uint64_t key, uint64_t threshold, float scale) {
    DISPATCH(dropout_avx512(x, count, key, threshold, scale), dropout_portable(x, count, key, threshold, scale));
}

void ctk_layer_norm(float *x, size_t rows, size_t cols, const float *gamma, const float *beta, float eps) {
    DISPATCH(layer_norm_avx512(x, rows, cols, gamma, beta, eps), layer_norm_portable(x, rows, cols, gamma, beta, eps));
}

void ctk_add_bias(float *x, size_t rows, size_t cols, const float *bias) {
    DISPATCH(add_bias_avx512(x, rows, cols, bias), add_bias_portable(x, rows, cols, bias));
}

void ctk_residual_layer_norm(float *x, size_t rows, size_t cols, const float *bias, const float *res, const float *gamma,
                             const float *beta, float eps, uint16_t *out16) {
    DISPATCH(residual_layer_norm_avx512(x, rows, cols, bias, res, gamma, beta, eps, out16),
             residual_layer_norm_portable(x, rows, cols, bias, res, gamma, beta, eps, out16));
}
