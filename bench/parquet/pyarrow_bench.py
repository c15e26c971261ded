#!/usr/bin/env python3
"""pyarrow's side of the Parquet benchmark (bench/parquet/run.sh).

Loads each table the Swift bench wrote (untimed, so both sides hold the same data), then times
pyarrow writing it (zstd, the same row-group size) and reading it back, best of N runs.
Prints one JSON object per table, like the Swift bench.
"""
import json
import os
import sys
import time

import pyarrow.parquet as pq

folder, repeats = sys.argv[1], int(sys.argv[2])
for name in ["jobs", "embeddings"]:
    table = pq.read_table(os.path.join(folder, f"{name}.parquet"))
    path = os.path.join(folder, f"{name}.pyarrow.parquet")
    writes, reads = [], []
    for _ in range(repeats):
        t = time.perf_counter()
        pq.write_table(table, path, compression="zstd", row_group_size=128 * 1024)
        writes.append(time.perf_counter() - t)
    for _ in range(repeats):
        t = time.perf_counter()
        back = pq.read_table(path)
        reads.append(time.perf_counter() - t)
    assert back.num_rows == table.num_rows
    meta = pq.ParquetFile(path).metadata
    uncompressed = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    print(json.dumps({"table": name, "engine": "pyarrow", "rows": table.num_rows, "write_s": min(writes),
                      "read_s": min(reads), "file_bytes": os.path.getsize(path),
                      "uncompressed_bytes": uncompressed}))
