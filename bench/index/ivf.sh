#!/usr/bin/env bash
# Inverted-file index beside faiss-cpu's own IndexIVFFlat on the same vectors: recall@10 against
# exact search and queries/s at nprobe 1, 4, 16, 64, whole processes (`jobmatch search --nprobe`
# against a Python process running faiss.read_index + search), medians over rounds that alternate
# which engine runs first. Each engine trains its own centroids (nlist = 4·√N unless
# BENCH_IVF_NLIST); "faiss on our file" is faiss searching the index file we wrote (same recall
# as ours: the format check at scale).
#
#   BENCH_IVF_SOURCE=ws/tables/jobs_encoded.parquet bash bench/index/ivf.sh
#   BENCH_IVF_VECTORS=1000000 BENCH_IVF_ROUNDS=1 bash bench/index/ivf.sh
#   BENCH_IVF_ENCODING=int8 bash bench/index/ivf.sh     # SQ8 residuals: ours beside faiss's IndexIVFScalarQuantizer
#
# Vectors: real sentence embeddings (BENCH_IVF_SOURCE, default bench/out/recall/docs.parquet from
# `make bench-index-recall`) repeated with noise to N (make_ivf_data.py); queries are fresh noisy
# copies. Timings are wall-clock on whatever else the machine is doing.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench/out/ivf}
PY=${BENCH_PYTHON:-${JOBMATCH_VENV:-$HOME/.cache/jobmatch/venv}/bin/python}
SOURCE=${BENCH_IVF_SOURCE:-$ROOT/bench/out/recall/docs.parquet}
N=${BENCH_IVF_VECTORS:-200000}
NQ=${BENCH_IVF_QUERIES:-10000}
NOISE=${BENCH_IVF_NOISE:-0.5}
NPROBES=${BENCH_IVF_NPROBES:-1 4 16 64}
ROUNDS=${BENCH_IVF_ROUNDS:-3}
THREADS=${BENCH_THREADS:-2}
K=10
ENCODING=${BENCH_IVF_ENCODING:-float32}
case "$ENCODING" in float32) TAG=$N ;; int8) TAG=$N-sq8 ;; *) echo "bench-ivf: BENCH_IVF_ENCODING is float32 or int8" >&2; exit 1 ;; esac
export OMP_NUM_THREADS=$THREADS JOBMATCH_THREADS=$THREADS
[ -f "$SOURCE" ] || { echo "bench-ivf: no $SOURCE (set BENCH_IVF_SOURCE to a Parquet file of real embeddings)" >&2; exit 1; }
"$PY" -c "import faiss" 2>/dev/null || { echo "bench-ivf: faiss-cpu is missing from $PY" >&2; exit 1; }
JOBMATCH=${JOBMATCH_BIN:-}
if [ -z "$JOBMATCH" ]; then
  (cd "$ROOT" && swift build -c release --product jobmatch >&2)
  JOBMATCH="$ROOT/.build/release/jobmatch"
fi
NLIST=${BENCH_IVF_NLIST:-$("$PY" -c "print(round(4 * $N ** 0.5))")}
mkdir -p "$OUT"
[ -f "$OUT/base-$N.f32" ] || {
  "$PY" "$ROOT/bench/index/make_ivf_data.py" "$SOURCE" "$N" "$NQ" "$NOISE" "$OUT/data-$N"
  mv "$OUT/data-$N/base.f32" "$OUT/base-$N.f32"
}
DATA="$OUT/data-$N"
D=$("$PY" -c "import os; print(os.path.getsize('$DATA/queries.f32') // 4 // $NQ)")
[ -f "$OUT/exact-$N.i64" ] || "$PY" "$ROOT/bench/index/ivf_peer.py" exact "$OUT/base-$N.f32" "$DATA/queries.f32" "$D" $K "$OUT/exact-$N.i64"

now() { date +%s.%N; }
# Builds (train + add + write, whole processes) are kept: delete the .faiss files to time them again.
if [ ! -f "$OUT/ours-$TAG.faiss" ] || [ ! -f "$OUT/faiss-$TAG.faiss" ]; then
  t0=$(now)
  "$JOBMATCH" index --embeddings "$DATA/base.parquet" --id-field id --output "$OUT/ours-$TAG.faiss" --ivf "$NLIST" --encoding "$ENCODING" >&2
  ours_build=$(echo "$(now) - $t0" | bc)
  t0=$(now)
  "$PY" "$ROOT/bench/index/ivf_peer.py" train "$OUT/base-$N.f32" "$D" "$NLIST" "$OUT/faiss-$TAG.faiss" "$ENCODING" >/dev/null
  faiss_build=$(echo "$(now) - $t0" | bc)
  echo "build (train + add + write, whole process): ours $ours_build s, faiss $faiss_build s" > "$OUT/build-$TAG.txt"
fi
echo "bench-ivf: $N vectors, d $D, nlist $NLIST, $ENCODING; $(cat "$OUT/build-$TAG.txt")" >&2

RESULTS="$OUT/results-$TAG.jsonl"
: > "$RESULTS"
for r in $(seq 1 "$ROUNDS"); do
  for p in $NPROBES; do
    ours() {
      local t0; t0=$(now)
      "$JOBMATCH" search --index "$OUT/ours-$TAG.faiss" --queries "$DATA/queries.parquet" --k $K --nprobe "$p" --json > "$OUT/ours.json"
      local w; w=$(echo "$(now) - $t0" | bc | sed "s/^\./0./")
      echo "{\"engine\": \"ours\", \"nprobe\": $p, \"queries\": $NQ, \"wall_s\": $w, \"recall\": $("$PY" "$ROOT/bench/index/ivf_peer.py" recall "$OUT/ours.json" "$OUT/exact-$N.i64" $K)}" >> "$RESULTS"
    }
    theirs() {
      local t0; t0=$(now)
      "$PY" "$ROOT/bench/index/ivf_peer.py" search "$OUT/faiss-$TAG.faiss" "$DATA/queries.f32" "$p" $K "$OUT/faiss.i64" "$THREADS" > /dev/null
      local w; w=$(echo "$(now) - $t0" | bc | sed "s/^\./0./")
      echo "{\"engine\": \"faiss\", \"nprobe\": $p, \"queries\": $NQ, \"wall_s\": $w, \"recall\": $("$PY" "$ROOT/bench/index/ivf_peer.py" recall "$OUT/faiss.i64" "$OUT/exact-$N.i64" $K)}" >> "$RESULTS"
    }
    if [ $((r % 2)) = 1 ]; then ours; theirs; else theirs; ours; fi
    if [ "$r" = 1 ]; then
      "$PY" "$ROOT/bench/index/ivf_peer.py" search "$OUT/ours-$TAG.faiss" "$DATA/queries.f32" "$p" $K "$OUT/cross.i64" "$THREADS" > /dev/null
      echo "{\"engine\": \"faiss-on-ours\", \"nprobe\": $p, \"queries\": $NQ, \"recall\": $("$PY" "$ROOT/bench/index/ivf_peer.py" recall "$OUT/cross.i64" "$OUT/exact-$N.i64" $K)}" >> "$RESULTS"
    fi
    echo "bench-ivf: round $r nprobe $p done" >&2
  done
done
echo "$N vectors of dimension $D, nlist $NLIST, $ENCODING ($([ "$ENCODING" = int8 ] && echo "IVF$NLIST,SQ8: IndexIVFScalarQuantizer" || echo "IVF$NLIST,Flat: IndexIVFFlat")), $NQ queries, k $K, $THREADS threads; $(cat "$OUT/build-$TAG.txt")"
"$PY" "$ROOT/bench/index/ivf_peer.py" table "$RESULTS"
