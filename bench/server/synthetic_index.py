#!/usr/bin/env python3
"""Random unit vectors for every job of WS/tables/jobs.parquet, as WS/tables/jobs_encoded.parquet
(job_id, embedding list<float>, DIM values), so `jobmatch index --embeddings` can index 100k jobs
without encoding them (the encoder runs at 5-15 texts/s on the 2-core test machine).

A flat index scans every vector whatever its values, so /match costs the same as over real
vectors: one CV encode, one scan of N x DIM floats, skills and explanations for the top results.
Only the ranking is meaningless.

    synthetic_index.py WS DIM SEED
"""
import sys

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

ws, dim, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
ids = pq.read_table(f"{ws}/tables/jobs.parquet", columns=["job_id"]).column("job_id")
rng = np.random.default_rng(seed)
vectors = rng.standard_normal((len(ids), dim), dtype=np.float32)
vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
embedding = pa.FixedSizeListArray.from_arrays(pa.array(vectors.reshape(-1)), dim).cast(pa.list_(pa.float32()))
pq.write_table(pa.table({"job_id": ids, "embedding": embedding}), f"{ws}/tables/jobs_encoded.parquet",
               compression="zstd", row_group_size=16_384)
print(f"{len(ids)} synthetic vectors of dimension {dim}")
