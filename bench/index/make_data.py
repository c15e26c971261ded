"""Seeded synthetic unit vectors for the index benchmark, as raw float32 files [n, d] (little-endian).

    python make_data.py OUT.f32 N D SEED

Written in chunks so memory stays at one chunk; the same seed gives the same bytes.
"""
import sys

import numpy as np

out, n, d, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = np.random.default_rng(seed)
with open(out + ".tmp", "wb") as f:
    for lo in range(0, n, 65536):
        x = rng.standard_normal((min(65536, n - lo), d), dtype=np.float32)
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        f.write(x.astype("<f4").tobytes())
import os
os.replace(out + ".tmp", out)
