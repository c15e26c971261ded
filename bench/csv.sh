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
# CSV.swift reads about 10x slower than ours: give it the two smaller files only (BENCH_CSVSWIFT=0 skips it).
ours=$(Benchmarks/.build/release/csv-read-bench "${files[@]}")
if [ "${BENCH_CSVSWIFT:-1}" = 1 ]; then
  ours+=$'\n'$(Benchmarks/.build/release/csv-read-bench --peer-csvswift "${files[@]:0:2}" | grep csv.swift)
fi
peers=$("$py" bench/csv_peers.py "${files[@]}")
"$py" - "$ours" "$peers" <<'PY'
import json, sys, os
rows = [json.loads(l) for l in (sys.argv[1] + "\n" + sys.argv[2]).splitlines() if l.strip()]
by = {(r["reader"], r["file"]): r for r in rows}
files = [r["file"] for r in rows if r["reader"] == "ours"]
print("CSV read, one thread, every field materialised (MB/s; ratio = ours / peer)")
print(f"{'file':26} {'rows':>9} {'MB':>6} | {'ours':>6} {'rows/s':>9} | {'pyarrow':>7} {'ratio':>6} | {'py csv':>6} {'ratio':>6} | {'CSV.swift':>9} {'ratio':>6}")
for f in files:
    o = by[("ours", f)]; mb = o["bytes"] / 1e6; ob = mb / o["seconds"]
    cells = []
    for peer in ["pyarrow", "python-csv", "csv.swift"]:
        p = by.get((peer, f))
        if p is None:
            cells.append(f"{'-':>7} {'-':>6}"); continue
        assert p["rows"] == o["rows"], (peer, f, p["rows"], o["rows"])
        pb = mb / p["seconds"]; cells.append(f"{pb:>7.0f} {ob/pb:>5.2f}x")
    print(f"{os.path.basename(f):26} {o['rows']:>9} {mb:>6.0f} | {ob:>6.0f} {o['rows']/o['seconds']:>9.0f} | " + " | ".join(cells))
PY
