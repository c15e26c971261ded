"""faiss-cpu on the same index file and queries as `index-bench search`; prints one JSON line.

    python peer.py INDEX.faiss QUERIES.f32 NQ_BATCH NQ_SINGLE K THREADS [BLAS_THRESHOLD]

faiss-cpu 1.15.1 answers IndexFlatIP searches of fewer than distance_compute_blas_threshold
(128,000) queries by a SIMD scan per query; BLAS_THRESHOLD sets it (20, the default of older
faiss releases, sends 1,000 batched queries through sgemm instead: the "BLAS path" row).

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
if len(sys.argv) > 7:
    faiss.cvar.distance_compute_blas_threshold = int(sys.argv[7])
index = faiss.read_index(path)
d = index.d
queries = np.fromfile(qpath, dtype="<f4").reshape(-1, d)
inner = faiss.downcast_index(index.index)
encoding = {"IndexFlatIP": "float32"}.get(type(inner).__name__)
if encoding is None:
    encoding = {faiss.ScalarQuantizer.QT_8bit: "int8", faiss.ScalarQuantizer.QT_fp16: "float16"}[inner.sq.qtype]


def cpu():
    """User + system CPU seconds of this process, all threads (wall time includes waiting for a core)."""
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


index.search(queries[ns:ns + 1], k)  # warm-up
t0, c0 = time.perf_counter(), cpu()
single = [index.search(queries[i:i + 1], k)[1][0] for i in range(ns)]
single_s, single_c = time.perf_counter() - t0, cpu() - c0
t1, c1 = time.perf_counter(), cpu()
index.search(queries[:nb], k)
batch_s, batch_c = time.perf_counter() - t1, cpu() - c1
print(json.dumps({
    "engine": "faiss" if len(sys.argv) <= 7 else "faiss-blas", "encoding": encoding, "dimension": d, "vectors": index.ntotal,
    "batch_queries": nb, "batch_qps": nb / batch_s, "batch_cpu_ms_per_query": 1000 * batch_c / nb,
    "single_queries": ns, "single_qps": ns / single_s, "single_cpu_ms_per_query": 1000 * single_c / ns,
    "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "file_bytes": os.path.getsize(path), "top10": [[int(x) for x in s[:10]] for s in single[:5]],
    "faiss": faiss.__version__, "simd": faiss.get_compile_options(),
}))
