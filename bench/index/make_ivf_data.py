"""Vectors for the IVF benchmark: real embeddings repeated with noise, as Parquet and raw float32.

    python make_ivf_data.py SOURCE.parquet N NQ NOISE OUT_DIR

SOURCE holds real sentence embeddings (an `embedding` list<float> column: a workspace's
tables/jobs_encoded.parquet, or bench/out/recall/docs.parquet from `make bench-index-recall`).
Base vector i is source vector (i mod m) plus Gaussian noise of norm about NOISE, renormalised
(NOISE 0.5: cosine ~0.89 to its source), so the base has the source's cluster structure at N
vectors; the NQ queries are fresh noisy copies of random source vectors (seed 2). Writes
OUT_DIR/{base,queries}.parquet (id int64, embedding list<float>) and {base,queries}.f32 [n, d].
"""
import os
import sys

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

src, n, nq, noise, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
real = np.array(pq.read_table(src, columns=["embedding"]).column("embedding").to_pylist(), dtype=np.float32)
real /= np.linalg.norm(real, axis=1, keepdims=True)
m, d = real.shape


def noisy(rows, rng):
    x = real[rows] + rng.standard_normal((len(rows), d), dtype=np.float32) * (noise / np.sqrt(d))
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def write(name, x):
    x.astype("<f4").tofile(os.path.join(out, name + ".f32"))
    emb = pa.FixedSizeListArray.from_arrays(pa.array(x.reshape(-1)), d).cast(pa.list_(pa.float32()))
    table = pa.table({"id": pa.array(np.arange(len(x), dtype=np.int64)), "embedding": emb})
    pq.write_table(table, os.path.join(out, name + ".parquet"), row_group_size=65536)


os.makedirs(out, exist_ok=True)
write("base", noisy(np.arange(n) % m, np.random.default_rng(1)))
write("queries", noisy(np.random.default_rng(3).integers(0, m, nq), np.random.default_rng(2)))
print(f"{n} base vectors and {nq} queries of dimension {d} from {m} real vectors, noise {noise}", file=sys.stderr)
