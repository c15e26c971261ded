#!/usr/bin/env bash
# The processing stage on one input with each engine: wall time and peak RSS of
# `jobmatch process` (embedded, then spark), and DuckDB's time for the same join (the join and
# filter only; no skills or texts) as a reference. Runs one after the other, not concurrently.
#
#   bash bench/processing/engines.sh [RAW_DIR]   (default /tmp/jobmatch-bench-1350000/raw, made with
#                                                  `jobmatch generate --jobs 1350000 --cvs 4000` if missing)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RAW=${1:-/tmp/jobmatch-bench-1350000/raw}
PYTHON=${JOBMATCH_PYTHON:-$HOME/.cache/jobmatch/venv/bin/python}
JM="$ROOT/.build/release/jobmatch"
if [ ! -f "$RAW/linkedin_job_postings.csv" ]; then
  "$JM" generate --workspace "$(dirname "$RAW")" --jobs 1350000 --cvs 4000 --seed 42
fi
WS=$(mktemp -d /tmp/jobmatch-engines-XXXX)
ln -s "$(cd "$RAW" && pwd)" "$WS/raw"
for engine in embedded spark; do
  /usr/bin/time -f "$engine: %e s wall, %U s user, peak RSS %M KB" "$JM" process --workspace "$WS" --engine "$engine" \
    2> >(grep -E "wall|error" >&2) | sed -n 1,4p
done
(cd "$ROOT/Benchmarks" && swift build -c release --product JoinBench >&2)
/usr/bin/time -f "embedded join only: %e s wall, %U s user, peak RSS %M KB" \
  "$(cd "$ROOT/Benchmarks" && swift build -c release --show-bin-path)/JoinBench" "$WS"
"$PYTHON" "$ROOT/bench/processing/duckdb_join.py" "$RAW" "$WS/duckdb_joined.parquet"
rm -rf "$WS"
