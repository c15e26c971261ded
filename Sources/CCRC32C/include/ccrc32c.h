// CRC-32C with the CPU's instruction (x86-64 SSE4.2 `crc32`), for the embedded event log.
// Our own C, not a library: Swift cannot reach the instruction without it. Callers check
// ccrc32c_hardware_available() first; the portable path is CRC32C.swift (slicing-by-8).
#ifndef CCRC32C_H
#define CCRC32C_H
#include <stddef.h>
#include <stdint.h>

/// 1 if this CPU has the CRC-32C instruction (x86-64 SSE4.2), else 0.
int ccrc32c_hardware_available(void);

/// Continues a CRC-32C over `count` bytes. `state` is the running register (the inverted CRC:
/// 0xFFFFFFFF at the start; invert the result to get the checksum). Only call when
/// ccrc32c_hardware_available() returned 1.
uint32_t ccrc32c_update(uint32_t state, const void *data, size_t count);
#endif
