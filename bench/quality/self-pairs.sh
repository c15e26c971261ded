#!/usr/bin/env bash
# Does fine-tuning on what real postings say about themselves help real resumes? Title <-> skills
# pairs from data/real/job_skills.csv (bench/quality/self_pairs.py), all-MiniLM-L6-v2 trained on
# them one epoch at two learning rates, then `jobmatch eval` of the base and both on every real
# resume against every real posting with the default templates (silver labels: a keyword of the
# resume's category in the job's title; Category is used for evaluation only). None of the
# evaluated texts was trained on: the skills rows join none of the sample's postings.
#   bash bench/quality/self-pairs.sh            (JOBMATCH_BIN, JOBMATCH_PYTHON to use others)
set -euo pipefail
BIN=${JOBMATCH_BIN:-.build/release/jobmatch}
PY=${JOBMATCH_PYTHON:-$HOME/.cache/jobmatch/venv/bin/python}
MODEL=${JOBMATCH_MODEL_CACHE:-$HOME/.cache/jobmatch/models}/all-MiniLM-L6-v2
WS=${BENCH_OUT:-/tmp/jobmatch-self-pairs}
rm -rf "$WS"; mkdir -p "$WS"
lscpu | grep -m1 'Model name'
"$BIN" pipeline --workspace "$WS" --raw data/real --until process >/dev/null 2>&1
"$PY" bench/quality/self_pairs.py data/real/job_skills.csv "$WS/self-pairs.parquet"
models=("$MODEL")
for lr in 5e-5 1e-5; do
  "$BIN" train --workspace "$WS" --base "$MODEL" --pairs "$WS/self-pairs.parquet" --name "self-pairs-$lr" --epochs 1 \
    --batch-size 32 --max-seq-length 64 --lr "$lr" --checkpoint-every 0 2>&1 | tr '\r' '\n' | grep '^trained'
  models+=("$WS/models/self-pairs-$lr")
done
args=(); for m in "${models[@]}"; do args+=(--model "$m"); done
"$BIN" eval --workspace "$WS" "${args[@]}" --held-out 0.9999 --held-out-jobs 0.9999 --no-bm25 2>/dev/null | sed -n '/95% bootstrap/,$p'
