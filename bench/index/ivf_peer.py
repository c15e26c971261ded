"""faiss-cpu's own IndexIVFFlat beside `jobmatch index --ivf` / `jobmatch search --nprobe`.

    python ivf_peer.py exact BASE.f32 QUERIES.f32 D K OUT.i64        exact top-K ids (IndexFlatIP)
    python ivf_peer.py train BASE.f32 D NLIST OUT.faiss [ENCODING]   faiss trains and adds (as --ivf; int8:
        IndexIVFScalarQuantizer QT_8bit with residuals, as --ivf --encoding int8)
    python ivf_peer.py search INDEX.faiss QUERIES.f32 NPROBE K OUT.i64 THREADS
        one whole-process search: reads the index (faiss.read_index), searches every query in one
        batch, writes the ids; prints JSON {"search_s", "load_s"} (in-process times, for context)
    python ivf_peer.py recall RESULT EXACT.i64 K      recall@K of RESULT (.i64 ids, or `jobmatch search --json`)
    python ivf_peer.py table RESULTS.jsonl            the Markdown table (medians over rounds)

IndexIVFFlat(IndexFlatIP(d), d, nlist, METRIC_INNER_PRODUCT) with faiss's defaults: spherical
k-means, 10 iterations, at most 256 training points per centroid, seed 1234.
"""
import json
import sys
import time

import faiss
import numpy as np

cmd = sys.argv[1]
if cmd == "exact":
    d, k = int(sys.argv[4]), int(sys.argv[5])
    x = np.fromfile(sys.argv[2], dtype="<f4").reshape(-1, d)
    q = np.fromfile(sys.argv[3], dtype="<f4").reshape(-1, d)
    index = faiss.IndexFlatIP(d)
    index.add(x)
    _, ids = index.search(q, k)
    ids.astype("<i8").tofile(sys.argv[6])
elif cmd == "train":
    d, nlist = int(sys.argv[3]), int(sys.argv[4])
    x = np.fromfile(sys.argv[2], dtype="<f4").reshape(-1, d)
    if len(sys.argv) > 6 and sys.argv[6] == "int8":
        index = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(d), d, nlist, faiss.ScalarQuantizer.QT_8bit,
                                              faiss.METRIC_INNER_PRODUCT)
    else:
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(d), d, nlist, faiss.METRIC_INNER_PRODUCT)
    t0 = time.perf_counter()
    index.train(x)
    index.add_with_ids(x, np.arange(len(x), dtype=np.int64))
    faiss.write_index(index, sys.argv[5])
    print(json.dumps({"build_s": time.perf_counter() - t0}))
elif cmd == "search":
    nprobe, k, threads = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[7])
    faiss.omp_set_num_threads(threads)
    t0 = time.perf_counter()
    index = faiss.read_index(sys.argv[2])
    index.nprobe = nprobe
    q = np.fromfile(sys.argv[3], dtype="<f4").reshape(-1, index.d)
    t1 = time.perf_counter()
    _, ids = index.search(q, k)
    t2 = time.perf_counter()
    ids.astype("<i8").tofile(sys.argv[6])
    print(json.dumps({"load_s": t1 - t0, "search_s": t2 - t1}))
elif cmd == "recall":
    k = int(sys.argv[4])
    exact = np.fromfile(sys.argv[3], dtype="<i8").reshape(-1, k)
    if sys.argv[2].endswith(".json"):
        with open(sys.argv[2]) as f:
            rows = [json.loads(line) for line in f]
        got = {int(r["query"]): r["ids"] for r in rows}
        got = [got[i] for i in range(len(exact))]
    else:
        got = np.fromfile(sys.argv[2], dtype="<i8").reshape(-1, k).tolist()
    found = sum(len(set(g) & set(e.tolist())) for g, e in zip(got, exact))
    print(found / exact.size)
elif cmd == "table":
    import statistics
    from collections import defaultdict
    with open(sys.argv[2]) as f:
        rows = [json.loads(line) for line in f]
    wall, recall = defaultdict(list), {}
    for r in rows:
        if "wall_s" in r:
            wall[(r["engine"], r["nprobe"])].append(r["wall_s"])
        recall[(r["engine"], r["nprobe"])] = r["recall"]
    nq = rows[0]["queries"]
    print("| nprobe | recall@10 ours | recall@10 faiss | faiss on our file | ours q/s (whole process) | faiss q/s (whole process) | ours / faiss |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for p in sorted({n for _, n in wall}):
        o, t = statistics.median(wall[("ours", p)]), statistics.median(wall[("faiss", p)])
        cross = recall.get(("faiss-on-ours", p))
        print(f"| {p} | {recall[('ours', p)]:.4f} | {recall[('faiss', p)]:.4f} | "
              f"{'' if cross is None else f'{cross:.4f}'} | {nq / o:,.0f} | {nq / t:,.0f} | {t / o:.2f}x |")
else:
    sys.exit(f"unknown command {cmd}")
