#!/usr/bin/env bash
# What `jobmatch watch` costs to restart and to merge on a big base (issue 24), whole processes:
#   1. restarts over a log holding BENCH_JOBS generated postings (default 100,000; three records
#      each): the first run (which sets the group at the log's end), a restart that reads the whole
#      log into the join, one that also writes the join's snapshot, and one that starts from it;
#   2. BENCH_NEW new postings (default 1,000) published, encoded with all-MiniLM-L6-v2 and merged
#      into the base (tables and a flat index of BENCH_JOBS+ vectors) by `--merge-at 1`.
# The base index holds synthetic unit vectors (bench/server/synthetic_index.py): a merge rewrites
# and rebuilds the same bytes whatever their values. Each line: wall seconds and peak RSS of the
# watch process, and what it printed.
# Environment: JOBMATCH_BIN (default the release build), JOBMATCH_MODEL_DIR, JOBMATCH_PYTHON,
# BENCH_JOBS, BENCH_NEW, BENCH_DIR (default .build/bench-watch).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="${JOBMATCH_BIN:-$ROOT/.build/release/jobmatch}"
PY="${JOBMATCH_PYTHON:-$HOME/.cache/jobmatch/venv/bin/python}"
MODEL="${JOBMATCH_MODEL_DIR:-${JOBMATCH_MODEL_CACHE:-$HOME/.cache/jobmatch/models}/all-MiniLM-L6-v2}"
JOBS="${BENCH_JOBS:-100000}" NEW="${BENCH_NEW:-1000}"
DIR="${BENCH_DIR:-$ROOT/.build/bench-watch}"
BASE="$DIR/base-$JOBS" DONOR="$DIR/donor" WS="$DIR/run"
[ -x "$BIN" ] || { echo "error: $BIN not built (make build)" >&2; exit 1; }
[ -f "$MODEL/model.safetensors" ] || { echo "error: no model at $MODEL (make setup)" >&2; exit 1; }
mkdir -p "$DIR"
echo "binary: $BIN"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

. "$ROOT/bench/server/synthetic_workspace.sh"
if [ ! -f "$BASE/ready" ]; then
  t0=$SECONDS
  synthetic_workspace "$BASE" "$JOBS" "$DONOR"
  "$BIN" ingest --workspace "$BASE" >/dev/null   # the base's own postings: the log the restarts read
  "$BIN" generate --workspace "$DIR/new-$NEW" --jobs "$NEW" --cvs 1 --board-jobs 0 --seed 101 >/dev/null
  touch "$BASE/ready"
  echo "base: $JOBS generated jobs processed, indexed (synthetic vectors) and ingested in $((SECONDS - t0)) s"
fi
rm -rf "$WS"; cp -r "$BASE" "$WS"
echo "log: $(du -sh "$WS/log" | cut -f1), jobs table $(du -h "$WS/tables/jobs.parquet" | cut -f1), index $(du -h "$WS/index/jobs.faiss" | cut -f1)"

run() {
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$DIR/time" "$BIN" watch --workspace "$WS" --once "$@" > "$DIR/out" 2> "$DIR/err" \
    || { cat "$DIR/err" >&2; exit 1; }
  read -r wall rss < "$DIR/time"
  printf '%-44s %7.1f s %6d MiB   %s\n' "$label" "$wall" $((rss / 1024)) "$(grep -h '^restored\|^merged' "$DIR/out" | tr '\n' ' ')"
}
run "first run (group set at the log's end)" --snapshot-records 1000000000 --merge-at 0
run "restart: the whole log" --snapshot-records 1000000000 --merge-at 0
run "restart: the whole log, snapshot written" --snapshot-records 1 --merge-at 0
echo "snapshot: $(du -h "$WS/alerts/join-state.bin" | cut -f1)"
run "restart: from the snapshot" --snapshot-records 1000000000 --merge-at 0

rm -rf "$WS/raw"; mkdir -p "$WS/raw"
for f in linkedin_job_postings.csv job_skills.csv job_summary.csv; do cp "$DIR/new-$NEW/raw/$f" "$WS/raw/"; done
"$BIN" ingest --workspace "$WS" --force >/dev/null
run "$NEW new postings: encoded, merged" --merge-at 1 --snapshot-records 1000000000
grep -h '^read ' "$DIR/out" | head -3
