#!/usr/bin/env bash
# Parquet benchmark: the Swift module beside pyarrow on the same tables, same run.
#
#   bash bench/parquet/run.sh [JOB_ROWS] [EMBEDDING_ROWS] [REPEATS]   (defaults 1350000 200000 3)
#
# 1. builds Benchmarks/ (ParquetBench) in release mode;
# 2. ParquetBench generates a jobs table (title, company, location, skills list<string>,
#    summary) and an embeddings table (id, 384 floats), writes each with our writer (zstd,
#    128 Ki-row row groups) and reads it back (all columns), best of REPEATS;
# 3. bench/parquet/pyarrow_bench.py loads the same files (untimed) and times pyarrow writing
#    them with the same codec and row-group size and reading them back;
# 4. prints a Markdown table with the ratios (ours / pyarrow for speed, size ratio for files).
# Files go to bench/out/parquet (ignored by git).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JOB_ROWS=${1:-1350000}
EMBEDDING_ROWS=${2:-200000}
REPEATS=${3:-3}
PYTHON=${JOBMATCH_PYTHON:-$HOME/.cache/jobmatch/venv/bin/python}
OUT="$ROOT/bench/out/parquet"
mkdir -p "$OUT"
(cd "$ROOT/Benchmarks" && swift build -c release --product ParquetBench >&2)
BIN=$(cd "$ROOT/Benchmarks" && swift build -c release --show-bin-path)/ParquetBench
"$BIN" "$OUT" "$JOB_ROWS" "$EMBEDDING_ROWS" "$REPEATS" > "$OUT/swift.jsonl"
"$PYTHON" "$ROOT/bench/parquet/pyarrow_bench.py" "$OUT" "$REPEATS" > "$OUT/pyarrow.jsonl"
"$PYTHON" - "$OUT/swift.jsonl" "$OUT/pyarrow.jsonl" "$(nproc)" <<'PY'
import json, sys
ours = {r["table"]: r for r in map(json.loads, open(sys.argv[1]))}
theirs = {r["table"]: r for r in map(json.loads, open(sys.argv[2]))}
print(f"| table | rows | | write rows/s | write MB/s | read rows/s | read MB/s | file MB |")
print(f"| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
for t in ["jobs", "embeddings"]:
    o, p = ours[t], theirs[t]
    for name, r in [("Swift (ours)", o), ("pyarrow", p)]:
        mb = r["uncompressed_bytes"] / 1e6
        print(f"| {t} | {r['rows']:,} | {name} | {r['rows']/r['write_s']:,.0f} | {mb/r['write_s']:,.0f} | "
              f"{r['rows']/r['read_s']:,.0f} | {mb/r['read_s']:,.0f} | {r['file_bytes']/1e6:,.1f} |")
    print(f"| {t} | | **ours / pyarrow** | **{p['write_s']/o['write_s']:.2f}×** | | **{p['read_s']/o['read_s']:.2f}×** | | "
          f"**{o['file_bytes']/p['file_bytes']:.3f}×** |")
print(f"\nMB/s counts uncompressed Parquet bytes (row groups' total_byte_size); best of the runs; {sys.argv[3]} cores.")
PY
