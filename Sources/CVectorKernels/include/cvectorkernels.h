// Inner-product scans over stored vectors for the flat index (VectorIndex).
// Our own C, not a library: Swift cannot reach the AVX-512 / F16C intrinsics these loops need
// (unaligned loads, u8 -> f32 and f16 -> f32 widening with FMA). Each routine checks the CPU once
// and falls back to a portable loop; VectorIndex keeps a Swift twin of each for tests.
#ifndef CVECTORKERNELS_H
#define CVECTORKERNELS_H
#include <stddef.h>
#include <stdint.h>

/// 1 if the AVX-512 (F, BW) + F16C + FMA paths are used on this CPU, else 0.
int cvk_avx512_available(void);

/// scores[i] = dot(query, rows + i*d) for i in 0..<n; rows are float32, row-major, any alignment.
void cvk_scan_f32(const float *query, const float *rows, size_t n, size_t d, float *scores);

/// scores[i] = bias + sum_j weights[j] * codes[i*d + j]: the SQ8 inner product with the query's
/// per-dimension weights (q_j * vdiff_j / 255) and constant part folded in by the caller.
void cvk_scan_u8(const float *weights, float bias, const uint8_t *codes, size_t n, size_t d, float *scores);

/// scores[i] = dot(query, half(rows + i*d)) for IEEE binary16 rows.
void cvk_scan_f16(const float *query, const uint16_t *rows, size_t n, size_t d, float *scores);

/// Writes the positions i (ascending) with scores[i] >= threshold into out (room for n) and returns
/// how many; NaN scores never qualify. The top-k selection's pre-filter: one compare per 16 scores.
size_t cvk_at_least(const float *scores, size_t n, float threshold, uint32_t *out);

/// out[i] = float(half[i]) for count values (IEEE binary16 -> binary32, exact).
void cvk_f16_to_f32(const uint16_t *half, float *out, size_t count);

/// out[i] = half(in[i]) as faiss's encode_fp16: round to nearest, ties away from zero in the
/// normal range (numpy and F16C round ties to even: they differ on exact ties only).
void cvk_f32_to_f16(const float *in, uint16_t *out, size_t count);

/// out[i*d + j] = vmin[j] + (codes[i*d + j] + 0.5) / 255 * vdiff[j]: FAISS QT_8bit decoding.
void cvk_decode_u8(const uint8_t *codes, const float *vmin, const float *vdiff, size_t n, size_t d, float *out);
#endif
