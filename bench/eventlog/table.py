"""Reads eventlog-bench JSON lines on stdin; prints the Markdown table for the README."""
import json
import sys

rows = [json.loads(line) for line in sys.stdin if line.strip()]
peer = next(r for r in rows if r["engine"].startswith("librdkafka"))
peer_rate = peer["records"] / peer["seconds"]
first = rows[0]
print(f"{first['records']:,} records of {first['bytes'] / first['records']:.0f} bytes (key + value)\n")
print("| engine | op | msgs/s | MB/s | vs librdkafka C producer |")
print("| --- | --- | ---: | ---: | ---: |")
for r in rows:
    rate = r["records"] / r["seconds"]
    print(f"| {r['engine']} | {r['op']} | {rate:,.0f} | {r['bytes'] / r['seconds'] / 1e6:,.0f} | {rate / peer_rate:.2f}x |")
