"""faiss-cpu on the same index file and queries as `index-bench search`; prints one JSON line.

    python peer.py INDEX.faiss QUERIES.f32 NQ_BATCH NQ_SINGLE K THREADS

faiss.read_index loads the file into memory (IndexIDMap around IndexFlatIP, or around
IndexScalarQuantizer SQ8 / SQfp16 — the files `index-bench build` wrote). One warm-up query first.
"""
import json
import os
import resource
import sys
import time

import faiss
import numpy as np

path, qpath = sys.argv[1], sys.argv[2]
nb, ns, k, threads = map(int, sys.argv[3:7])
faiss.omp_set_num_threads(threads)
index = faiss.read_index(path)
d = index.d
queries = np.fromfile(qpath, dtype="<f4").reshape(-1, d)
inner = faiss.downcast_index(index.index)
encoding = {"IndexFlatIP": "float32"}.get(type(inner).__name__)
if encoding is None:
    encoding = {faiss.ScalarQuantizer.QT_8bit: "int8", faiss.ScalarQuantizer.QT_fp16: "float16"}[inner.sq.qtype]
index.search(queries[ns:ns + 1], k)  # warm-up
t0 = time.perf_counter()
single = [index.search(queries[i:i + 1], k)[1][0] for i in range(ns)]
single_s = time.perf_counter() - t0
t1 = time.perf_counter()
index.search(queries[:nb], k)
batch_s = time.perf_counter() - t1
print(json.dumps({
    "engine": "faiss", "encoding": encoding, "dimension": d, "vectors": index.ntotal,
    "batch_queries": nb, "batch_qps": nb / batch_s, "single_queries": ns, "single_qps": ns / single_s,
    "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "file_bytes": os.path.getsize(path), "top10": [[int(x) for x in s[:10]] for s in single[:5]],
    "faiss": faiss.__version__, "simd": faiss.get_compile_options(),
}))
