#include "ccrc32c.h"
#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <nmmintrin.h>

int ccrc32c_hardware_available(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    return (c & bit_SSE4_2) != 0;
}

__attribute__((target("sse4.2")))
uint32_t ccrc32c_update(uint32_t state, const void *data, size_t count) {
    const unsigned char *p = (const unsigned char *)data;
    uint64_t crc = state;
    while (count >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        crc = _mm_crc32_u64(crc, word);
        p += 8;
        count -= 8;
    }
    uint32_t crc32 = (uint32_t)crc;
    while (count > 0) {
        crc32 = _mm_crc32_u8(crc32, *p++);
        count--;
    }
    return crc32;
}
#else
int ccrc32c_hardware_available(void) { return 0; }
uint32_t ccrc32c_update(uint32_t state, const void *data, size_t count) {
    (void)data; (void)count;
    return state;
}
#endif
