#!/usr/bin/env bash
# Alert latency of `jobmatch watch`: from `jobmatch ingest` publishing a posting to its alert being
# durable in alerts/alerts.jsonl, at BENCH_RATE postings/s (default 100) for BENCH_SECONDS (default 30),
# whole processes on this machine; and the watch process's CPU time per posting.
# Environment: JOBMATCH_BIN (default .build/release/jobmatch, else .build/debug/jobmatch),
# JOBMATCH_MODEL_DIR (all-MiniLM-L6-v2), BENCH_RATE, BENCH_SECONDS, BENCH_SEARCHES (standing
# searches, default 20), BENCH_MIN_SCORE (default 0.3), BENCH_DIR (default .build/bench-alerts),
# BENCH_PIPELINE_ARGS (more options for the base pipeline, e.g. "--precision int8 --max-seq-length 128").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="${JOBMATCH_BIN:-$ROOT/.build/release/jobmatch}"
[ -x "$BIN" ] || BIN="$ROOT/.build/debug/jobmatch"
PY="${JOBMATCH_PYTHON:-$HOME/.cache/jobmatch/venv/bin/python}"
command -v "$PY" >/dev/null || PY=python3
export JOBMATCH_MODEL_DIR="${JOBMATCH_MODEL_DIR:-$HOME/.cache/jobmatch/models/all-MiniLM-L6-v2}"
[ -f "$JOBMATCH_MODEL_DIR/model.safetensors" ] || { echo "error: no model at $JOBMATCH_MODEL_DIR (make setup)" >&2; exit 1; }
exec "$PY" "$ROOT/bench/alerts/latency.py" --bin "$BIN" --dir "${BENCH_DIR:-$ROOT/.build/bench-alerts}" \
  --rate "${BENCH_RATE:-100}" --seconds "${BENCH_SECONDS:-30}" --searches "${BENCH_SEARCHES:-20}" --min-score "${BENCH_MIN_SCORE:-0.3}" --pipeline-args "${BENCH_PIPELINE_ARGS:-}"
