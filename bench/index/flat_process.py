"""Data and faiss's side of the whole-process flat-search comparison (bench/index/search_process.sh).

    python flat_process.py data N D NQ SEED OUTDIR   # OUTDIR/flat-N.faiss (faiss's IndexFlatIP, faiss's
                                                      # own writer), OUTDIR/queries.f32 and queries.parquet
    python flat_process.py search INDEX QUERIES.f32 K THREADS OUT.i64   # faiss's whole process
    python flat_process.py agree OURS.jsonl FAISS.i64 K                 # share of identical top-k ids

Vectors are seeded unit vectors (exact search scans all of them whatever their values, so the
timing is faithful; the ranking is not meant to be).
"""
import json
import sys

import numpy as np

cmd = sys.argv[1]
if cmd == "data":
    import faiss
    import pyarrow as pa
    import pyarrow.parquet as pq
    n, d, nq, seed, out = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
    rng = np.random.default_rng(seed)
    index = faiss.IndexFlatIP(d)
    for lo in range(0, n, 65536):
        x = rng.standard_normal((min(65536, n - lo), d), dtype=np.float32)
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        index.add(x)
    faiss.write_index(index, f"{out}/flat-{n}.faiss")
    q = rng.standard_normal((nq, d), dtype=np.float32)
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    q.astype("<f4").tofile(f"{out}/queries.f32")
    table = pa.table({"id": pa.array(range(nq), pa.int64()),
                      "embedding": pa.array(list(q), pa.list_(pa.float32()))})
    pq.write_table(table, f"{out}/queries.parquet")
elif cmd == "search":
    import faiss
    k, threads = int(sys.argv[4]), int(sys.argv[5])
    faiss.omp_set_num_threads(threads)
    index = faiss.read_index(sys.argv[2])
    q = np.fromfile(sys.argv[3], dtype="<f4").reshape(-1, index.d)
    _, ids = index.search(q, k)
    ids.astype("<i8").tofile(sys.argv[6])
elif cmd == "agree":
    k = int(sys.argv[4])
    theirs = np.fromfile(sys.argv[3], dtype="<i8").reshape(-1, k)
    same = total = 0
    with open(sys.argv[2]) as f:
        for line in f:
            o = json.loads(line)
            same += len(set(o["ids"]) & set(theirs[int(o["query"])].tolist()))
            total += k
    print(f"top-{k} ids shared with faiss: {same / total:.6f}")
