"""An embeddings Parquet file (`jobmatch embed` output: id, embedding: list<float>) as raw float32 [n, d].

    python parquet_to_f32.py IN.parquet OUT.f32
"""
import sys

import numpy as np
import pyarrow.parquet as pq

t = pq.read_table(sys.argv[1], columns=["embedding"])
x = np.array(t.column("embedding").to_pylist(), dtype="<f4")
x.tofile(sys.argv[2])
print(f"{x.shape[0]} vectors of dimension {x.shape[1]}", file=sys.stderr)
