#!/usr/bin/env bash
# The closed loop on all-MiniLM-L6-v2: a generated workspace served by `jobmatch serve`, simulated
# recruiters liking and disliking what it shows (bench/retrain/simulate_feedback.py: the
# generator's labels as their judgment), `jobmatch feedback export`, then `jobmatch retrain` on
# mined + feedback pairs; prints the export and the decision (both models' held-out figures, the
# differences with their intervals). A copy of the workspace is used, so the source stays as is.
#   bash bench/retrain/run.sh [retrain options]    (a new pipeline run on 2,000 jobs / 300 CVs, as make demo)
#   BENCH_WS=/tmp/demo-ws bash bench/retrain/run.sh (a copy of a workspace make demo made)
#   CVS=300 (CVs given feedback), REPEATS=2 (--feedback-repeats), PORT=8097
set -euo pipefail
BIN=${JOBMATCH_BIN:-.build/release/jobmatch}
PY=${JOBMATCH_PYTHON:-$HOME/.cache/jobmatch/venv/bin/python}
WS=${BENCH_OUT:-/tmp/jobmatch-retrain-loop}
PORT=${PORT:-8097}
[ -x .build/release/jobmatch-server ] || swift build -c release --product jobmatch-server
lscpu | grep -m1 'Model name'
rm -rf "$WS"
if [ -n "${BENCH_WS:-}" ]; then cp -r "$BENCH_WS" "$WS"; else
  "$BIN" pipeline --workspace "$WS" --jobs 2000 --cvs 300 --seed 42 --max-seq-length 128 >/dev/null
fi
# --rate-limit 0: the simulated users are one client posting hundreds of /match in a row.
"$BIN" serve --workspace "$WS" --port "$PORT" --rate-limit 0 >"$WS/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 60); do grep -q "listening on" "$WS/serve.log" && break; sleep 1; done
"$PY" bench/retrain/simulate_feedback.py --port "$PORT" --workspace "$WS" --cvs "${CVS:-300}"
kill $server; wait $server 2>/dev/null || true
"$BIN" feedback export --workspace "$WS"
time "$BIN" retrain --workspace "$WS" --feedback-repeats "${REPEATS:-2}" "$@"
