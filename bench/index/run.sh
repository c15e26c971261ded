#!/usr/bin/env bash
# Vector index benchmark: our FlatInnerProductIndex (float32, float16, int8) beside faiss-cpu's
# IndexFlatIP (and its SQfp16 / SQ8 for reference) on the SAME index files and queries, k = 100,
# 1.35M seeded synthetic unit vectors of 384 and 128 dimensions; prints a Markdown table of medians
# with ratios.
#
#   make bench-index                                   # every row, 3 rounds
#   BENCH_ROUNDS=1 BENCH_SINGLE=20 make bench-index    # a quicker run
#   BENCH_VECTORS=100000 BENCH_DIMS=128 make bench-index
#
# Data: raw float32 caches under bench/out/index (2 GB for 384 dims, made once by make_data.py),
# then one index file per encoding written by `index-bench build` (FaissIndexWriter); faiss reads
# the same files with faiss.read_index (into memory), ours maps them. Rounds alternate which engine
# runs first; the table shows medians over rounds. Timings are wall-clock on whatever else the
# machine is doing.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench/out/index}
PY=${BENCH_PYTHON:-${JOBMATCH_VENV:-$HOME/.cache/jobmatch/venv}/bin/python}
N=${BENCH_VECTORS:-1350000}
DIMS=${BENCH_DIMS:-384 128}
NQ=${BENCH_QUERIES:-1000}        # batched queries (one search call)
NS=${BENCH_SINGLE:-100}          # single-query searches timed one after another
SQ_NQ=${BENCH_SQ_QUERIES:-100}   # faiss SQfp16/SQ8 reference rows: fewer queries (they scan per query)
SQ_NS=${BENCH_SQ_SINGLE:-20}
BLAS_NQ=${BENCH_BLAS_QUERIES:-$NQ} # faiss IndexFlatIP forced onto its sgemm path (0: skip the row)
ROUNDS=${BENCH_ROUNDS:-3}
K=${BENCH_K:-100}
THREADS=${BENCH_THREADS:-2}
export OMP_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS

mkdir -p "$OUT"
(cd "$ROOT/bench/index" && swift build -c release >&2)
BIN="$ROOT/bench/index/.build/release/index-bench"
"$PY" -c "import faiss" 2>/dev/null || { echo "bench-index: faiss-cpu is missing from $PY (scripts/requirements-test.txt)" >&2; exit 1; }

RESULTS="$OUT/results.jsonl"
: > "$RESULTS"
for d in $DIMS; do
  base="$OUT/base-$N-$d"
  [ -f "$base.f32" ] || "$PY" "$ROOT/bench/index/make_data.py" "$base.f32" "$N" "$d" 1
  [ -f "$OUT/queries-$d.f32" ] || "$PY" "$ROOT/bench/index/make_data.py" "$OUT/queries-$d.f32" "$NQ" "$d" 2
  for e in float32 float16 int8; do
    [ -f "$base-$e.faiss" ] || "$BIN" build "$base.f32" "$d" "$e" "$base-$e.faiss" >&2
  done
  for r in $(seq 1 "$ROUNDS"); do
    for e in float32 float16 int8; do
      ours() { "$BIN" search "$base-$e.faiss" "$OUT/queries-$d.f32" "$NQ" "$NS" "$K" "$THREADS" >> "$RESULTS"; }
      if [ "$e" = float32 ]; then nq=$NQ ns=$NS; else nq=$SQ_NQ ns=$SQ_NS; fi
      theirs() { "$PY" "$ROOT/bench/index/peer.py" "$base-$e.faiss" "$OUT/queries-$d.f32" "$nq" "$ns" "$K" "$THREADS" >> "$RESULTS"; }
      blas() { [ "$e" != float32 ] || [ "$BLAS_NQ" = 0 ] || "$PY" "$ROOT/bench/index/peer.py" "$base-$e.faiss" "$OUT/queries-$d.f32" "$BLAS_NQ" 1 "$K" "$THREADS" 20 >> "$RESULTS"; }
      if [ $((r % 2)) = 1 ]; then ours; theirs; blas; else blas; theirs; ours; fi
      echo "bench-index: d $d round $r $e done" >&2
    done
  done
done
"$PY" "$ROOT/bench/index/table.py" "$RESULTS" "$THREADS" "$ROUNDS"
