#include "ctensorkernels.h"
#include <math.h>
#include <stdint.h>
#if defined(__x86_64__)
#include "math512.h"
#endif

enum { ROWS = 6 };  // query rows per block: 6 x 2 (scores) or 6 x 4 (p v) accumulators in zmm registers

static size_t round16(size_t n) { return (n + 15) & ~(size_t)15; }

#if defined(__x86_64__)
#include <immintrin.h>
// A head's q, k and v rows are `dim` floats every `ld` (a head's columns of the packed [N, C]
// projections, just written by the products and mostly out of cache by now): the hardware
// prefetchers do not follow that stride, and `perf annotate` put a fifth of the bf16 kernel's
// samples on the first loads of k and q rows. So rows are fetched PF rows ahead of use.
enum { PF = 8 };
// A row of `bytes` bytes (dim floats, or dim bfloat16 bits), one prefetch per 64-byte line.
static inline void prefetch_row(const void *row, size_t bytes) {
    for (size_t c = 0; c < bytes; c += 64) _mm_prefetch((const char *)row + c, _MM_HINT_T0);
}

// The next pair's rows, into L2, spread over this pair's query blocks: block b of `blocks` fetches
// rows [b n / blocks, (b + 1) n / blocks) of k, then v, then q (k is read first). Rows of `bytes`
// bytes every `ld_bytes`.
static inline void prefetch_next(const void *const *next, size_t next_len, size_t ld_bytes, size_t bytes, size_t b,
                                 size_t blocks) {
    if (!next) return;
    size_t lo = b * next_len / blocks, hi = (b + 1) * next_len / blocks;
    for (int m = 0; m < 3; m++)
        for (size_t i = lo; i < hi; i++)
            for (size_t c = 0; c < bytes; c += 64) _mm_prefetch((const char *)next[(m + 1) % 3] + i * ld_bytes + c, _MM_HINT_T1);
}
#endif

size_t ctk_attention_scratch(size_t max_len, size_t dim) {
    size_t lp = round16(max_len > 0 ? max_len : 1);
    // float32: k^T [dim, lp], the block's scores [ROWS, lp]. bfloat16 (pairs in 32-bit words):
    // k^T [dim/2, lp], v [lp/2, dim], q [ROWS, dim/2], probabilities [ROWS, lp/2], scores [ROWS, lp].
    size_t f32 = dim * lp + ROWS * lp;
    size_t bf16 = dim / 2 * lp + lp / 2 * dim + ROWS * (dim / 2) + ROWS * (lp / 2) + ROWS * lp;
    return f32 > bf16 ? f32 : bf16;
}

#if defined(__x86_64__)
#define T512 __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl"), always_inline)) static inline

// s[r, j..j+16*NJ) = scale * q_r . kt[:, j..]: q rows qr[0..ROWS), kt [dim, lp].
T512 void scores_block(const float *const *qr, const float *kt, size_t lp, size_t dim, size_t j, float scale,
                       float *s, const int NJ) {
    __m512 acc[ROWS][2];
    for (int r = 0; r < ROWS; r++)
        for (int u = 0; u < NJ; u++) acc[r][u] = _mm512_setzero_ps();
    for (size_t c = 0; c < dim; c++) {
        __m512 kv[2];
        for (int u = 0; u < NJ; u++) kv[u] = _mm512_loadu_ps(kt + c * lp + j + 16 * u);
        for (int r = 0; r < ROWS; r++) {
            __m512 qb = _mm512_set1_ps(qr[r][c]);
            for (int u = 0; u < NJ; u++) acc[r][u] = _mm512_fmadd_ps(qb, kv[u], acc[r][u]);
        }
    }
    __m512 sc = _mm512_set1_ps(scale);
    for (int r = 0; r < ROWS; r++)
        for (int u = 0; u < NJ; u++) _mm512_storeu_ps(s + r * lp + j + 16 * u, _mm512_mul_ps(acc[r][u], sc));
}

// ctx_r[c0..c0+16*NV) = inv[r] * sum_j s[r, j] v[j, c0..]: s holds the block's unnormalised exponentials.
T512 void pv_block(const float *s, size_t lp, const float *v, size_t ld, size_t len, size_t c0, const float *inv,
                   float *const *cr, int nr, const int NV) {
    __m512 acc[ROWS][4];
    for (int r = 0; r < ROWS; r++)
        for (int u = 0; u < NV; u++) acc[r][u] = _mm512_setzero_ps();
    for (size_t j = 0; j < len; j++) {
        __m512 vv[4];
        for (int u = 0; u < NV; u++) vv[u] = _mm512_loadu_ps(v + j * ld + c0 + 16 * u);
        for (int r = 0; r < ROWS; r++) {
            __m512 pb = _mm512_set1_ps(s[r * lp + j]);
            for (int u = 0; u < NV; u++) acc[r][u] = _mm512_fmadd_ps(pb, vv[u], acc[r][u]);
        }
    }
    for (int r = 0; r < ROWS; r++) {
        if (r >= nr) break;
        __m512 iv = _mm512_set1_ps(inv[r]);
        for (int u = 0; u < NV; u++) _mm512_storeu_ps(cr[r] + c0 + 16 * u, _mm512_mul_ps(acc[r][u], iv));
    }
}

__attribute__((target("avx512f,avx512dq,avx512bw,avx512vl")))
static void attention_avx512(const float *q, const float *k, const float *v, size_t ld, size_t len, size_t dim,
                             float scale, float *ctx, size_t ldc, float *scratch, const float *const *next, size_t next_len) {
    size_t lp = round16(len);
    float *kt = scratch, *s = scratch + dim * lp;
    size_t bytes = dim * sizeof(float);
    for (size_t j = 0; j < len && j < PF; j++) prefetch_row(k + j * ld, bytes);
    for (size_t j = 0; j < len; j++) {  // k^T, reading k row by row
        if (j + PF < len) prefetch_row(k + (j + PF) * ld, bytes);
        else if (j + PF - len < len) prefetch_row(v + (j + PF - len) * ld, bytes);  // then v's first rows
        const float *kr = k + j * ld;
        for (size_t c = 0; c < dim; c++) kt[c * lp + j] = kr[c];
    }
    for (size_t c = 0; c < dim; c++)
        for (size_t j = len; j < lp; j++) kt[c * lp + j] = 0;
    for (size_t i0 = 0; i0 < len; i0 += ROWS) {
        int nr = (int)(len - i0 < ROWS ? len - i0 : ROWS);
        const float *qr[ROWS];
        float *cr[ROWS];
        for (int r = 0; r < ROWS; r++) {  // rows past the end repeat the last one; never stored
            size_t i = i0 + (size_t)(r < nr ? r : nr - 1);
            qr[r] = q + i * ld;
            cr[r] = ctx + i * ldc;
        }
        for (size_t i = i0 + ROWS; i < i0 + 2 * ROWS && i < len; i++) prefetch_row(q + i * ld, bytes);  // the next block's q
        prefetch_next((const void *const *)next, next_len, ld * sizeof(float), bytes, i0 / ROWS, (len + ROWS - 1) / ROWS);
        size_t j = 0;
        for (; j + 32 <= lp; j += 32) scores_block(qr, kt, lp, dim, j, scale, s, 2);
        if (j < lp) scores_block(qr, kt, lp, dim, j, scale, s, 1);
        float inv[ROWS];
        for (int r = 0; r < ROWS; r++) inv[r] = r < nr ? ctk_exp_row512(s + r * lp, len) : 0;
        size_t c0 = 0;
        for (; c0 + 64 <= dim; c0 += 64) pv_block(s, lp, v, ld, len, c0, inv, cr, nr, 4);
        for (; c0 + 32 <= dim; c0 += 32) pv_block(s, lp, v, ld, len, c0, inv, cr, nr, 2);
        for (; c0 < dim; c0 += 16) pv_block(s, lp, v, ld, len, c0, inv, cr, nr, 1);
    }
}

// ---- bfloat16 products (vdpbf16ps: acc += a[2i] b[2i] + a[2i+1] b[2i+1] per 32-bit lane) ----------
#define TBF16 __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,avx512bf16"), always_inline)) static inline

// n floats (n a multiple of 16, or a masked tail) to bfloat16, written as n/2 32-bit pairs.
TBF16 void to_bf16(const float *x, size_t n, uint16_t *out) {
    size_t i = 0;
    for (; i + 16 <= n; i += 16) _mm256_storeu_si256((__m256i *)(out + i), (__m256i)_mm512_cvtneps_pbh(_mm512_loadu_ps(x + i)));
    if (i < n) {
        __mmask16 k = (__mmask16)((1u << (n - i)) - 1);
        __m256i h = (__m256i)_mm512_cvtneps_pbh(_mm512_maskz_loadu_ps(k, x + i));
        _mm256_mask_storeu_epi16(out + i, k, h);
    }
}

// s[r, j..j+16*NJ) = scale2 * q_r . kt[:, j..] (scores in base 2: scale2 = scale log2 e), and each
// row's running maximum over the columns below len kept in vmax[r] (16 lanes).
TBF16 void scores_block_bf16(const uint32_t *const *qr, const uint32_t *kt2, size_t lp, size_t pairs, size_t j, size_t len,
                             float scale2, float *s, __m512 *vmax, const int NJ) {
    __m512 acc[ROWS][2];
    for (int r = 0; r < ROWS; r++)
        for (int u = 0; u < NJ; u++) acc[r][u] = _mm512_setzero_ps();
    for (size_t p = 0; p < pairs; p++) {
        __m512bh kv[2];
        for (int u = 0; u < NJ; u++) kv[u] = (__m512bh)_mm512_loadu_si512(kt2 + p * lp + j + 16 * u);
        for (int r = 0; r < ROWS; r++) {
            __m512bh qb = (__m512bh)_mm512_set1_epi32((int)qr[r][p]);
            for (int u = 0; u < NJ; u++) acc[r][u] = _mm512_dpbf16_ps(acc[r][u], qb, kv[u]);
        }
    }
    __m512 sc = _mm512_set1_ps(scale2);
    __mmask16 valid[2];
    for (int u = 0; u < NJ; u++) {
        size_t start = j + 16 * (size_t)u;
        valid[u] = start + 16 <= len ? (__mmask16)0xFFFF : start >= len ? 0 : (__mmask16)((1u << (len - start)) - 1);
    }
    for (int r = 0; r < ROWS; r++)
        for (int u = 0; u < NJ; u++) {
            __m512 x = _mm512_mul_ps(acc[r][u], sc);
            _mm512_storeu_ps(s + r * lp + j + 16 * u, x);
            vmax[r] = _mm512_mask_max_ps(vmax[r], valid[u], vmax[r], x);
        }
}

// One row's probabilities in bfloat16: p[j] = 2^(s[j] - max) for j < len, 0 from len to 2 * half
// (written as half 32-bit pairs); returns 1 / the float32 sum of the unrounded values.
TBF16 float exp2_row_bf16(const float *row, size_t len, size_t half, float max, uint16_t *p) {
    __m512 m = _mm512_set1_ps(max), acc = _mm512_setzero_ps();
    size_t n = 2 * half;
    for (size_t j = 0; j < n; j += 16) {
        __mmask16 valid = j + 16 <= len ? (__mmask16)0xFFFF : (__mmask16)((1u << (len - j)) - 1);
        __m512 e = _mm512_maskz_mov_ps(valid, ctk_exp2_neg512(_mm512_sub_ps(_mm512_maskz_loadu_ps(valid, row + j), m)));
        acc = _mm512_add_ps(acc, e);
        __m256i h = (__m256i)_mm512_cvtneps_pbh(e);
        if (j + 16 <= n)
            _mm256_storeu_si256((__m256i *)(p + j), h);
        else
            _mm256_mask_storeu_epi16(p + j, (__mmask16)((1u << (n - j)) - 1), h);
    }
    return 1.0f / _mm512_reduce_add_ps(acc);
}

// ctx rows cr[r] (float32) or, when cr16 is not NULL, cr16[r] (bfloat16 bits, rounded as ctk_bf16_16).
TBF16 void pv_block_bf16(const uint32_t *p2, size_t half, const uint32_t *v2, size_t dim, size_t c0, const float *inv,
                         float *const *cr, uint16_t *const *cr16, int nr, const int NV) {
    __m512 acc[ROWS][4];
    for (int r = 0; r < ROWS; r++)
        for (int u = 0; u < NV; u++) acc[r][u] = _mm512_setzero_ps();
    for (size_t jp = 0; jp < half; jp++) {
        __m512bh vv[4];
        for (int u = 0; u < NV; u++) vv[u] = (__m512bh)_mm512_loadu_si512(v2 + jp * dim + c0 + 16 * u);
        for (int r = 0; r < ROWS; r++) {
            __m512bh pb = (__m512bh)_mm512_set1_epi32((int)p2[r * half + jp]);
            for (int u = 0; u < NV; u++) acc[r][u] = _mm512_dpbf16_ps(acc[r][u], pb, vv[u]);
        }
    }
    for (int r = 0; r < nr && r < ROWS; r++) {
        __m512 iv = _mm512_set1_ps(inv[r]);
        for (int u = 0; u < NV; u++) {
            __m512 y = _mm512_mul_ps(acc[r][u], iv);
            if (cr16)
                _mm256_storeu_si256((__m256i *)(cr16[r] + c0 + 16 * u), ctk_bf16_16(y));
            else
                _mm512_storeu_ps(cr[r] + c0 + 16 * u, y);
        }
    }
}

// The bfloat16 kernel on q, k, v given as float32 (in16 = 0: rounded here, as vcvtneps2bf16) or as
// bfloat16 bits (in16 = 1: made by the projections' epilogue; half the bytes to read, no rounding).
TBF16 void attention_bf16_body(const void *q, const void *k, const void *v, int in16, size_t ld, size_t len, size_t dim,
                               float scale, float *ctx, uint16_t *ctx16, size_t ldc, float *scratch, const void *const *next,
                               size_t next_len) {
    size_t lp = round16(len), pairs = dim / 2, half = (len + 1) / 2;
    size_t esz = in16 ? 2 : 4, bytes = dim * esz, ldb = ld * esz;  // a row's bytes, the row stride in bytes
    const char *qb = (const char *)q, *kb = (const char *)k, *vb = (const char *)v;
    float scale2 = scale * 1.44269504088896341f;  // scores in base 2: softmax(x) = 2^(x log2 e - max) / sum
    uint32_t *kt2 = (uint32_t *)scratch;          // [pairs, lp]: (k[j, 2p], k[j, 2p+1])
    uint32_t *v2 = kt2 + pairs * lp;              // [lp/2, dim]: (v[2i, c], v[2i+1, c])
    uint32_t *q2 = v2 + lp / 2 * dim;             // [ROWS, pairs] (float32 input)
    uint32_t *p2 = q2 + ROWS * pairs;             // [ROWS, lp/2]
    float *s = (float *)(p2 + ROWS * (lp / 2));   // [ROWS, lp]
    uint16_t *row16 = (uint16_t *)q2;             // one bf16 row of k while building k^T (q2 is free then)
    for (size_t j = 0; j < len && j < PF; j++) prefetch_row(kb + j * ldb, bytes);
    for (size_t j = 0; j < len; j++) {
        if (j + PF < len) prefetch_row(kb + (j + PF) * ldb, bytes);
        else if (j + PF - len < len) prefetch_row(vb + (j + PF - len) * ldb, bytes);  // then v's first rows
        const uint32_t *pr = (const uint32_t *)(kb + j * ldb);
        if (!in16) {
            to_bf16((const float *)(kb + j * ldb), dim, row16);
            pr = (const uint32_t *)row16;
        }
        for (size_t p = 0; p < pairs; p++) kt2[p * lp + j] = pr[p];
    }
    for (size_t p = 0; p < pairs; p++)
        for (size_t j = len; j < lp; j++) kt2[p * lp + j] = 0;
    for (size_t i = 0; i < len && i < ROWS; i++) prefetch_row(qb + i * ldb, bytes);  // the first block's q
    for (size_t jp = 0; jp < half; jp++) {  // interleave rows 2jp and 2jp+1 (zero past the end)
        for (size_t i = 2 * jp + PF; i < 2 * jp + PF + 2 && i < len; i++) prefetch_row(vb + i * ldb, bytes);
        const char *a = vb + 2 * jp * ldb, *b = 2 * jp + 1 < len ? vb + (2 * jp + 1) * ldb : NULL;
        for (size_t c = 0; c < dim; c += 16) {
            __m512i lo, hi = _mm512_setzero_si512();
            if (in16) {
                lo = _mm512_cvtepu16_epi32(_mm256_loadu_si256((const __m256i *)((const uint16_t *)a + c)));
                if (b) hi = _mm512_cvtepu16_epi32(_mm256_loadu_si256((const __m256i *)((const uint16_t *)b + c)));
            } else {
                lo = _mm512_cvtepu16_epi32((__m256i)_mm512_cvtneps_pbh(_mm512_loadu_ps((const float *)a + c)));
                if (b) hi = _mm512_cvtepu16_epi32((__m256i)_mm512_cvtneps_pbh(_mm512_loadu_ps((const float *)b + c)));
            }
            _mm512_storeu_si512(v2 + jp * dim + c, _mm512_or_si512(lo, _mm512_slli_epi32(hi, 16)));
        }
    }
    for (size_t i0 = 0; i0 < len; i0 += ROWS) {
        int nr = (int)(len - i0 < ROWS ? len - i0 : ROWS);
        float *cr[ROWS];
        uint16_t *cr16[ROWS];
        const uint32_t *qr[ROWS];
        for (int r = 0; r < ROWS; r++) {  // rows past the end repeat the last one; never stored
            size_t i = i0 + (size_t)(r < nr ? r : nr - 1);
            if (in16) {
                qr[r] = (const uint32_t *)(qb + i * ldb);
            } else {
                to_bf16((const float *)(qb + i * ldb), dim, (uint16_t *)(q2 + r * pairs));
                qr[r] = q2 + r * pairs;
            }
            cr[r] = ctx ? ctx + i * ldc : NULL;
            cr16[r] = ctx16 ? ctx16 + i * ldc : NULL;
        }
        for (size_t i = i0 + ROWS; i < i0 + 2 * ROWS && i < len; i++) prefetch_row(qb + i * ldb, bytes);  // the next block's q
        prefetch_next(next, next_len, ldb, bytes, i0 / ROWS, (len + ROWS - 1) / ROWS);
        __m512 vmax[ROWS];
        for (int r = 0; r < ROWS; r++) vmax[r] = _mm512_set1_ps(-INFINITY);
        size_t j = 0;
        for (; j + 32 <= lp; j += 32) scores_block_bf16(qr, kt2, lp, pairs, j, len, scale2, s, vmax, 2);
        if (j < lp) scores_block_bf16(qr, kt2, lp, pairs, j, len, scale2, s, vmax, 1);
        float inv[ROWS];
        for (int r = 0; r < ROWS; r++) {
            uint16_t *pr = (uint16_t *)(p2 + r * half);
            if (r < nr) {
                inv[r] = exp2_row_bf16(s + r * lp, len, half, _mm512_reduce_max_ps(vmax[r]), pr);
            } else {  // rows past the end: products never stored; zeros keep them finite
                inv[r] = 0;
                for (size_t jj = 0; jj < 2 * half; jj++) pr[jj] = 0;
            }
        }
        size_t c0 = 0;
        uint16_t *const *out16 = ctx16 ? cr16 : NULL;
        for (; c0 + 64 <= dim; c0 += 64) pv_block_bf16(p2, half, v2, dim, c0, inv, cr, out16, nr, 4);
        for (; c0 + 32 <= dim; c0 += 32) pv_block_bf16(p2, half, v2, dim, c0, inv, cr, out16, nr, 2);
        for (; c0 < dim; c0 += 16) pv_block_bf16(p2, half, v2, dim, c0, inv, cr, out16, nr, 1);
    }
}

__attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,avx512bf16")))
static void attention_bf16(const float *q, const float *k, const float *v, size_t ld, size_t len, size_t dim, float scale,
                           float *ctx, size_t ldc, float *scratch, const void *const *next, size_t next_len) {
    attention_bf16_body(q, k, v, 0, ld, len, dim, scale, ctx, NULL, ldc, scratch, next, next_len);
}

__attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,avx512bf16")))
static void attention_bf16_in16(const uint16_t *q, const uint16_t *k, const uint16_t *v, size_t ld, size_t len, size_t dim,
                                float scale, uint16_t *ctx16, size_t ldc, float *scratch, const void *const *next,
                                size_t next_len) {
    attention_bf16_body(q, k, v, 1, ld, len, dim, scale, NULL, ctx16, ldc, scratch, next, next_len);
}

static int bf16_supported(void) {
    static int supported = -1;
    if (supported < 0) {
        supported = (ctk_cpu_features() & CTK_CPU_AVX512_BF16) != 0;  // within JOBMATCH_MAX_ISA
    }
    return supported;
}
#endif

int ctk_attention_bf16_available(size_t dim) {
#if defined(__x86_64__)
    return dim > 0 && dim % 16 == 0 && ctk_avx512_active() && bf16_supported();
#else
    (void)dim;
    return 0;
#endif
}

int ctk_attention_bf16(const float *q, const float *k, const float *v, size_t ld, size_t len, size_t dim, float scale,
                       float *ctx, size_t ldc, float *scratch, const float *const *next, size_t next_len) {
#if defined(__x86_64__)
    if (!ctk_attention_bf16_available(dim)) return 0;
    if (len > 0) attention_bf16(q, k, v, ld, len, dim, scale, ctx, ldc, scratch, (const void *const *)next, next_len);
    return 1;
#else
    (void)q; (void)k; (void)v; (void)ld; (void)len; (void)dim; (void)scale; (void)ctx; (void)ldc; (void)scratch;
    (void)next; (void)next_len;
    return 0;
#endif
}

int ctk_attention_bf16_bits(const uint16_t *q, const uint16_t *k, const uint16_t *v, size_t ld, size_t len, size_t dim,
                            float scale, uint16_t *ctx16, size_t ldc, float *scratch, const uint16_t *const *next,
                            size_t next_len) {
#if defined(__x86_64__)
    if (!ctk_attention_bf16_available(dim) || !ctx16) return 0;
    if (len > 0) attention_bf16_in16(q, k, v, ld, len, dim, scale, ctx16, ldc, scratch, (const void *const *)next, next_len);
    return 1;
#else
    (void)q; (void)k; (void)v; (void)ld; (void)len; (void)dim; (void)scale; (void)ctx16; (void)ldc; (void)scratch;
    (void)next; (void)next_len;
    return 0;
#endif
}

int ctk_attention(const float *q, const float *k, const float *v, size_t ld, size_t len, size_t dim, float scale,
                  float *ctx, size_t ldc, float *scratch, const float *const *next, size_t next_len) {
#if defined(__x86_64__)
    if (dim == 0 || dim % 16 != 0 || !ctk_avx512_active()) return 0;
    if (len > 0) attention_avx512(q, k, v, ld, len, dim, scale, ctx, ldc, scratch, next, next_len);
    return 1;
#else
    (void)q; (void)k; (void)v; (void)ld; (void)len; (void)dim; (void)scale; (void)ctx; (void)ldc; (void)scratch;
    (void)next; (void)next_len;
    return 0;
#endif
}
