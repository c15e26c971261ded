#!/usr/bin/env bash
# The main job on the embedded defaults: `jobmatch pipeline` on generated data, then a match for a
# pasted CV. Usage: scripts/demo.sh WORKSPACE JOBS CVS SEED   (called by `make demo`)
set -euo pipefail
ws=$1 jobs=$2 cvs=$3 seed=$4
jm=".build/release/jobmatch"
step() { printf '\n== %s\n' "$*"; }

step "jobmatch pipeline: generate $jobs postings and $cvs CVs, ingest, process, mine pairs, fine-tune, evaluate (it chooses the serving model), train and measure a reranker (it chooses the order), index (a second run skips every stage)"
"$jm" pipeline --workspace "$ws" --jobs "$jobs" --cvs "$cvs" --seed "$seed" --max-seq-length "${DEMO_MAX_SEQ:-128}"

step "a CV pasted as text, explained"
"$jm" match --workspace "$ws" --top 3 --text "Data analyst with 5 years of SQL, Python and Tableau. Built dashboards and ETL pipelines, \
A/B tests and stakeholder reporting; some machine learning with scikit-learn."

step "the web page"
echo "make serve    # builds jobmatch-server the first time (the HTTP stack and SQLite layer), then serves $ws"
echo "then open http://127.0.0.1:${PORT:-8080}/ and paste a CV; likes and dislikes go to $ws/feedback.sqlite"
