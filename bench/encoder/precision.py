"""Quality and throughput of `jobmatch embed --precision fp32|bf16|int8` (issue 13 items 4 and 5).

    python precision.py JOBMATCH_BIN MODEL_DIR OUT_DIR THREADS N_JOBS N_CVS N_E5

1. Makes a generated workspace (`jobmatch pipeline --jobs N_JOBS --cvs N_CVS --until process`,
   seed 42) and real texts (data/real: the 100 Glassdoor descriptions and all resumes).
2. Embeds, at each precision, every generated job, the held-out CVs (HeldOutSplit: 10%, seed 42;
   the others are not used) and the real texts (whole `jobmatch embed` processes, timed with
   /usr/bin/time).
3. Quality against fp32: the minimum (and 1st percentile, mean) cosine between a text's reduced-
   precision vector and its fp32 vector, on the real texts and the generated ones; Recall@10 of the
   full ranking of all jobs for each held-out CV against the fp32
   ranking: |top10(p) ∩ top10(fp32)| / 10, averaged over the held-out CVs. The peer, ONNX Runtime fp32
   and int8 (`quantize_dynamic`), embeds the same jobs and CVs and is held to the same reference
   (BENCH_ONNX=0 leaves it out).
4. Throughput: generated jobs per second of wall time for the whole process, extrapolated to
   1.35M jobs; and, with N_E5 > 0, a random model of e5-base-v2's shape (bench/encoder/make_inputs.py)
   on N_E5 texts of at least 512 tokens at --max-seq-length 512.

Prints Markdown tables; vectors stay in OUT_DIR.
"""
import csv, json, os, subprocess, sys
from pathlib import Path
import numpy as np
import pyarrow.parquet as pq
sys.path.insert(0, str(Path(__file__).resolve().parent))
from timed import timed  # noqa: E402

jobmatch, model, out, threads, n_jobs, n_cvs, n_e5 = (
    sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]))
here = Path(__file__).resolve().parent
real = Path(os.environ.get("JOBMATCH_REAL_DATA", here.parents[1] / "data/real"))
precisions = ["fp32", "bf16", "int8"]
out.mkdir(parents=True, exist_ok=True)
env = dict(os.environ, JOBMATCH_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
print(f"threads {threads}; load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n", flush=True)


def run(cmd):
    return timed(cmd, env)


def vectors(path):
    t = pq.read_table(path)
    return [str(x) for x in t.column("id").to_pylist()], np.array(t.column("embedding").to_pylist(), dtype=np.float32)


# 1. Inputs.
ws = out / "ws"
if not (ws / "tables/jobs.parquet").exists():
    subprocess.run([jobmatch, "pipeline", "--workspace", str(ws), "--jobs", str(n_jobs), "--cvs", str(n_cvs),
                    "--until", "process"], env=env, check=True, stdout=subprocess.DEVNULL)
csv.field_size_limit(1 << 30)
texts = [{"id": f"glassdoor{i}", "text": r["Job Description"]}
         for i, r in enumerate(csv.DictReader(open(real / "glassdoor_jobs.csv", newline="")))]
texts += [{"id": f"resume{i}", "text": r["Resume"]}
          for i, r in enumerate(csv.DictReader(open(real / "UpdatedResumeDataSet.csv", newline="")))]
(out / "real.jsonl").write_text("".join(json.dumps(r) + "\n" for r in texts))


def held_out(cv_id, fraction=0.1, seed=42):
    mask = (1 << 64) - 1
    h = 0xcbf29ce484222325 ^ seed
    for b in cv_id.encode():
        h = ((h ^ b) * 0x100000001b3) & mask
    z = (h + 0x9E3779B97F4A7C15) & mask
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
    z ^= z >> 31
    return (z >> 11) * 2.0 ** -53 < fraction


# Generated texts as JSON Lines for every tool: all jobs, and the held-out CVs only (the others
# would only add to the minimum-cosine column; N_CVS = 6000 gives about 600 held-out CVs).
for name, id_field, keep in [("jobs", "job_id", lambda i: True), ("cvs", "cv_id", held_out)]:
    t = pq.read_table(ws / f"tables/{name}.parquet", columns=[id_field, "embedding_text"])
    rows = [(i, x) for i, x in zip(t.column(id_field).to_pylist(), t.column("embedding_text").to_pylist()) if keep(str(i))]
    (out / f"{name}.jsonl").write_text("".join(json.dumps({"id": i, "text": x}) + "\n" for i, x in rows))
inputs = {name: ["--input", str(out / f"{name}.jsonl")] for name in ["jobs", "cvs", "real"]}

# 2. Embed (precisions alternate within each input).
timing = {}
for name, args in inputs.items():
    for p in precisions:
        r = run([jobmatch, "embed", "--model", model, *args, "--precision", p, "--output", str(out / f"{name}-{p}.parquet")])
        timing[(name, p)] = r
        print(f"  {name} {p}: {r}", file=sys.stderr, flush=True)

# 2b. The peer: ONNX Runtime fp32 and its dynamic int8 (bench/encoder/export_onnx.py, made before any
# timing) on the same jobs and CVs, whole processes too (peer_onnx_process.py), batch 32.
peers = {"ort-fp32": "model.onnx", "ort-int8": "model.int8.onnx"} if os.environ.get("BENCH_ONNX", "1") == "1" else {}
if peers:
    onnx_dir = out / "onnx"
    subprocess.run([sys.executable, str(here / "export_onnx.py"), model, str(onnx_dir)], check=True, stdout=subprocess.DEVNULL)
    for name in ["jobs", "cvs"]:
        for key, f in peers.items():
            r = run([sys.executable, str(here / "peer_onnx_process.py"), model, str(onnx_dir / f), str(out / f"{name}.jsonl"),
                     str(out / f"{name}-{key}.parquet"), "32", str(threads)])
            timing[(name, key)] = r
            print(f"  {name} {key}: {r}", file=sys.stderr, flush=True)

# 3. Quality.
vec = {(n, p): vectors(out / f"{n}-{p}.parquet") for n in inputs for p in precisions}
vec.update({(n, p): vectors(out / f"{n}-{p}.parquet") for n in ["jobs", "cvs"] for p in peers})
for (n, p), (ids, _) in vec.items():
    assert ids == vec[(n, "fp32")][0], f"{n}-{p}: rows are not in the fp32 file's order"
n_real, n_jobs_got, n_cvs_got = (len(vec[(n, "fp32")][0]) for n in ["real", "jobs", "cvs"])
cv_ids = vec[("cvs", "fp32")][0]
held = np.array([held_out(c) for c in cv_ids])
assert held.all(), "cvs.jsonl holds the held-out CVs only"
print(f"| tool | min cosine to jobmatch fp32, real texts ({n_real}) | 1st pct / mean | min cosine, generated jobs + CVs | mean 1 − cosine, generated "
      f"| Recall@10 vs fp32 ranking ({held.sum()} held-out CVs × {n_jobs_got} jobs) | CVs with identical top 10 |")
print("| --- | --- | --- | --- | --- | --- | --- |")
top_ref = None
def label(p):
    return {"ort-fp32": "ONNX Runtime fp32", "ort-int8": "ONNX Runtime int8"}.get(p, f"jobmatch {p}")


for p in precisions + list(peers):
    cos_real = np.sum(vec[("real", p)][1] * vec[("real", "fp32")][1], axis=1) if ("real", p) in vec else None
    cos_gen = np.concatenate([np.sum(vec[(n, p)][1] * vec[(n, "fp32")][1], axis=1) for n in ["jobs", "cvs"]])
    scores = vec[("cvs", p)][1][held] @ vec[("jobs", p)][1].T
    top = np.argsort(-scores, axis=1, kind="stable")[:, :10]
    if p == "fp32":
        top_ref = top
    overlap = np.array([len(set(a) & set(b)) / 10 for a, b in zip(top, top_ref)])
    real_cols = f"{cos_real.min():.5f} | {np.percentile(cos_real, 1):.5f} / {cos_real.mean():.5f}" if cos_real is not None else "— | —"
    print(f"| {label(p)} | {real_cols} | {cos_gen.min():.5f} | {1 - cos_gen.mean():.2e} | {overlap.mean():.4f} | {np.mean(overlap == 1):.3f} |", flush=True)

# 4. Throughput on the generated jobs.
# Wall time carries other processes' load; CPU time (user + system) ÷ threads is the wall time the
# process would take with the cores to itself, which is what the second extrapolation uses.
print(f"\n| tool | generated jobs | wall s (whole process) | user s | system s | jobs / s (wall) "
      f"| 1.35M jobs: 1,350,000 ÷ jobs/s | CPU-bound on {threads} cores: (user + sys) ÷ {threads} × 1,350,000 ÷ jobs |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
for p in precisions + list(peers):
    r = timing[("jobs", p)]
    rate = n_jobs_got / r["wall"]
    cpu_wall = (r["user"] + r["sys"]) / threads * 1_350_000 / n_jobs_got
    print(f"| {label(p)} | {n_jobs_got} | {r['wall']:.1f} | {r['user']:.1f} | {r['sys']:.1f} | {rate:.1f} | "
          f"{1_350_000 / rate:,.0f} s = {1_350_000 / rate / 3600:.1f} h | "
          f"{r['user'] + r['sys']:.1f} ÷ {threads} × {1_350_000 / n_jobs_got:,.1f} = {cpu_wall:,.0f} s = {cpu_wall / 3600:.1f} h |",
          flush=True)

# 5. e5-base-v2's shape at 512 tokens (random weights).
if n_e5 > 0:
    py = os.environ.get("BENCH_PYTHON", str(Path.home() / ".cache/jobmatch/venv-fixtures/bin/python"))
    subprocess.run([py, str(here / "make_inputs.py"), str(out / "e5"), "1", model], check=True, stdout=subprocess.DEVNULL)
    e5 = out / "e5/models/e5-base-random"
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(str(Path(model) / "tokenizer.json"))
    tok.no_truncation()
    long = [t for t in texts if t["id"].startswith("resume") and len(tok.encode(t["text"]).ids) >= 512][:n_e5]
    (out / "e5.jsonl").write_text("".join(json.dumps(r) + "\n" for r in long))
    print(f"\n| precision | e5-base-v2 shape, texts of ≥ 512 tokens at --max-seq-length 512 | wall s | user + sys s | jobs / s (wall) "
          f"| 1.35M jobs at 512 tokens (wall) | CPU-bound on {threads} cores |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for p in precisions:
        r = run([jobmatch, "embed", "--model", str(e5), "--input", str(out / "e5.jsonl"), "--max-seq-length", "512",
                 "--precision", p, "--output", str(out / f"e5-{p}.parquet")])
        rate = len(long) / r["wall"]
        cpu_rate = len(long) / ((r["user"] + r["sys"]) / threads)
        print(f"| {p} | {len(long)} | {r['wall']:.1f} | {r['user'] + r['sys']:.1f} | {rate:.2f} | "
              f"1,350,000 ÷ {rate:.2f} = {1_350_000 / rate / 3600:.0f} h | 1,350,000 ÷ {cpu_rate:.2f} = {1_350_000 / cpu_rate / 3600:.0f} h |",
              flush=True)
print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
