#!/usr/bin/env bash
# Quality and throughput of `jobmatch embed --precision fp32|bf16|int8` (issue 13 items 4, 5):
# minimum cosine to fp32 on real texts, Recall@10 of held-out generated CVs' job rankings against
# fp32's, generated jobs per second extrapolated to 1.35M, and e5-base-v2's shape at 512 tokens.
#
#   make bench-encoder-precision                                   # 5000 jobs, 1000 CVs, 32 e5 texts
#   BENCH_JOBS=2000 BENCH_CVS=6000 BENCH_E5=8 bash bench/encoder/precision.sh     # the README table: ~600 held-out CVs
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench/out/encoder-precision}
PY=${BENCH_PYTHON:-$HOME/.cache/jobmatch/venv-fixtures/bin/python}
MINILM=${JOBMATCH_MODEL_DIR:-${JOBMATCH_MODEL_CACHE:-$HOME/.cache/jobmatch/models}/all-MiniLM-L6-v2}
BIN=${JOBMATCH_BIN:-$ROOT/.build/release/jobmatch}
[ -n "${JOBMATCH_BIN:-}" ] || (cd "$ROOT" && swift build -c release --product jobmatch >&2)
"$PY" "$ROOT/bench/encoder/precision.py" "$BIN" "$MINILM" "$OUT" "${BENCH_THREADS:-2}" "${BENCH_JOBS:-5000}" \
  "${BENCH_CVS:-1000}" "${BENCH_E5:-32}"
