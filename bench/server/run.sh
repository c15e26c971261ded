#!/usr/bin/env bash
# Load and faults of `jobmatch serve` on loopback (make bench-server).
#   1. /match: requests/s and p50/p99 latency with wrk, all-MiniLM-L6-v2 encoding each CV, over
#      BENCH_JOBS generated jobs (default 100,000) indexed from synthetic unit vectors
#      (bench/server/synthetic_index.py says why that is faithful for latency).
#   2. /feedback: BENCH_POSTS (default 10,000) posts opened at once, each on its own connection;
#      every one answered 201 must be in SQLite afterwards.
#   3. SIGKILL: the same load, the server killed after BENCH_KILL_AFTER posts were answered 201;
#      every acknowledged post must be in the database the killed server left.
# Environment: JOBMATCH_BIN (default the release build), JOBMATCH_MODEL_DIR (all-MiniLM-L6-v2),
# BENCH_JOBS, BENCH_DURATION (wrk, default 30s), BENCH_CONNECTIONS (default 4), BENCH_POSTS,
# BENCH_KILL_AFTER, BENCH_DIR (workspaces, default .build/bench-server).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="${JOBMATCH_BIN:-$ROOT/.build/release/jobmatch}"
PY="${JOBMATCH_PYTHON:-$HOME/.cache/jobmatch/venv/bin/python}"
MODEL="${JOBMATCH_MODEL_DIR:-${JOBMATCH_MODEL_CACHE:-$HOME/.cache/jobmatch/models}/all-MiniLM-L6-v2}"
JOBS="${BENCH_JOBS:-100000}" DURATION="${BENCH_DURATION:-30s}" CONNECTIONS="${BENCH_CONNECTIONS:-4}"
POSTS="${BENCH_POSTS:-10000}" KILL_AFTER="${BENCH_KILL_AFTER:-3000}"
DIR="${BENCH_DIR:-$ROOT/.build/bench-server}"
WS="$DIR/jobs-$JOBS" DONOR="$DIR/donor"
for tool in wrk sqlite3; do command -v $tool >/dev/null || { echo "error: $tool is not installed (scripts/apt-packages.txt)" >&2; exit 1; }; done
[ -x "$BIN" ] && [ -x "$(dirname "$BIN")/jobmatch-server" ] || { echo "error: $BIN or its jobmatch-server not built (make build build-server)" >&2; exit 1; }
[ -f "$MODEL/model.safetensors" ] || { echo "error: no model at $MODEL (make setup)" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "binary: $BIN"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

. "$ROOT/bench/server/synthetic_workspace.sh"
[ -f "$WS/index/jobs.faiss.json" ] || synthetic_workspace "$WS" "$JOBS" "$DONOR"

SERVER_PID=""
# --rate-limit 0: wrk is one client on purpose; the per-client limit (5/s by default) would answer 429.
start_server() {
  "$BIN" serve --workspace "$WS" --port 0 --rate-limit 0 > "$DIR/serve.out" 2> "$DIR/serve.log" &
  SERVER_PID=$!
  for _ in $(seq 600); do grep -q '^listening on' "$DIR/serve.out" 2>/dev/null && break; sleep 0.1; done
  PORT=$(sed -n 's|^listening on http://[^:]*:\([0-9]*\)$|\1|p' "$DIR/serve.out")
  [ -n "$PORT" ] || { echo "error: the server did not start: $(tail -3 "$DIR/serve.log")" >&2; exit 1; }
}
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true' EXIT
rm -f "$WS"/feedback.sqlite*
start_server
echo "serving $(curl -s "http://127.0.0.1:$PORT/health") on port $PORT"

CV='Registered nurse with seven years in ICU and med/surg units. Patient care, medication administration, basic life support, infection control, Epic EHR, wound care, patient education. BSN, Nursing.'
BODY=$("$PY" -c 'import json,sys; print(json.dumps({"text": sys.argv[1], "top": 10}))' "$CV")
cat > "$DIR/match.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[$BODY]]
LUA
WRK_THREADS=$(( CONNECTIONS < 2 ? CONNECTIONS : 2 ))  # wrk needs connections ≥ threads
echo "== /match: wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION, $JOBS jobs, top 10"
curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d "$BODY" "http://127.0.0.1:$PORT/match"  # warm-up
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$DIR/match.lua" "http://127.0.0.1:$PORT/match" \
  | grep -E 'Requests/sec|^ +(50|99)%|requests in|Non-2xx|Socket errors'

MATCH=$(curl -s -X POST -H 'Content-Type: application/json' -d "$BODY" "http://127.0.0.1:$PORT/match")
RID=$("$PY" -c 'import json,sys; print(json.load(sys.stdin)["request_id"])' <<<"$MATCH")
JIDS=$("$PY" -c 'import json,sys; print(",".join(r["job_id"] for r in json.load(sys.stdin)["results"]))' <<<"$MATCH")
echo "== /feedback: $POSTS posts at once, counted in SQLite"
"$PY" "$ROOT/bench/server/feedback_load.py" --port "$PORT" --database "$WS/feedback.sqlite" \
  --request-id "$RID" --job-ids "$JIDS" --posts "$POSTS" --tag load

echo "== SIGKILL after $KILL_AFTER of $POSTS posts were answered 201"
"$PY" "$ROOT/bench/server/feedback_load.py" --port "$PORT" --database "$WS/feedback.sqlite" \
  --request-id "$RID" --job-ids "$JIDS" --posts "$POSTS" --tag kill --kill-pid "$SERVER_PID" --kill-after "$KILL_AFTER"
wait "$SERVER_PID" 2>/dev/null || true
start_server  # reopens the database the killed server left
echo "after restart: $(sqlite3 "$WS/feedback.sqlite" "SELECT COUNT(*) FROM feedback_event WHERE reason LIKE 'kill-%'") 'kill' events; integrity $(sqlite3 "$WS/feedback.sqlite" 'PRAGMA integrity_check')"
