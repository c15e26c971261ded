#!/usr/bin/env bash
# Encoder benchmark: Swift (`encoder-bench`) beside sentence-transformers (PyTorch CPU) and ONNX
# Runtime (the same model exported to ONNX) on the same generated job texts, batch size and thread
# count; prints a Markdown table with ratios.
#
#   make bench-encoder                       # 2,000 texts, every row
#   BENCH_TEXTS=200 E5_TEXTS=48 make bench-encoder   # a quicker run
#
# Needs the fixture venv (scripts/fixtures/requirements.txt) for the peer and for making the
# random e5-base-shaped model. Timings are wall-clock on whatever else the machine is doing.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench/out/encoder}
PY=${BENCH_PYTHON:-$HOME/.cache/jobmatch/venv-fixtures/bin/python}
MINILM=${JOBMATCH_MODEL_DIR:-${JOBMATCH_MODEL_CACHE:-$HOME/.cache/jobmatch/models}/all-MiniLM-L6-v2}
N=${BENCH_TEXTS:-2000}
N_E5=${E5_TEXTS:-$N}
BATCH=${BENCH_BATCH:-32}
THREADS=${BENCH_THREADS:-2}
export JOBMATCH_THREADS=$THREADS OMP_NUM_THREADS=$THREADS HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false

mkdir -p "$OUT"
(cd "$ROOT/bench/encoder" && swift build -c release >&2)
BIN="$ROOT/bench/encoder/.build/release/encoder-bench"
"$PY" "$ROOT/bench/encoder/make_inputs.py" "$OUT" "$N" "$MINILM" >&2
head -n "$N_E5" "$OUT/texts.jsonl" > "$OUT/texts-e5.jsonl"

# The roof is measured before the rows (and again after, printed) on square 1536 sgemm, best of 5.
roof=$("$BIN" roof "$THREADS")
gf() { "$PY" -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }
echo "cblas_sgemm roof: $(printf '%.1f' "$(gf "$roof" sgemm_gflops)") GFLOP/s ($THREADS threads, OpenBLAS core $(gf "$roof" core)); batch size $BATCH"
echo
echo "| model | max_seq_length | texts | Swift texts/s | Swift tokens/s | ST texts/s | ST tokens/s | ratio vs ST | ORT texts/s | ratio vs ORT | Swift GFLOP/s (% of roof) | Swift peak MiB | ST peak MiB | ORT peak MiB |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
row() {  # name dir texts maxlen
  local s p o
  s=$("$BIN" encode "$2" "$3" "$4" "$BATCH")
  p=$("$PY" "$ROOT/bench/encoder/peer.py" "$2" "$3" "$4" "$BATCH" "$THREADS" 2>/dev/null)
  o=$("$PY" "$ROOT/bench/encoder/peer_onnx.py" "$2" "$3" "$4" "$BATCH" "$THREADS" "$OUT/onnx/$(basename "$2")" 2>/dev/null)
  "$PY" - "$1" "$4" "$s" "$p" "$o" "$roof" <<'PY'
import json, sys
name, L, s, p, o, roof = sys.argv[1], sys.argv[2], *map(json.loads, sys.argv[3:])
print(f"| {name} | {L} | {s['texts']} | {s['texts_per_s']:.1f} | {s['tokens_per_s']:.0f} | {p['texts_per_s']:.1f} | "
      f"{p['tokens_per_s']:.0f} | **{s['texts_per_s'] / p['texts_per_s']:.2f}×** | {o['texts_per_s']:.1f} | "
      f"**{s['texts_per_s'] / o['texts_per_s']:.2f}×** | "
      f"{s['gflops']:.1f} ({100 * s['gflops'] / roof['sgemm_gflops']:.0f}%) | {s['peak_rss_mib']:.0f} | {p['peak_rss_mib']:.0f} | "
      f"{o['peak_rss_mib']:.0f} |")
PY
}
row all-MiniLM-L6-v2 "$MINILM" "$OUT/texts.jsonl" 128
row all-MiniLM-L6-v2 "$MINILM" "$OUT/texts.jsonl" 256
row "e5-base-v2 shape (random)" "$OUT/models/e5-base-random" "$OUT/texts-e5.jsonl" 128
row "e5-base-v2 shape (random)" "$OUT/models/e5-base-random" "$OUT/texts-e5.jsonl" 512
roof_after=$("$BIN" roof "$THREADS")
echo
echo "cblas_sgemm roof measured again after the rows: $(printf '%.1f' "$(gf "$roof_after" sgemm_gflops)") GFLOP/s (a big gap means the machine was busy)"
