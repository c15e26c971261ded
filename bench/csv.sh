#!/usr/bin/env bash
# CSV read benchmark: our CSVReader vs pyarrow.csv (single thread) and Python's csv module, on the
# generated 1.35M-posting LinkedIn CSVs, from the same run. Prints a table with ratios.
#   make bench-csv                 (generates the data into $BENCH_WS first if missing)
#   BENCH_JOBS=100000 make bench-csv   (smaller)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
jobs=${BENCH_JOBS:-1350000}
ws=${BENCH_WS:-/tmp/jobmatch-bench-$jobs}
py=${JOBMATCH_PYTHON:-$HOME/.cache/jobmatch/venv/bin/python}
if [ ! -f "$ws/raw/job_summary.csv" ]; then
  .build/release/jobmatch generate --workspace "$ws" --jobs "$jobs" --cvs 4000 --seed 42
fi
swift build -c release --package-path Benchmarks --product csv-read-bench >/dev/null
files=("$ws/raw/linkedin_job_postings.csv" "$ws/raw/job_skills.csv" "$ws/raw/job_summary.csv")
ours=$(Benchmarks/.build/release/csv-read-bench "${files[@]}")
peers=$("$py" bench/csv_peers.py "${files[@]}")
"$py" - "$ours" "$peers" <<'PY'
import json, sys, os
ours = [json.loads(l) for l in sys.argv[1].splitlines()]
peers = [json.loads(l) for l in sys.argv[2].splitlines()]
print(f"{'file':28} {'rows':>10} {'MB':>7} | {'ours MB/s':>9} {'rows/s':>10} | {'pyarrow MB/s':>12} {'ratio':>6} | {'py csv MB/s':>11} {'ratio':>6}")
for o in ours:
    p = {q['reader']: q for q in peers if q['file'] == o['file']}
    mb = o['bytes'] / 1e6
    ob = mb / o['seconds']; pa = mb / p['pyarrow']['seconds']; pc = mb / p['python-csv']['seconds']
    assert o['rows'] == p['pyarrow']['rows'] == p['python-csv']['rows'], (o['rows'], p['pyarrow']['rows'], p['python-csv']['rows'])
    print(f"{os.path.basename(o['file']):28} {o['rows']:>10} {mb:>7.0f} | {ob:>9.0f} {o['rows']/o['seconds']:>10.0f} | {pa:>12.0f} {ob/pa:>5.2f}x | {pc:>11.0f} {ob/pc:>5.2f}x")
PY
