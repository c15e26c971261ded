"""Per-layer error of int8 weight quantisation as `jobmatch embed --precision int8` would do it
(one scale per output channel, max|w| / 127, levels -127...127), for every linear layer of a
BERT checkpoint: the relative squared error sum((q - w)^2) / sum(w^2), and the same with one scale
per group of 384 or 128 inputs, to show which layers int8 hurts most (docs/int8.md).

    python bench/encoder/int8_weights.py ~/.cache/jobmatch/models/all-MiniLM-L6-v2
"""
import sys
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file

weights = load_file(str(Path(sys.argv[1]) / "model.safetensors"))
names = {"attention.self.query": "query", "attention.self.key": "key", "attention.self.value": "value",
         "attention.output.dense": "attention output", "intermediate.dense": "intermediate",
         "output.dense": "feed-forward output"}


def error(w, group=None):
    n, k = w.shape
    g = group or k
    blocks = w.reshape(n, k // g, g)
    scale = np.abs(blocks).max(-1, keepdims=True) / 127
    scale[scale == 0] = 1
    q = np.clip(np.round(blocks / scale), -127, 127) * scale
    return float(((q - blocks) ** 2).sum() / (w ** 2).sum())


print("| layer | product | [out, in] | per channel | per 384 inputs | per 128 inputs |")
print("| --- | --- | --- | --- | --- | --- |")
layer = 0
while any(f"encoder.layer.{layer}." in key for key in weights):
    for suffix, label in names.items():
        key = next(k for k in weights if k.endswith(f"encoder.layer.{layer}.{suffix}.weight"))
        w = weights[key].astype(np.float64)
        cells = [f"{error(w, g):.2e}" if g is None or w.shape[1] % g == 0 else "—" for g in [None, 384, 128]]
        print(f"| {layer} | {label} | {list(w.shape)} | " + " | ".join(cells) + " |")
    layer += 1
