// Portable exp and erf (plain C, branch-free so the compiler can vectorise the loops calling them;
// the same fits as math512.h, private header).
#ifndef CTK_PORTABLE_MATH_H
#define CTK_PORTABLE_MATH_H
#include <stdint.h>
#include <string.h>

static inline float ctk_bits_to_float(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static inline uint32_t ctk_float_to_bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

// The bfloat16 bits of x: round to nearest even on the bits (subnormals kept), NaN stays NaN (quiet).
static inline uint16_t ctk_bf16_1(float x) {
    uint32_t b = ctk_float_to_bits(x);
    if (x != x) return (uint16_t)((b >> 16) | 0x40);
    return (uint16_t)((b + 0x7fff + ((b >> 16) & 1)) >> 16);
}

// e^x: the Cephes expf polynomial after Cody-Waite reduction; 2^n applied as two factors 2^(n/2)
// and 2^(n - n/2), both normal, so results near overflow and in the subnormal range come out right.
// 0 below -104 (and for -inf), inf above 88.8.
static inline float ctk_exp1(float x) {
    float xc = x < -104.0f ? -104.0f : (x > 88.8f ? 88.8f : x);
    float shifted = xc * 1.44269504088896341f + 12582912.0f;  // round to nearest with 1.5 * 2^23
    float n = shifted - 12582912.0f;
    float r = xc - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    float e = p * (r * r) + r + 1.0f;
    int32_t ni = (int32_t)n, n1 = ni >> 1, n2 = ni - n1;
    return e * ctk_bits_to_float((uint32_t)(n1 + 127) << 23) * ctk_bits_to_float((uint32_t)(n2 + 127) << 23);
}

static inline float ctk_erf1(float x) {
    float a = x < 0 ? -x : x, s = x * x;
    float p = -6.203727680258453e-4f;
    p = p * s + 5.032266024500132e-3f;
    p = p * s + -2.6791514828801155e-2f;
    p = p * s + 1.1282456666231155e-1f;
    p = p * s + -3.761255145072937e-1f;
    p = p * s + 1.2837915122509003e-1f;
    float small = x * p + x;
    float t = a < 3.9f ? a : 3.9f;
    float q = 9.374740557177574e-7f;
    q = q * t + 8.531176717951894e-6f;
    q = q * t + -3.6232423735782504e-4f;
    q = q * t + 3.939226735383272e-3f;
    q = q * t + -2.466314658522606e-2f;
    q = q * t + 1.0771671682596207e-1f;
    q = q * t + 6.337732672691345e-1f;
    q = q * t + 1.1293339729309082f;
    q = q * t + -1.417015155311674e-4f;
    float e = 1.0f - ctk_exp1(-q);
    float big = ctk_bits_to_float(ctk_float_to_bits(e) | (ctk_float_to_bits(x) & 0x80000000u));
    return a > 0.875f ? big : small;
}
#endif
