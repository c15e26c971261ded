"""Peers for the CSV read benchmark: pyarrow.csv (one thread) and Python's csv module.

Prints one JSON line per (reader, file): {"reader", "file", "rows", "bytes", "seconds"}.
Usage: python bench/csv_peers.py FILE...
"""
import csv, json, os, sys, time

import pyarrow as pa
import pyarrow.csv as pacsv

pa.set_cpu_count(1)
pa.set_io_thread_count(1)
csv.field_size_limit(1 << 30)

for path in sys.argv[1:]:
    size = os.path.getsize(path)
    t = time.perf_counter()
    table = pacsv.read_csv(path, read_options=pacsv.ReadOptions(use_threads=False, block_size=1 << 24),
                           parse_options=pacsv.ParseOptions(newlines_in_values=True))
    print(json.dumps({"reader": "pyarrow", "file": path, "rows": table.num_rows, "bytes": size, "seconds": time.perf_counter() - t}), flush=True)
    del table
    t = time.perf_counter()
    rows = 0
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        for _ in r:
            rows += 1
    print(json.dumps({"reader": "python-csv", "file": path, "rows": rows, "bytes": size, "seconds": time.perf_counter() - t}), flush=True)
