// AVX-512 exp, erf and bfloat16 rounding for 16 lanes, shared by the kernels (private header).
#ifndef CTK_MATH512_H
#define CTK_MATH512_H
#include <immintrin.h>

#define CTK_TARGET __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl"), always_inline)) static inline

// The bfloat16 bits of 16 floats, as ctk_bf16_1 (portable_math.h): round to nearest even on the
// bits (vcvtneps2bf16 would flush subnormals to zero), NaN stays NaN.
CTK_TARGET __m256i ctk_bf16_16(__m512 x) {
    __m512i b = _mm512_castps_si512(x);
    __m512i r = _mm512_add_epi32(b, _mm512_add_epi32(_mm512_set1_epi32(0x7fff), _mm512_and_si512(_mm512_srli_epi32(b, 16), _mm512_set1_epi32(1))));
    __mmask16 nan = _mm512_cmp_ps_mask(x, x, _CMP_UNORD_Q);
    r = _mm512_mask_or_epi32(r, nan, b, _mm512_set1_epi32(0x400000));
    return _mm512_cvtepi32_epi16(_mm512_srli_epi32(r, 16));
}

// e^x: n = round(x log2 e), r = x - n ln 2 (Cody-Waite, two parts), the degree-6 Cephes expf
// polynomial, then scalef (2^n, with correct overflow, subnormal and zero results).
CTK_TARGET __m512 ctk_exp512(__m512 x) {
    x = _mm512_max_ps(x, _mm512_set1_ps(-104.0f));  // also maps -inf (and NaN) to -104: e^-104 rounds to 0
    x = _mm512_min_ps(x, _mm512_set1_ps(88.8f));
    __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                    _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
    __m512 p = _mm512_set1_ps(1.9875691500e-4f);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
    p = _mm512_fmadd_ps(p, _mm512_mul_ps(r, r), _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
    return _mm512_scalef_ps(p, n);
}

// 2^x for finite x <= 0 (softmax's shifted exponents in base 2): n = round(x), f = x - n in
// [-1/2, 1/2], Cephes' degree-6 exp2f polynomial (relative error below 2e-7), then scalef (2^n, 0
// far below the subnormals). Fewer steps than ctk_exp512: no range reduction by ln 2, no clamps.
CTK_TARGET __m512 ctk_exp2_neg512(__m512 x) {
    __m512 n = _mm512_roundscale_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 f = _mm512_sub_ps(x, n);
    __m512 p = _mm512_set1_ps(1.535336188319500e-4f);
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.339887440266574e-3f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(9.618437357674640e-3f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(5.550332471162809e-2f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(2.402264791363012e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(6.931472028550421e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0f));
    return _mm512_scalef_ps(p, n);
}

// erf(x): for |x| <= 0.875, x + x P(x^2) (P of degree 5); above, 1 - e^-R(t) with t = min(|x|, 3.9)
// and R of degree 8 fitted to -ln erfc(t) (erf rounds to 1 past 3.84), the sign of x copied on.
// Coefficients: weighted minimax fits in float64 rounded to float (made for this file).
CTK_TARGET __m512 ctk_erf512(__m512 x) {
    __m512 a = _mm512_abs_ps(x);
    __m512 s = _mm512_mul_ps(x, x);
    __m512 p = _mm512_set1_ps(-6.203727680258453e-4f);
    p = _mm512_fmadd_ps(p, s, _mm512_set1_ps(5.032266024500132e-3f));
    p = _mm512_fmadd_ps(p, s, _mm512_set1_ps(-2.6791514828801155e-2f));
    p = _mm512_fmadd_ps(p, s, _mm512_set1_ps(1.1282456666231155e-1f));
    p = _mm512_fmadd_ps(p, s, _mm512_set1_ps(-3.761255145072937e-1f));
    p = _mm512_fmadd_ps(p, s, _mm512_set1_ps(1.2837915122509003e-1f));
    __m512 small = _mm512_fmadd_ps(x, p, x);
    __mmask16 big = _mm512_cmp_ps_mask(a, _mm512_set1_ps(0.875f), _CMP_GT_OQ);
    if (big == 0) return small;
    __m512 t = _mm512_min_ps(a, _mm512_set1_ps(3.9f));
    __m512 q = _mm512_set1_ps(9.374740557177574e-7f);
    q = _mm512_fmadd_ps(q, t, _mm512_set1_ps(8.531176717951894e-6f));
    q = _mm512_fmadd_ps(q, t, _mm512_set1_ps(-3.6232423735782504e-4f));
    q = _mm512_fmadd_ps(q, t, _mm512_set1_ps(3.939226735383272e-3f));
    q = _mm512_fmadd_ps(q, t, _mm512_set1_ps(-2.466314658522606e-2f));
    q = _mm512_fmadd_ps(q, t, _mm512_set1_ps(1.0771671682596207e-1f));
    q = _mm512_fmadd_ps(q, t, _mm512_set1_ps(6.337732672691345e-1f));
    q = _mm512_fmadd_ps(q, t, _mm512_set1_ps(1.1293339729309082f));
    q = _mm512_fmadd_ps(q, t, _mm512_set1_ps(-1.417015155311674e-4f));
    __m512 e = _mm512_sub_ps(_mm512_set1_ps(1.0f), ctk_exp512(_mm512_sub_ps(_mm512_setzero_ps(), q)));
    __m512 signed_e = _mm512_or_ps(e, _mm512_and_ps(x, _mm512_set1_ps(-0.0f)));
    return _mm512_mask_blend_ps(big, small, signed_e);
}
// GELU with the exact erf: 0.5 x (1 + erf(x / sqrt 2)), as (0.5 x) (1 + erf).
CTK_TARGET __m512 ctk_gelu512(__m512 v) {
    __m512 e = ctk_erf512(_mm512_mul_ps(v, _mm512_set1_ps(0.70710678118654752f)));
    return _mm512_mul_ps(_mm512_mul_ps(_mm512_set1_ps(0.5f), v), _mm512_add_ps(_mm512_set1_ps(1.0f), e));
}

// In place on one row: e^(x_j - max) for j < len; returns 1 / sum (softmax and attention).
CTK_TARGET float ctk_exp_row512(float *row, size_t len) {
    const __m512 ninf = _mm512_set1_ps(-INFINITY);
    size_t full = len & ~(size_t)15;
    __mmask16 tail = (__mmask16)((1u << (len - full)) - 1);
    __m512 vm = ninf;
    for (size_t j = 0; j < full; j += 16) vm = _mm512_max_ps(vm, _mm512_loadu_ps(row + j));
    if (tail) vm = _mm512_max_ps(vm, _mm512_mask_loadu_ps(ninf, tail, row + full));
    __m512 m = _mm512_set1_ps(_mm512_reduce_max_ps(vm));
    __m512 acc = _mm512_setzero_ps();
    for (size_t j = 0; j < full; j += 16) {
        __m512 e = ctk_exp512(_mm512_sub_ps(_mm512_loadu_ps(row + j), m));
        _mm512_storeu_ps(row + j, e);
        acc = _mm512_add_ps(acc, e);
    }
    if (tail) {
        __m512 e = _mm512_maskz_mov_ps(tail, ctk_exp512(_mm512_sub_ps(_mm512_mask_loadu_ps(ninf, tail, row + full), m)));
        _mm512_mask_storeu_ps(row + full, tail, e);
        acc = _mm512_add_ps(acc, e);
    }
    return 1.0f / _mm512_reduce_add_ps(acc);
}

#endif
