// What the processor can do, from CPUID and XGETBV (the OS must save the wider registers too),
// never from a table of model numbers.
#include "ctensorkernels.h"

#include <stdlib.h>
#include <strings.h>

int ctk_isa_cap(void) {
    static int cap = -1;  // racing first calls compute the same value
    if (cap < 0) {
        const char *s = getenv("JOBMATCH_MAX_ISA");
        cap = !s || !*s || !strcasecmp(s, "native") ? CTK_ISA_NATIVE
            : !strcasecmp(s, "none") ? CTK_ISA_NONE
            : !strcasecmp(s, "avx2") ? CTK_ISA_AVX2
            : !strcasecmp(s, "avx512") ? CTK_ISA_AVX512
            : !strcasecmp(s, "avx512_vnni") ? CTK_ISA_AVX512_VNNI
            : CTK_ISA_UNKNOWN;
    }
    return cap;
}

static uint32_t capped(uint32_t features) {
    switch (ctk_isa_cap()) {
    case CTK_ISA_NONE: return 0;
    case CTK_ISA_AVX2: return features & CTK_CPU_AVX2_FMA;
    case CTK_ISA_AVX512: return features & (CTK_CPU_AVX2_FMA | CTK_CPU_AVX512);
    case CTK_ISA_AVX512_VNNI: return features & (CTK_CPU_AVX2_FMA | CTK_CPU_AVX512 | CTK_CPU_AVX512_VNNI);
    default: return features;
    }
}

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

static uint64_t xgetbv0(void) {
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

static uint32_t cpu_features(void) {
    uint32_t a, b, c, d, out = 0;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    const int osxsave = (c >> 27) & 1, fma = (c >> 12) & 1, avx = (c >> 28) & 1;
    const uint64_t xcr0 = osxsave ? xgetbv0() : 0;
    const int ymm = (xcr0 & 0x6) == 0x6, zmm = (xcr0 & 0xe6) == 0xe6, tiles = (xcr0 & 0x60000) == 0x60000;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    if (avx && ymm && ((b >> 5) & 1) && fma) out |= CTK_CPU_AVX2_FMA;
    if (zmm && ((b >> 16) & 1) && ((b >> 17) & 1) && ((b >> 30) & 1) && ((b >> 31) & 1)) out |= CTK_CPU_AVX512;
    if ((out & CTK_CPU_AVX512) && ((c >> 11) & 1)) out |= CTK_CPU_AVX512_VNNI;
    if (tiles && ((d >> 24) & 1) && ((d >> 22) & 1)) out |= CTK_CPU_AMX_BF16;
    if (tiles && ((d >> 24) & 1) && ((d >> 25) & 1)) out |= CTK_CPU_AMX_INT8;
    if ((out & CTK_CPU_AVX512) && __get_cpuid_count(7, 1, &a, &b, &c, &d) && ((a >> 5) & 1)) out |= CTK_CPU_AVX512_BF16;
    return out;
}

uint32_t ctk_cpu_features(void) { return capped(cpu_features()); }
#else
uint32_t ctk_cpu_features(void) { return capped(0); }
#endif
