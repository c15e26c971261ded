// Operand conversions for the bfloat16 and int8 linear layers (ctensorkernels.h).
#include "ctensorkernels.h"
#include "portable_math.h"
#include <math.h>
#if defined(__x86_64__)
#include <immintrin.h>
#include "math512.h"
#endif

// ---- portable paths -----------------------------------------------------------------------------

static void bf16_rows_portable(const float *a, size_t lda, size_t rows, size_t k, uint16_t *dst) {
    for (size_t i = 0; i < rows; i++)
        for (size_t p = 0; p < k; p++) dst[i * k + p] = ctk_bf16_1(a[i * lda + p]);
}

static void bias_bf16_rows_portable(const float *h, size_t rows, size_t cols, const float *bias, uint16_t *out, size_t ldo) {
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++) out[i * ldo + j] = ctk_bf16_1(h[i * cols + j] + bias[j]);
}

// GELU for an activation rounded to bfloat16 next: x Φ(x) with Φ(x) = 1/2 + sign(x) g(|x|) and
// g(a) = erf(a/√2)/2 a cubic in each of 16 intervals of t = 3.2 a on [0, 5), 1/2 from 5 on.
// Largest error of g: 1.7e-6, against a bfloat16 rounding of 2^-9 relative (scripts/gelu_bf16_table.py
// makes the table and prints the bound). About half the instructions of the erf of ctk_gelu_erf,
// which a float32 result needs and a bfloat16 one does not.
static const float GELU_C0[16] = {-5.105729315e-07f, 1.226683110e-01f, 2.340127677e-01f, 3.257479072e-01f, 3.943495154e-01f, 4.409148097e-01f, 4.696039855e-01f, 4.856474400e-01f, 4.937907457e-01f, 4.975423515e-01f, 4.991111159e-01f, 4.997065067e-01f, 4.999116063e-01f, 4.999757409e-01f, 4.999939203e-01f, 4.999986291e-01f};
static const float GELU_C1[16] = {1.246848032e-01f, 1.187727377e-01f, 1.026046798e-01f, 8.037985116e-02f, 5.710083991e-02f, 3.678250313e-02f, 2.148493566e-02f, 1.137924474e-02f, 5.464792252e-03f, 2.379636280e-03f, 9.395528468e-04f, 3.363595752e-04f, 1.091836093e-04f, 3.213527816e-05f, 8.575871107e-06f, 2.075138582e-06f};
static const float GELU_C2[16] = {-6.832909276e-05f, -6.014292128e-03f, -1.028650068e-02f, -1.199319679e-02f, -1.126837637e-02f, -8.994729258e-03f, -6.245734636e-03f, -3.820762504e-03f, -2.074856078e-03f, -1.005164697e-03f, -4.358800652e-04f, -1.696022664e-04f, -5.932184285e-05f, -1.867733044e-05f, -5.299085842e-06f, -1.355961331e-06f};
static const float GELU_C3[16] = {-1.946864300e-03f, -1.413754537e-03f, -5.833518226e-04f, 2.143388701e-04f, 7.322571473e-04f, 9.010416106e-04f, 8.041627589e-04f, 5.848744768e-04f, 3.618165210e-04f, 1.943914249e-04f, 9.178755863e-05f, 3.837517943e-05f, 1.427782900e-05f, 4.744272246e-06f, 1.411616040e-06f, 3.768545298e-07f};

// One value, in the AVX-512 path's order of operations (same bits: fmaf rounds once like vfmadd).
static float gelu_bf16_1(float v) {
    float a = fabsf(v), t = a * 3.2f;
    t = t < 16.0f ? t : 16.0f;  // as vminps: a NaN gives 16
    float fi = floorf(t);
    fi = fi < 15.0f ? fi : 15.0f;
    int i = (int)fi;
    float f = t - fi;
    float p = fmaf(fmaf(fmaf(GELU_C3[i], f, GELU_C2[i]), f, GELU_C1[i]), f, GELU_C0[i]);
    if (a >= 5.0f) p = 0.5f;
    float sg = ctk_bits_to_float(ctk_float_to_bits(p) ^ (ctk_float_to_bits(v) & 0x80000000u));
    return v * (0.5f + sg);
}

static void bias_gelu_bf16_portable(const float *h, size_t rows, size_t cols, const float *bias, uint16_t *out) {
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++) out[i * cols + j] = ctk_bf16_1(gelu_bf16_1(h[i * cols + j] + bias[j]));
}

static float clamp255(float v) { return v < 0 ? 0 : (v > 255 ? 255 : v); }

static void quantize_portable(const float *a, size_t lda, size_t rows, size_t k, float threshold, uint8_t *q, float *scale,
                              int32_t *zero) {
    for (size_t i = 0; i < rows; i++) {
        const float *x = a + i * lda;
        float lo = 0, hi = 0;
        for (size_t p = 0; p < k; p++) {
            float v = fabsf(x[p]) > threshold ? 0 : x[p];
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
        float s = hi > lo ? (hi - lo) / 255 : 1;
        float zp = clamp255(nearbyintf(-lo / s)), inv = 1 / s;
        for (size_t p = 0; p < k; p++) q[i * k + p] = (uint8_t)clamp255(nearbyintf((fabsf(x[p]) > threshold ? 0 : x[p]) * inv) + zp);
        scale[i] = s;
        zero[i] = (int32_t)zp;
    }
}

static size_t outlier_columns_portable(const float *a, size_t lda, size_t rows, size_t k, float threshold, int32_t *cols) {
    size_t count = 0;
    for (size_t p = 0; p < k; p++) {
        size_t i = 0;
        while (i < rows && !(fabsf(a[i * lda + p]) > threshold)) i++;
        if (i < rows) cols[count++] = (int32_t)p;
    }
    return count;
}

static void dequantize_portable(const int32_t *acc, size_t rows, size_t n, const float *scale, const int32_t *zero,
                                const float *ws, const int32_t *cs, const float *xo, const float *wo, size_t nout, float *c,
                                size_t ldc) {
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < n; j++) {
            float y = (scale[i] * ws[j]) * (float)(int32_t)((uint32_t)acc[i * n + j] - (uint32_t)zero[i] * (uint32_t)cs[j]);
            for (size_t u = 0; u < nout; u++)
                if (xo[i * nout + u] != 0) y = fmaf(xo[i * nout + u], wo[u * n + j], y);
            c[i * ldc + j] = y;
        }
}

// ---- AVX-512 paths ------------------------------------------------------------------------------
#if defined(__x86_64__)
#define T512 __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl")))
#define TAIL(n) ((__mmask16)((1u << (n)) - 1))

T512 static void bf16_rows_avx512(const float *a, size_t lda, size_t rows, size_t k, uint16_t *dst) {
    size_t full = k & ~(size_t)15;
    __mmask16 tail = TAIL(k - full);
    for (size_t i = 0; i < rows; i++) {
        const float *x = a + i * lda;
        uint16_t *d = dst + i * k;
        for (size_t p = 0; p < full; p += 16) _mm256_storeu_si256((__m256i *)(d + p), ctk_bf16_16(_mm512_loadu_ps(x + p)));
        if (tail) _mm256_mask_storeu_epi16(d + full, tail, ctk_bf16_16(_mm512_maskz_loadu_ps(tail, x + full)));
    }
}

T512 static void bias_bf16_rows_avx512(const float *h, size_t rows, size_t cols, const float *bias, uint16_t *out, size_t ldo) {
    size_t full = cols & ~(size_t)15;
    __mmask16 tail = TAIL(cols - full);
    for (size_t i = 0; i < rows; i++) {
        const float *x = h + i * cols;
        uint16_t *d = out + i * ldo;
        for (size_t p = 0; p < full; p += 16)
            _mm256_storeu_si256((__m256i *)(d + p), ctk_bf16_16(_mm512_add_ps(_mm512_loadu_ps(x + p), _mm512_loadu_ps(bias + p))));
        if (tail)
            _mm256_mask_storeu_epi16(d + full, tail, ctk_bf16_16(_mm512_add_ps(_mm512_maskz_loadu_ps(tail, x + full),
                                                                                _mm512_maskz_loadu_ps(tail, bias + full))));
    }
}

// gelu_bf16_1 on 16 lanes: the coefficients by vpermps from the four tables held in registers.
T512 static inline __m512 gelu_bf16_16(__m512 v, const __m512 *c) {
    __m512 a = _mm512_abs_ps(v);
    __m512 t = _mm512_min_ps(_mm512_mul_ps(a, _mm512_set1_ps(3.2f)), _mm512_set1_ps(16.0f));
    __m512 fi = _mm512_min_ps(_mm512_roundscale_ps(t, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC), _mm512_set1_ps(15.0f));
    __m512i i = _mm512_cvttps_epi32(fi);
    __m512 f = _mm512_sub_ps(t, fi);
    __m512 p = _mm512_fmadd_ps(_mm512_permutexvar_ps(i, c[3]), f, _mm512_permutexvar_ps(i, c[2]));
    p = _mm512_fmadd_ps(p, f, _mm512_permutexvar_ps(i, c[1]));
    p = _mm512_fmadd_ps(p, f, _mm512_permutexvar_ps(i, c[0]));
    p = _mm512_mask_mov_ps(p, _mm512_cmp_ps_mask(a, _mm512_set1_ps(5.0f), _CMP_GE_OQ), _mm512_set1_ps(0.5f));
    __m512 sg = _mm512_xor_ps(p, _mm512_and_ps(v, _mm512_set1_ps(-0.0f)));
    return _mm512_mul_ps(v, _mm512_add_ps(_mm512_set1_ps(0.5f), sg));
}

T512 static void bias_gelu_bf16_avx512(const float *h, size_t rows, size_t cols, const float *bias, uint16_t *out) {
    size_t full = cols & ~(size_t)15;
    __mmask16 tail = TAIL(cols - full);
    const __m512 c[4] = {_mm512_loadu_ps(GELU_C0), _mm512_loadu_ps(GELU_C1), _mm512_loadu_ps(GELU_C2), _mm512_loadu_ps(GELU_C3)};
    for (size_t i = 0; i < rows; i++) {
        const float *x = h + i * cols;
        uint16_t *d = out + i * cols;
        for (size_t p = 0; p < full; p += 16)
            _mm256_storeu_si256((__m256i *)(d + p), ctk_bf16_16(gelu_bf16_16(_mm512_add_ps(_mm512_loadu_ps(x + p), _mm512_loadu_ps(bias + p)), c)));
        if (tail) {
            __m512 v = _mm512_add_ps(_mm512_maskz_loadu_ps(tail, x + full), _mm512_maskz_loadu_ps(tail, bias + full));
            _mm256_mask_storeu_epi16(d + full, tail, ctk_bf16_16(gelu_bf16_16(v, c)));
        }
    }
}

// Lanes of m whose |x| is not above the threshold (NaN stays: the comparison is ordered).
T512 static inline __mmask16 kept(__mmask16 m, __m512 v, __m512 threshold) {
    return m & ~_mm512_cmp_ps_mask(_mm512_abs_ps(v), threshold, _CMP_GT_OQ);
}

T512 static void quantize_avx512(const float *a, size_t lda, size_t rows, size_t k, float threshold, uint8_t *q, float *scale,
                                 int32_t *zero) {
    size_t full = k & ~(size_t)15;
    __mmask16 tail = TAIL(k - full);
    const __m512 z = _mm512_setzero_ps(), top = _mm512_set1_ps(255), thr = _mm512_set1_ps(threshold);
    for (size_t i = 0; i < rows; i++) {
        const float *x = a + i * lda;
        __m512 lo = z, hi = z;
        for (size_t p = 0; p < k; p += 16) {
            __m512 v = _mm512_maskz_loadu_ps(p + 16 <= k ? (__mmask16)0xffff : tail, x + p);  // zeros past the end: the range includes 0 anyway
            lo = _mm512_min_ps(lo, v);
            hi = _mm512_max_ps(hi, v);
        }
        float l = _mm512_reduce_min_ps(lo), h = _mm512_reduce_max_ps(hi);
        int outliers = -l > threshold || h > threshold;
        if (outliers) {  // the range again without them (they count as 0)
            lo = hi = z;
            for (size_t p = 0; p < k; p += 16) {
                __mmask16 m = p + 16 <= k ? (__mmask16)0xffff : tail;
                __m512 v = _mm512_maskz_loadu_ps(m, x + p);
                v = _mm512_maskz_mov_ps(kept(m, v, thr), v);
                lo = _mm512_min_ps(lo, v);
                hi = _mm512_max_ps(hi, v);
            }
            l = _mm512_reduce_min_ps(lo);
            h = _mm512_reduce_max_ps(hi);
        }
        float s = h > l ? (h - l) / 255 : 1;
        float zp = clamp255(nearbyintf(-l / s));
        __m512 inv = _mm512_set1_ps(1 / s), vz = _mm512_set1_ps(zp);
        uint8_t *d = q + i * k;
        for (size_t p = 0; p < k; p += 16) {
            __mmask16 m = p + 16 <= k ? (__mmask16)0xffff : tail;
            __m512 v = _mm512_maskz_loadu_ps(m, x + p);
            if (outliers) v = _mm512_maskz_mov_ps(kept(m, v, thr), v);
            v = _mm512_add_ps(_mm512_roundscale_ps(_mm512_mul_ps(v, inv), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC), vz);
            v = _mm512_min_ps(_mm512_max_ps(v, z), top);
            _mm512_mask_cvtusepi32_storeu_epi8(d + p, m, _mm512_cvttps_epi32(v));
        }
        scale[i] = s;
        zero[i] = (int32_t)zp;
    }
}

// The union over rows of each 16-column block's outlier lanes, then the columns it names.
T512 static size_t outlier_columns_avx512(const float *a, size_t lda, size_t rows, size_t k, float threshold, int32_t *cols) {
    size_t full = k & ~(size_t)15, count = 0;
    __mmask16 tail = TAIL(k - full);
    const __m512 thr = _mm512_set1_ps(threshold);
    for (size_t p = 0; p < k; p += 16) {
        __mmask16 m = p + 16 <= k ? (__mmask16)0xffff : tail, any = 0;
        for (size_t i = 0; i < rows; i++) any |= m & ~kept(m, _mm512_maskz_loadu_ps(m, a + i * lda + p), thr);
        for (unsigned bit = 0; any; bit++, any >>= 1)
            if (any & 1) cols[count++] = (int32_t)(p + bit);
    }
    return count;
}

T512 static void dequantize_avx512(const int32_t *acc, size_t rows, size_t n, const float *scale, const int32_t *zero,
                                   const float *ws, const int32_t *cs, const float *xo, const float *wo, size_t nout, float *c,
                                   size_t ldc) {
    size_t live[nout ? nout : 1];  // this row's outliers (nonzero xo)
    for (size_t i = 0; i < rows; i++) {
        __m512 si = _mm512_set1_ps(scale[i]);
        __m512i zi = _mm512_set1_epi32(zero[i]);
        size_t count = 0;
        for (size_t u = 0; u < nout; u++)
            if (xo[i * nout + u] != 0) live[count++] = u;
        for (size_t j = 0; j < n; j += 16) {
            __mmask16 m = j + 16 <= n ? (__mmask16)0xffff : TAIL(n - j);
            __m512i t = _mm512_sub_epi32(_mm512_maskz_loadu_epi32(m, acc + i * n + j),
                                         _mm512_mullo_epi32(zi, _mm512_maskz_loadu_epi32(m, cs + j)));
            __m512 y = _mm512_mul_ps(_mm512_mul_ps(si, _mm512_maskz_loadu_ps(m, ws + j)), _mm512_cvtepi32_ps(t));
            for (size_t e = 0; e < count; e++)
                y = _mm512_fmadd_ps(_mm512_set1_ps(xo[i * nout + live[e]]), _mm512_maskz_loadu_ps(m, wo + live[e] * n + j), y);
            _mm512_mask_storeu_ps(c + i * ldc + j, m, y);
        }
    }
}
#define DISPATCH(avx512_call, portable_call) \
    do { if (ctk_avx512_active()) { avx512_call; } else { portable_call; } } while (0)
#else
#define DISPATCH(avx512_call, portable_call) do { portable_call; } while (0)
#endif

// ---- entry points -------------------------------------------------------------------------------

void ctk_bf16_rows(const float *a, size_t lda, size_t rows, size_t k, uint16_t *dst) {
    DISPATCH(bf16_rows_avx512(a, lda, rows, k, dst), bf16_rows_portable(a, lda, rows, k, dst));
}

void ctk_bias_bf16_rows(const float *h, size_t rows, size_t cols, const float *bias, uint16_t *out, size_t ldo) {
    DISPATCH(bias_bf16_rows_avx512(h, rows, cols, bias, out, ldo), bias_bf16_rows_portable(h, rows, cols, bias, out, ldo));
}

void ctk_bias_gelu_bf16(const float *h, size_t rows, size_t cols, const float *bias, uint16_t *out) {
    DISPATCH(bias_gelu_bf16_avx512(h, rows, cols, bias, out), bias_gelu_bf16_portable(h, rows, cols, bias, out));
}

void ctk_quantize_u8_rows(const float *a, size_t lda, size_t rows, size_t k, float threshold, uint8_t *q, float *scale,
                          int32_t *zero) {
    DISPATCH(quantize_avx512(a, lda, rows, k, threshold, q, scale, zero),
             quantize_portable(a, lda, rows, k, threshold, q, scale, zero));
}

size_t ctk_outlier_columns(const float *a, size_t lda, size_t rows, size_t k, float threshold, int32_t *cols) {
    DISPATCH(return outlier_columns_avx512(a, lda, rows, k, threshold, cols),
             return outlier_columns_portable(a, lda, rows, k, threshold, cols));
}

void ctk_dequantize_rows(const int32_t *acc, size_t rows, size_t n, const float *scale, const int32_t *zero,
                         const float *wscale, const int32_t *colsum, const float *xo, const float *wo, size_t nout, float *c,
                         size_t ldc) {
    DISPATCH(dequantize_avx512(acc, rows, n, scale, zero, wscale, colsum, xo, wo, nout, c, ldc),
             dequantize_portable(acc, rows, n, scale, zero, wscale, colsum, xo, wo, nout, c, ldc));
}
