"""Coefficients of the piecewise cubic GELU of the bfloat16 feed-forward (`ctk_bias_gelu_bf16`).

Φ(x) = 1/2 + sign(x) g(|x|), g(a) = erf(a/√2)/2. On a ∈ [0, 5), t = a · 3.2 falls in one of 16
unit intervals; in interval i, g ≈ c0 + f (c1 + f (c2 + f c3)) with f = t − i, fitted by least
squares at 64 Chebyshev nodes in float64 and rounded to float32; for a ≥ 5, g = 1/2 (erf(5/√2)/2 is
1/2 − 2.9e-7). Prints the C table and the largest error of g over a dense grid, computed in float32
as the kernel does. Run: python3 scripts/gelu_bf16_table.py
"""
from math import erf, sqrt

import numpy as np

SCALE = np.float32(3.2)
g = np.vectorize(lambda a: 0.5 * erf(a / sqrt(2)))
rows = []
for i in range(16):
    f = np.cos(np.pi * (np.arange(64) + 0.5) / 64) * 0.5 + 0.5
    c = np.polyfit(f, g((i + f) / float(SCALE)), 3)[::-1]  # c0, c1, c2, c3
    rows.append(c.astype(np.float32))
table = np.array(rows)  # [16, 4]

# The kernel's arithmetic in float32 (fused multiply-adds rounded once: float64 then float32 is
# within an ulp, enough for an error bound).
a = np.linspace(0, 6, 600001).astype(np.float32)
t = np.minimum(a * SCALE, np.float32(16))
idx = np.minimum(np.floor(t), 15).astype(np.int64)
fr = (t - idx.astype(np.float32)).astype(np.float32)
p = table[idx, 3]
for k in (2, 1, 0):
    p = (p.astype(np.float64) * fr + table[idx, k]).astype(np.float32)
p = np.where(a >= 5, np.float32(0.5), p)
err = np.abs(p.astype(np.float64) - g(a.astype(np.float64)))
print(f"// max |g − erf(a/√2)/2| on [0, 6]: {err.max():.2e}")
for k, name in enumerate(["C0", "C1", "C2", "C3"]):
    vals = ", ".join(f"{v:.9e}f" for v in table[:, k])
    print(f"static const float GELU_{name}[16] = {{{vals}}};")
