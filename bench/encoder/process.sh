#!/usr/bin/env bash
# Whole-process encoder benchmark (issue 13 items 1, 4): `jobmatch embed` (fp32, bf16, int8) as a user runs it (read
# JSON Lines, tokenize, encode, write Parquet) beside sentence-transformers' whole process
# (import torch, encode, write .npy) and ONNX Runtime's (fp32 and dynamic int8; tokenizers, write Parquet), on generated job texts (> 256 tokens each) and on real
# texts (data/real: Glassdoor descriptions, resumes); alternated runs, median of several,
# with user and system time and peak RSS.
#
#   make bench-encoder-process                            # 3 repeats, 300 generated, 300 resumes
#   BENCH_PRECISIONS="fp32 int8" bash bench/encoder/process.sh     # fewer of our rows (fp32 first)
#   BENCH_REPEATS=5 BENCH_GENERATED=300 BENCH_RESUMES=962 bash bench/encoder/process.sh
#   BENCH_BASELINE=/path/to/older/jobmatch bash bench/encoder/process.sh   # adds a row
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench/out/encoder-process}
PY=${BENCH_PYTHON:-$HOME/.cache/jobmatch/venv-fixtures/bin/python}
MINILM=${JOBMATCH_MODEL_DIR:-${JOBMATCH_MODEL_CACHE:-$HOME/.cache/jobmatch/models}/all-MiniLM-L6-v2}
BIN=${JOBMATCH_BIN:-$ROOT/.build/release/jobmatch}
[ -n "${JOBMATCH_BIN:-}" ] || (cd "$ROOT" && swift build -c release --product jobmatch >&2)
"$PY" "$ROOT/bench/encoder/process.py" "$BIN" "$MINILM" "$OUT" "${BENCH_THREADS:-2}" "${BENCH_REPEATS:-3}" \
  "${BENCH_GENERATED:-300}" "${BENCH_RESUMES:-300}" ${BENCH_BASELINE:+"$BENCH_BASELINE"}
