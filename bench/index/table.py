"""Markdown table of bench/index/run.sh's results (medians over rounds, ratios against faiss)."""
import json
import statistics
import sys

path, threads, rounds = sys.argv[1], sys.argv[2], sys.argv[3]
rows = [json.loads(line) for line in open(path) if line.strip()]
groups = {}
for r in rows:
    groups.setdefault((r["dimension"], r["engine"], r["encoding"]), []).append(r)


def med(key, g):
    return statistics.median(x[key] for x in g)


def exact(g):
    """Shared ids in the top 10 of the first 5 single queries against our float32 index (recall@10)."""
    ref = groups.get((g[0]["dimension"], "ours", "float32"))
    if not ref:
        return ""
    a, f = g[0]["top10"], ref[0]["top10"]
    return f"{sum(len(set(x) & set(y)) for x, y in zip(a, f))}/{sum(len(y) for y in f)}"


names = {("faiss", "float32"): "faiss IndexFlatIP", ("faiss", "float16"): "faiss SQfp16", ("faiss", "int8"): "faiss SQ8",
         ("ours", "float32"): "ours float32", ("ours", "float16"): "ours float16", ("ours", "int8"): "ours int8 (SQ8)",
         ("faiss-blas", "float32"): "faiss IndexFlatIP, BLAS path¹"}
print(f"k = 100, {threads} threads, medians of {rounds} rounds (engines alternate which runs first)")
print()
print("| d | index | batched q/s | × faiss Flat | batched CPU ms/q | single q/s | single ms/q | single CPU ms/q | × faiss Flat | "
      "× faiss same encoding | peak RSS MiB | file MB | top-10 = faiss | top-10 = ours float32 |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for d in sorted({k[0] for k in groups}, reverse=True):
    flat = groups.get((d, "faiss", "float32"))
    for engine in ("ours", "faiss", "faiss-blas"):
        for enc in ("float32", "float16", "int8"):
            g = groups.get((d, engine, enc))
            if not g:
                continue
            b, s = med("batch_qps", g), med("single_qps", g)
            cb, cs = med("batch_cpu_ms_per_query", g), med("single_cpu_ms_per_query", g)
            if engine == "faiss-blas":  # its single queries take the default scan: not a row of their own
                print(f"| {d} | {names[(engine, enc)]} | {b:.1f} ({g[0]['batch_queries']} q) | **{b / med('batch_qps', flat):.2f}×** | {cb:.1f} | | | | | | {med('peak_rss_mib', g):.0f} | | | |")
                continue
            rb = f"**{b / med('batch_qps', flat):.2f}×**" if flat else "–"
            rs = f"**{s / med('single_qps', flat):.2f}×**" if flat else "–"
            same = groups.get((d, "faiss", enc))
            rsame = f"{s / med('single_qps', same):.2f}× single, {b / med('batch_qps', same):.2f}× batched" if engine == "ours" and same else ""
            agree = ""
            if engine == "ours" and same:
                a, f = g[0]["top10"], same[0]["top10"]
                agree = f"{sum(len(set(x) & set(y)) for x, y in zip(a, f))}/{sum(len(y) for y in f)}"
            print(f"| {d} | {names[(engine, enc)]} | {b:.1f} ({g[0]['batch_queries']} q) | {rb} | {cb:.1f} | {s:.2f} ({g[0]['single_queries']} q) | "
                  f"{1000 / s:.0f} | {cs:.1f} | {rs} | {rsame} | {med('peak_rss_mib', g):.0f} | {g[0]['file_bytes'] / 1e6:.0f} | {agree} | {exact(g)} |")
print()
if any(k[1] == "faiss-blas" for k in groups):
    print("¹ faiss-cpu 1.15.1 with `faiss.cvar.distance_compute_blas_threshold = 20` (its default is 128,000, so a batch "
          "of 1,000 queries takes a SIMD scan per query): the batched queries go through sgemm, as in older faiss releases.")
print("CPU ms/q: user + system CPU time of the process (all threads) per query; wall-clock q/s includes time spent waiting for a core.")
