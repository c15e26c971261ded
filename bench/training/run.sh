#!/usr/bin/env bash
# Training benchmark (issue 9 item 8): `jobmatch train` beside sentence-transformers 3.3.1 on CPU,
# same model (all-MiniLM-L6-v2), same generated pairs, batch 32, max_seq_length 128,
# MNR + Matryoshka, 2 threads; and the cached loss at batch 256 / mini-batch 32 beside
# CachedMultipleNegativesRankingLoss. Prints a Markdown table with ratios from the same run.
#
#   make bench-training                                   # 3 repeats, 8 and 2 steps
#   BENCH_REPEATS=1 BENCH_STEPS=4 BENCH_CACHED_STEPS=1 bash bench/training/run.sh   # quicker
#   BENCH_BASELINE=/path/to/older/jobmatch bash bench/training/run.sh               # adds a row
#
# Needs the fixture venv (scripts/fixtures/requirements.txt: torch, sentence-transformers).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench/out/training}
PY=${BENCH_PYTHON:-$HOME/.cache/jobmatch/venv-fixtures/bin/python}
export PAIRS_PYTHON=${PAIRS_PYTHON:-$HOME/.cache/jobmatch/venv/bin/python}
MINILM=${JOBMATCH_MODEL_DIR:-${JOBMATCH_MODEL_CACHE:-$HOME/.cache/jobmatch/models}/all-MiniLM-L6-v2}
BIN=${JOBMATCH_BIN:-$ROOT/.build/release/jobmatch}
[ -n "${JOBMATCH_BIN:-}" ] || (cd "$ROOT" && swift build -c release --product jobmatch >&2)
"$PY" "$ROOT/bench/training/compare.py" "$BIN" "$MINILM" "$OUT" "${BENCH_THREADS:-2}" "${BENCH_REPEATS:-3}" \
  "${BENCH_STEPS:-8}" "${BENCH_CACHED_STEPS:-2}" ${BENCH_BASELINE:+"$BENCH_BASELINE"}
