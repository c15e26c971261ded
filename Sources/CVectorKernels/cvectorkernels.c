#include "cvectorkernels.h"
#include "ctensorkernels.h"
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#define CVK_X86 1
#endif

// ---- portable paths ---------------------------------------------------------------------------

static float half_to_float(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000) << 16;
    uint32_t exp = (h >> 10) & 0x1f, mant = h & 0x3ff, bits;
    if (exp == 0) {
        if (mant == 0) {
            bits = sign;
        } else {  // subnormal: renormalise
            exp = 127 - 15 + 1;
            while (!(mant & 0x400)) { mant <<= 1; exp--; }
            mant &= 0x3ff;
            bits = sign | (exp << 23) | (mant << 13);
        }
    } else if (exp == 31) {
        bits = sign | 0x7f800000u | (mant << 13);
    } else {
        bits = sign | ((exp + 127 - 15) << 23) | (mant << 13);
    }
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

static uint16_t float_to_half(float f) {
    uint32_t x;
    memcpy(&x, &f, 4);
    uint32_t sign = (x >> 16) & 0x8000;
    int32_t exp = (int32_t)((x >> 23) & 0xff);
    uint32_t mant = x & 0x7fffff;
    if (exp == 0xff) return (uint16_t)(sign | 0x7c00 | (mant ? 0x200 : 0));
    int32_t e = exp - 127 + 15;
    if (e >= 31) return (uint16_t)(sign | 0x7c00);
    if (e <= 0) {
        if (e < -10) return (uint16_t)sign;
        mant |= 0x800000;
        uint32_t shift = (uint32_t)(14 - e);
        uint32_t half = mant >> shift, rem = mant & ((1u << shift) - 1), mid = 1u << (shift - 1);
        if (rem > mid || (rem == mid && (half & 1))) half++;
        return (uint16_t)(sign | half);
    }
    // Normal range: ties round away from zero, as faiss's software encode_fp16 does (so our
    // SQfp16 codes equal faiss's byte for byte); the carry into the exponent is correct.
    uint32_t half = (uint32_t)(e << 10) | (mant >> 13), rem = mant & 0x1fff;
    if (rem >= 0x1000) half++;
    return (uint16_t)(sign | half);
}

static void scan_f32_portable(const float *q, const float *rows, size_t n, size_t d, float *s) {
    for (size_t i = 0; i < n; i++) {
        const float *r = rows + i * d;
        float acc = 0;
        for (size_t j = 0; j < d; j++) acc += q[j] * r[j];
        s[i] = acc;
    }
}

static void scan_u8_portable(const float *w, float bias, const uint8_t *codes, size_t n, size_t d, float *s) {
    for (size_t i = 0; i < n; i++) {
        const uint8_t *c = codes + i * d;
        float acc = 0;
        for (size_t j = 0; j < d; j++) acc += w[j] * (float)c[j];
        s[i] = bias + acc;
    }
}

static void scan_f16_portable(const float *q, const uint16_t *rows, size_t n, size_t d, float *s) {
    for (size_t i = 0; i < n; i++) {
        const uint16_t *r = rows + i * d;
        float acc = 0;
        for (size_t j = 0; j < d; j++) acc += q[j] * half_to_float(r[j]);
        s[i] = acc;
    }
}

static size_t at_least_portable(const float *s, size_t n, float t, uint32_t *out) {
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] >= t) out[m++] = (uint32_t)i;
    return m;
}

// ---- AVX-512 paths ----------------------------------------------------------------------------
#ifdef CVK_X86
#define CVK_TARGET __attribute__((target("avx512f,avx512bw,avx512vl,f16c,fma")))

CVK_TARGET static inline float hsum512(__m512 v) { return _mm512_reduce_add_ps(v); }

CVK_TARGET static void scan_f32_avx512(const float *q, const float *rows, size_t n, size_t d, float *s) {
    size_t d16 = d & ~(size_t)15;
    __mmask16 tail = (__mmask16)((1u << (d - d16)) - 1);
    for (size_t i = 0; i < n; i++) {
        const float *r = rows + i * d;
        __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps();
        size_t j = 0;
        for (; j + 32 <= d16; j += 32) {
            a0 = _mm512_fmadd_ps(_mm512_loadu_ps(q + j), _mm512_loadu_ps(r + j), a0);
            a1 = _mm512_fmadd_ps(_mm512_loadu_ps(q + j + 16), _mm512_loadu_ps(r + j + 16), a1);
        }
        for (; j < d16; j += 16) a0 = _mm512_fmadd_ps(_mm512_loadu_ps(q + j), _mm512_loadu_ps(r + j), a0);
        if (tail) a1 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(tail, q + j), _mm512_maskz_loadu_ps(tail, r + j), a1);
        s[i] = hsum512(_mm512_add_ps(a0, a1));
    }
}

CVK_TARGET static void scan_u8_avx512(const float *w, float bias, const uint8_t *codes, size_t n, size_t d, float *s) {
    size_t d16 = d & ~(size_t)15;
    __mmask16 tail = (__mmask16)((1u << (d - d16)) - 1);
    for (size_t i = 0; i < n; i++) {
        const uint8_t *c = codes + i * d;
        __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps();
        size_t j = 0;
        for (; j + 32 <= d16; j += 32) {
            __m256i b = _mm256_loadu_si256((const __m256i *)(c + j));
            __m512 f0 = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm256_castsi256_si128(b)));
            __m512 f1 = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm256_extracti128_si256(b, 1)));
            a0 = _mm512_fmadd_ps(_mm512_loadu_ps(w + j), f0, a0);
            a1 = _mm512_fmadd_ps(_mm512_loadu_ps(w + j + 16), f1, a1);
        }
        for (; j < d16; j += 16) {
            __m512 f = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)(c + j))));
            a0 = _mm512_fmadd_ps(_mm512_loadu_ps(w + j), f, a0);
        }
        if (tail) {
            __m512 f = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_maskz_loadu_epi8(tail, c + j)));
            a1 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(tail, w + j), f, a1);
        }
        s[i] = bias + hsum512(_mm512_add_ps(a0, a1));
    }
}

CVK_TARGET static void scan_f16_avx512(const float *q, const uint16_t *rows, size_t n, size_t d, float *s) {
    size_t d16 = d & ~(size_t)15;
    __mmask16 tail = (__mmask16)((1u << (d - d16)) - 1);
    for (size_t i = 0; i < n; i++) {
        const uint16_t *r = rows + i * d;
        __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps();
        size_t j = 0;
        for (; j + 32 <= d16; j += 32) {
            __m512 f0 = _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(r + j)));
            __m512 f1 = _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(r + j + 16)));
            a0 = _mm512_fmadd_ps(_mm512_loadu_ps(q + j), f0, a0);
            a1 = _mm512_fmadd_ps(_mm512_loadu_ps(q + j + 16), f1, a1);
        }
        for (; j < d16; j += 16)
            a0 = _mm512_fmadd_ps(_mm512_loadu_ps(q + j), _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(r + j))), a0);
        if (tail) {
            __m512 f = _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(tail, r + j));
            a1 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(tail, q + j), f, a1);
        }
        s[i] = hsum512(_mm512_add_ps(a0, a1));
    }
}

CVK_TARGET static size_t at_least_avx512(const float *s, size_t n, float t, uint32_t *out) {
    const __m512 th = _mm512_set1_ps(t);
    const __m512i step = _mm512_set1_epi32(16);
    __m512i idx = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    size_t m = 0, i = 0;
    for (; i + 16 <= n; i += 16, idx = _mm512_add_epi32(idx, step)) {
        __mmask16 k = _mm512_cmp_ps_mask(_mm512_loadu_ps(s + i), th, _CMP_GE_OQ);
        if (k) {  // rare once the heap is full: most blocks of 16 are rejected by one compare
            _mm512_mask_compressstoreu_epi32(out + m, k, idx);
            m += (size_t)__builtin_popcount(k);
        }
    }
    for (; i < n; i++)
        if (s[i] >= t) out[m++] = (uint32_t)i;
    return m;
}
#endif

// ---- dispatch ---------------------------------------------------------------------------------

int cvk_avx512_available(void) {
#ifdef CVK_X86
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        // AVX-512 F/DQ/BW/VL as CPUID reports them within JOBMATCH_MAX_ISA (one reading of the
        // cap for every kernel family: ctk_cpu_features), plus F16C for the float16 codes.
        cached = (ctk_cpu_features() & CTK_CPU_AVX512) && __builtin_cpu_supports("f16c") && __builtin_cpu_supports("fma");
    }
    return cached;
#else
    return 0;
#endif
}

void cvk_scan_f32(const float *q, const float *rows, size_t n, size_t d, float *s) {
#ifdef CVK_X86
    if (cvk_avx512_available()) { scan_f32_avx512(q, rows, n, d, s); return; }
#endif
    scan_f32_portable(q, rows, n, d, s);
}

void cvk_scan_u8(const float *w, float bias, const uint8_t *codes, size_t n, size_t d, float *s) {
#ifdef CVK_X86
    if (cvk_avx512_available()) { scan_u8_avx512(w, bias, codes, n, d, s); return; }
#endif
    scan_u8_portable(w, bias, codes, n, d, s);
}

void cvk_scan_f16(const float *q, const uint16_t *rows, size_t n, size_t d, float *s) {
#ifdef CVK_X86
    if (cvk_avx512_available()) { scan_f16_avx512(q, rows, n, d, s); return; }
#endif
    scan_f16_portable(q, rows, n, d, s);
}

size_t cvk_at_least(const float *scores, size_t n, float threshold, uint32_t *out) {
#ifdef CVK_X86
    if (cvk_avx512_available()) return at_least_avx512(scores, n, threshold, out);
#endif
    return at_least_portable(scores, n, threshold, out);
}

void cvk_f16_to_f32(const uint16_t *half, float *out, size_t count) {
    for (size_t i = 0; i < count; i++) out[i] = half_to_float(half[i]);
}

void cvk_f32_to_f16(const float *in, uint16_t *out, size_t count) {
    for (size_t i = 0; i < count; i++) out[i] = float_to_half(in[i]);
}

void cvk_decode_u8(const uint8_t *codes, const float *vmin, const float *vdiff, size_t n, size_t d, float *out) {
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < d; j++)
            out[i * d + j] = vmin[j] + ((float)codes[i * d + j] + 0.5f) / 255.0f * vdiff[j];
}
