#!/usr/bin/env bash
# Recall/memory table: recall@10 of every (Matryoshka dimension × encoding) variant of our index
# against exact float32 search at full dimension, on REAL embeddings (synthetic random vectors make
# truncation meaningless): LinkedIn + Glassdoor postings as documents, the resumes of
# UpdatedResumeDataSet.csv as queries, encoded with `jobmatch embed` (all-MiniLM-L6-v2 unless
# JOBMATCH_MODEL_DIR says otherwise). Bytes at 1.35M vectors are computed from the file layout
# (header + n × (code bytes + 8-byte id)); resident memory is the same once a search has touched
# every mapped page (codes) plus the ids, which are read into memory.
#
#   make bench-index-recall            # ~7,600 documents + 167 queries; encoding takes ~10 min here
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench/out/recall}
PY=${BENCH_PYTHON:-${JOBMATCH_VENV:-$HOME/.cache/jobmatch/venv}/bin/python}
DATA=${BENCH_DATA:-$ROOT/data/real}
MODEL=${JOBMATCH_MODEL_DIR:-${JOBMATCH_MODEL_CACHE:-$HOME/.cache/jobmatch/models}/all-MiniLM-L6-v2}
mkdir -p "$OUT"
(cd "$ROOT/bench/index" && swift build -c release >&2)
JOBMATCH=${JOBMATCH_BIN:-}
if [ -z "$JOBMATCH" ]; then
  (cd "$ROOT" && swift build -c release --product jobmatch >&2)
  JOBMATCH="$ROOT/.build/release/jobmatch"
fi
"$PY" "$ROOT/bench/index/make_texts.py" "$DATA" "$OUT"
for f in queries docs; do
  [ -f "$OUT/$f.parquet" ] || "$JOBMATCH" embed --model "$MODEL" --input "$OUT/$f.jsonl" --output "$OUT/$f.parquet" --max-seq-length 256 >&2
  "$PY" "$ROOT/bench/index/parquet_to_f32.py" "$OUT/$f.parquet" "$OUT/$f.f32"
done
"$ROOT/bench/index/.build/release/index-bench" recall "$OUT/docs.f32" "$OUT/queries.f32" 384 "$OUT/indexes" > "$OUT/recall.jsonl"
"$PY" - "$OUT/recall.jsonl" "$(basename "$MODEL")" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
n = 1_350_000
print(f"{rows[0]['documents']} documents, {rows[0]['queries']} queries, {sys.argv[2]}; recall@10 against exact float32 search at 384 dimensions")
print()
print("| dimension | encoding | recall@10 | bytes/vector | index file here | index file (and resident) at 1.35M |")
print("| --- | --- | --- | --- | --- | --- |")
best = None
for r in rows:
    header = r["file_bytes"] - r["documents"] * (r["bytes_per_vector"] + 8)
    at = header + n * (r["bytes_per_vector"] + 8)
    ok = r["recall_at_10"] >= 0.98
    if ok and (best is None or at < best[1]):
        best = (r, at)
    mark = "**" if ok else ""
    print(f"| {r['dimension']} | {r['encoding']} | {mark}{r['recall_at_10']:.3f}{mark} | {r['bytes_per_vector']} | "
          f"{r['file_bytes'] / 1e6:.1f} MB | {at / 1e6:.0f} MB |")
print()
if best:
    r, at = best
    print(f"Smallest variant with recall@10 ≥ 0.98: {r['dimension']} dimensions, {r['encoding']}: {at / 1e6:.0f} MB at 1.35M vectors.")
else:
    print("No variant keeps recall@10 ≥ 0.98.")
PY
