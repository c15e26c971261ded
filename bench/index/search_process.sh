#!/usr/bin/env bash
# `jobmatch search` as a whole process beside faiss-cpu's whole Python process (read_index + search)
# on the SAME flat index file, written by faiss itself: BENCH_VECTORS (default 1,350,000, the seed's
# postings) seeded unit vectors of BENCH_DIM (384) dimensions, BENCH_QUERIES (1,000) queries, k 10,
# 2 threads each; farm-bench alternates the two and prints medians and the ratio. Then checks that
# both returned the same ids.
#
#   bash bench/index/search_process.sh                          # 2.1 GB index under bench/out/search
#   JOBMATCH_BIN=/path/to/jobmatch BENCH_RUNS=7 bash bench/index/search_process.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench/out/search}
PY=${BENCH_PYTHON:-${JOBMATCH_VENV:-$HOME/.cache/jobmatch/venv}/bin/python}
N=${BENCH_VECTORS:-1350000} D=${BENCH_DIM:-384} NQ=${BENCH_QUERIES:-1000} RUNS=${BENCH_RUNS:-5} THREADS=${BENCH_THREADS:-2}
BIN=${JOBMATCH_BIN:-}
if [ -z "$BIN" ]; then (cd "$ROOT" && swift build -c release --product jobmatch >&2); BIN="$ROOT/.build/release/jobmatch"; fi
"$PY" -c "import faiss" 2>/dev/null || { echo "search_process: faiss-cpu is missing from $PY" >&2; exit 1; }
command -v farm-bench >/dev/null || { echo "search_process: farm-bench is not installed" >&2; exit 1; }
mkdir -p "$OUT"
[ -f "$OUT/flat-$N.faiss" ] || "$PY" "$ROOT/bench/index/flat_process.py" data "$N" "$D" "$NQ" 7 "$OUT"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; index $(du -h "$OUT/flat-$N.faiss" | cut -f1), $NQ queries, k 10"
# faiss-cpu's wheel bundles its own OpenBLAS (0.3.15), which picks its kernels from a table of CPU
# models; on a CPU it does not know it falls back to Prescott (SSE3). So faiss runs twice: as
# installed, and with OPENBLAS_CORETYPE set to what CPUID says (our side does not read it).
core=$(grep -q avx512f /proc/cpuinfo && echo SKYLAKEX || (grep -q avx2 /proc/cpuinfo && echo HASWELL || echo PRESCOTT))
echo "faiss's OpenBLAS picks: $(OPENBLAS_VERBOSE=2 "$PY" -c 'import faiss' 2>&1 | tail -1) (numpy's is loaded too, first)"
for coretype in "" "$core"; do
  echo "== faiss with OPENBLAS_CORETYPE=${coretype:-(unset: as installed)}"
  env ${coretype:+OPENBLAS_CORETYPE=$coretype} JOBMATCH_THREADS=$THREADS OMP_NUM_THREADS=$THREADS farm-bench -n "$RUNS" --timeout 3600 \
    --vs "$PY $ROOT/bench/index/flat_process.py search $OUT/flat-$N.faiss $OUT/queries.f32 10 $THREADS $OUT/faiss.i64" \
    -- sh -c "exec $BIN search --index $OUT/flat-$N.faiss --queries $OUT/queries.parquet --k 10 --json > $OUT/ours.jsonl"
  "$PY" "$ROOT/bench/index/flat_process.py" agree "$OUT/ours.jsonl" "$OUT/faiss.i64" 10
done
