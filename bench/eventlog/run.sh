#!/usr/bin/env bash
# Event log benchmark (make bench-eventlog): N keyed records of SIZE bytes (default 1.35M x 1 KiB,
# synthetic: LinkedIn-style job_link keys, random printable values) through
#   - the embedded engine: produce with every batch fdatasync'd before the ack (background
#     group commit, the default; and inline, one fdatasync per batch), consume with a group;
#   - our Kafka engine (KafkaProducer: idempotent, acks=all) into librdkafka's mock cluster;
#   - peers from the same run: librdkafka's own C producer into its mock cluster
#     (bench/eventlog/rdkafka_peer.c) and kcat -P into `jobmatch kafka mock`.
# Prints a Markdown table; ratio = row's msgs/s / librdkafka C producer's msgs/s.
#   BENCH_RECORDS=200000 make bench-eventlog   (smaller)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
records=${BENCH_RECORDS:-1350000}
size=${BENCH_SIZE:-1024}
work=${BENCH_DIR:-/tmp/jobmatch-bench-eventlog}
mkdir -p "$work"
swift build -c release --package-path Benchmarks --product eventlog-bench >/dev/null
cc -O2 -Wall -o "$work/rdkafka-peer" bench/eventlog/rdkafka_peer.c -lrdkafka
bench=Benchmarks/.build/release/eventlog-bench
rows=()
while IFS= read -r line; do rows+=("$line"); done < <("$bench" --engine embedded --records "$records" --size "$size" --dir "$work/log")
rows+=("$("$bench" --engine embedded --fsync inline --records "$records" --size "$size" --dir "$work/log" | sed -n 1p)")
rows+=("$("$work/rdkafka-peer" "$records" "$size" 2>/dev/null)")
rows+=("$("$bench" --engine kafka-mock --records "$records" --size "$size")")

# kcat -P from a file of key<TAB>value lines into a mock cluster in its own process.
python3 - "$records" "$size" "$work/kcat-input.txt" <<'PY'
import sys
n, size, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
value = "".join(chr(32 + (i * 7919) % 95) for i in range(size)).replace("\t", " ")
with open(path, "w") as f:
    for i in range(n):
        f.write(f"https://www.linkedin.com/jobs/view/{3000000000 + i}\t{value}\n")
PY
jobmatch=.build/release/jobmatch; [ -x "$jobmatch" ] || jobmatch=.build/debug/jobmatch  # the mock runs in librdkafka (C) either way
"$jobmatch" kafka mock --brokers 3 > "$work/mock.out" 2>/dev/null &
mock=$!
trap 'kill $mock 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$work/mock.out" ] && break; sleep 0.1; done
bootstrap=$(head -1 "$work/mock.out")
start=$(date +%s.%N)
kcat -b "$bootstrap" -t jobs -P -K $'\t' -X linger.ms=5 -l "$work/kcat-input.txt" 2>/dev/null
end=$(date +%s.%N)
kbytes=$(python3 -c "import os;print(os.path.getsize('$work/kcat-input.txt') - 2*$records)")
rows+=("{\"engine\":\"kcat -P -> jobmatch kafka mock\",\"op\":\"produce\",\"records\":$records,\"bytes\":$kbytes,\"seconds\":$(python3 -c "print($end-$start)")}")
rm -f "$work/kcat-input.txt"

printf '%s\n' "${rows[@]}" | python3 bench/eventlog/table.py
