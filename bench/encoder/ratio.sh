#!/usr/bin/env bash
# Our fp32 against another precision of ours (default bf16), whole `jobmatch embed` processes only:
# the two alternated, N runs each (default 9), medians of wall-clock and CPU (user + system) time
# and their ratio, per input. More runs than process.sh affords with its peers, for the bf16 ≥ 2×
# goal of issue 13, which sits near this machine's wall-clock noise (±10–20%).
#
#   BENCH_INPUTS_ONLY=1 bash bench/encoder/process.sh      # makes the inputs once
#   bash bench/encoder/ratio.sh                            # 9 runs each, bf16 vs fp32
#   BENCH_RUNS=5 BENCH_PRECISION=int8 JOBMATCH_BIN=/path/to/jobmatch bash bench/encoder/ratio.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
IN=${BENCH_OUT:-$ROOT/bench/out/encoder-process}
MINILM=${JOBMATCH_MODEL_DIR:-${JOBMATCH_MODEL_CACHE:-$HOME/.cache/jobmatch/models}/all-MiniLM-L6-v2}
BIN=${JOBMATCH_BIN:-$ROOT/.build/release/jobmatch}
[ -n "${JOBMATCH_BIN:-}" ] || (cd "$ROOT" && swift build -c release --product jobmatch >&2)
RUNS=${BENCH_RUNS:-9}
OTHER=${BENCH_PRECISION:-bf16}
export JOBMATCH_THREADS=${BENCH_THREADS:-2} OPENBLAS_NUM_THREADS=${BENCH_THREADS:-2}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
echo "jobmatch embed, fp32 against $OTHER, $RUNS alternated runs each, $JOBMATCH_THREADS threads; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for input in generated real; do
  file="$IN/$input.jsonl"
  [ -f "$file" ] || { echo "no $file: run BENCH_INPUTS_ONLY=1 bash bench/encoder/process.sh first" >&2; exit 1; }
  for r in $(seq "$RUNS"); do
    for p in fp32 "$OTHER"; do
      /usr/bin/time -f "$input $p %e %U %S" -a -o "$TMP/times" \
        "$BIN" embed --model "$MINILM" --input "$file" --precision "$p" --output "$TMP/out.parquet" > /dev/null 2>&1
    done
  done
done
python3 - "$TMP/times" "$OTHER" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) != 5: continue
    inp, p, wall, user, sys_ = parts
    rows.setdefault((inp, p), []).append((float(wall), float(user) + float(sys_)))
other = sys.argv[2]
print(f"| input | precision | wall s (each run) | median wall s | median CPU s | fp32 ÷ {other}, wall | fp32 ÷ {other}, CPU |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for inp in ("generated", "real"):
    med = {p: (statistics.median(w for w, _ in rows[(inp, p)]), statistics.median(c for _, c in rows[(inp, p)])) for p in ("fp32", other)}
    for p in ("fp32", other):
        walls = " ".join(f"{w:.2f}" for w, _ in rows[(inp, p)])
        ratio = (f"**{med['fp32'][0] / med[other][0]:.2f}×**", f"**{med['fp32'][1] / med[other][1]:.2f}×**") if p == other else ("", "")
        print(f"| {inp} | {p} | {walls} | {med[p][0]:.2f} | {med[p][1]:.2f} | {ratio[0]} | {ratio[1]} |")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
