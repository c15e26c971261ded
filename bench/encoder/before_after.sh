#!/usr/bin/env bash
# Before/after of `jobmatch embed` (issue 13): two builds' whole processes at fp32, bf16 and int8,
# beside ONNX Runtime fp32 and dynamic int8 (peer_onnx_process.py), on process.sh's inputs
# (generated job texts > 256 tokens, and real texts), 2 threads each, runs alternated
# (base, new per precision, then the two ONNX files), median user + sys CPU of the repeats.
#
#   BENCH_REPEATS=3 BENCH_GENERATED=50 BENCH_RESUMES=20 bash bench/encoder/before_after.sh BASE_BIN NEW_BIN
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BASE=$1 NEW=$2
OUT=${BENCH_OUT:-$ROOT/bench/out/encoder-before-after}
PY=${BENCH_PYTHON:-$HOME/.cache/jobmatch/venv-fixtures/bin/python}
MODEL=${JOBMATCH_MODEL_DIR:-${JOBMATCH_MODEL_CACHE:-$HOME/.cache/jobmatch/models}/all-MiniLM-L6-v2}
mkdir -p "$OUT"
export JOBMATCH_THREADS=2 OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 MKL_NUM_THREADS=2 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
unset OPENBLAS_CORETYPE
BENCH_INPUTS_ONLY=1 "$PY" "$ROOT/bench/encoder/process.py" "$NEW" "$MODEL" "$OUT" 2 1 "${BENCH_GENERATED:-50}" "${BENCH_RESUMES:-20}"
"$PY" "$ROOT/bench/encoder/export_onnx.py" "$MODEL" "$OUT/onnx" >/dev/null 2>&1
runs="$OUT/runs.tsv"
: > "$runs"
timed() {  # label, command...: appends "input  label  user sys wall rssKiB  load" to runs.tsv
  local label=$1; shift
  local r
  r=$(/usr/bin/time -f "%U %S %e %M" "$@" 2>&1 >/dev/null | tail -1)
  printf '%s\t%s\t%s\t%s\n' "$input" "$label" "$r" "$(cut -d' ' -f1 /proc/loadavg)" >> "$runs"
}
for input in generated real; do
  for _ in $(seq 1 "${BENCH_REPEATS:-3}"); do
    for p in fp32 bf16 int8; do
      timed "base $p" "$BASE" embed --model "$MODEL" --input "$OUT/$input.jsonl" --text-field text --output "$OUT/base-$p.parquet" --precision "$p"
      timed "new $p" "$NEW" embed --model "$MODEL" --input "$OUT/$input.jsonl" --text-field text --output "$OUT/new-$p.parquet" --precision "$p"
    done
    for f in model model.int8; do
      timed "onnx $f" "$PY" "$ROOT/bench/encoder/peer_onnx_process.py" "$MODEL" "$OUT/onnx/$f.onnx" "$OUT/$input.jsonl" "$OUT/onnx.parquet" 32 2
    done
  done
done
"$PY" "$ROOT/bench/encoder/before_after.py" "$runs"
