#!/usr/bin/env bash
# The encoder against its roof (issue 22 item 3): useful GFLOP/s of whole `jobmatch embed` runs
# beside oneDNN's matmul roof for all-MiniLM-L6-v2's shapes on this CPU (bench/encoder/roof.py).
#
#   bash bench/encoder/roof.sh                                  # auto precision, 3 runs, the process bench's inputs
#   BENCH_PRECISION=int8 BENCH_REPEATS=5 bash bench/encoder/roof.sh
#
# Inputs: bench/out/encoder-process/{generated,real}.jsonl (made by bench/encoder/process.sh).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PY=${BENCH_PYTHON:-$HOME/.cache/jobmatch/venv-fixtures/bin/python}
MINILM=${JOBMATCH_MODEL_DIR:-${JOBMATCH_MODEL_CACHE:-$HOME/.cache/jobmatch/models}/all-MiniLM-L6-v2}
BIN=${JOBMATCH_BIN:-$ROOT/.build/release/jobmatch}
[ -n "${JOBMATCH_BIN:-}" ] || (cd "$ROOT" && swift build -c release --product jobmatch >&2)
IN=$ROOT/bench/out/encoder-process
[ -f "$IN/real.jsonl" ] || { echo "bench-roof: run bash bench/encoder/process.sh first (it makes $IN/*.jsonl)" >&2; exit 1; }
"$PY" "$ROOT/bench/encoder/roof.py" "$BIN" "$MINILM" "${BENCH_PRECISION:-auto}" "${BENCH_THREADS:-2}" "${BENCH_REPEATS:-3}" \
  "$IN/generated.jsonl" "$IN/real.jsonl"
