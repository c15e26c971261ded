#!/usr/bin/env bash
# The whole pipeline at scale, one stage per process: wall, user and system seconds and peak RSS
# of each stage as `jobmatch pipeline --from S --until S` (what a user runs, resumable stage by
# stage), on a generated workspace of BENCH_JOBS LinkedIn postings and BENCH_CVS CVs, the
# pipeline's defaults otherwise (all-MiniLM-L6-v2, --precision auto, 30 training steps).
#
#   BENCH_JOBS=100000 BENCH_CVS=4000 bash bench/scale/run.sh        # ≈ 1 hour on 2 cores
#   BENCH_JOBS=2000 BENCH_CVS=200 bash bench/scale/run.sh           # a quick check of the script
#
# Writes OUT/stages.tsv (stage, wall s, user s, sys s, peak MiB) and OUT/<stage>.log (the stage's
# own summary), and prints the table with each stage's time extrapolated linearly to 1.35M jobs
# (an estimate, said as such). A stage already done in WS is skipped by the pipeline (rerun with
# a fresh BENCH_WS to time it again).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${JOBMATCH_BIN:-$ROOT/.build/release/jobmatch}
JOBS=${BENCH_JOBS:-100000}
CVS=${BENCH_CVS:-4000}
WS=${BENCH_WS:-/tmp/jobmatch-scale-$JOBS}
OUT=${BENCH_OUT:-$ROOT/bench/out/scale-$JOBS}
STAGES=${BENCH_STAGES:-generate ingest process mine train eval rerank index cvindex}
[ -x "$BIN" ] || { echo "bench-scale: $BIN is not built (swift build -c release)" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench-scale: /usr/bin/time is missing (apt install time)" >&2; exit 1; }
mkdir -p "$OUT"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores; load at start $(cut -d' ' -f1-3 /proc/loadavg)"
echo "binary: $BIN ($(cd "$ROOT" && git rev-parse --short HEAD))"
echo "workspace: $WS ($JOBS jobs, $CVS CVs)"
[ -f "$OUT/stages.tsv" ] || printf 'stage\twall_s\tuser_s\tsys_s\tpeak_mib\n' > "$OUT/stages.tsv"
for s in $STAGES; do
  /usr/bin/time -o "$OUT/$s.time" -f '%e\t%U\t%S\t%M' \
    "$BIN" pipeline --workspace "$WS" --jobs "$JOBS" --cvs "$CVS" --from "$s" --until "$s" > "$OUT/$s.log" 2>&1 \
    || { echo "bench-scale: stage $s failed (see $OUT/$s.log)" >&2; tail -5 "$OUT/$s.log" >&2; exit 1; }
  IFS=$'\t' read -r wall user sys kb < "$OUT/$s.time"
  printf '%s\t%s\t%s\t%s\t%d\n' "$s" "$wall" "$user" "$sys" $((kb / 1024)) >> "$OUT/stages.tsv"
  echo "$s: ${wall} s wall, ${user} s user, ${sys} s sys, $((kb / 1024)) MiB peak (load $(cut -d' ' -f1 /proc/loadavg))"
done
echo
# Stages whose work grows with the jobs are extrapolated linearly; train and rerank run a fixed
# number of steps, and cvindex encodes the CVs only, so theirs are not.
echo "| stage | wall s | CPU s (user + sys) | peak RSS MiB | wall at 1.35M jobs, linear (estimate) |"
echo "| --- | --- | --- | --- | --- |"
awk -F'\t' -v jobs="$JOBS" 'NR > 1 {
  fixed = ($1 == "train" || $1 == "rerank" || $1 == "cvindex")
  x = fixed ? "— (does not grow with the jobs)" : sprintf("%.2f h", $2 * 1350000 / jobs / 3600)
  printf "| %s | %.1f | %.1f | %d | %s |\n", $1, $2, $3 + $4, $5, x }' "$OUT/stages.tsv"
