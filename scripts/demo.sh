#!/usr/bin/env bash
# The main job on the embedded defaults: generate data, then run every stage that exists today.
# Usage: scripts/demo.sh WORKSPACE JOBS CVS SEED   (called by `make demo`)
set -euo pipefail
ws=$1 jobs=$2 cvs=$3 seed=$4
jm=".build/release/jobmatch"
step() { printf '\n== %s\n' "$*"; }

step "generate $jobs postings and $cvs CVs into $ws/raw (seed $seed)"
"$jm" generate --workspace "$ws" --jobs "$jobs" --cvs "$cvs" --seed "$seed"

step "read every raw file back with the pipeline's readers (rows, columns, rejects)"
for f in "$ws"/raw/*.csv "$ws"/raw/*.jsonl; do
  "$jm" inspect "$f" | head -3
done

step "publish every raw record to the embedded event log ($ws/log: topics jobs and cvs, 3 partitions)"
"$jm" ingest --workspace "$ws"

step "the real samples in ../shared/data/real (cut-off records are reported, complete rows kept)"
if [ -d ../shared/data/real ]; then
  for f in ../shared/data/real/*.csv; do
    "$jm" inspect "$f" | grep -E "^\S|rows:|reject:"
  done
fi

step "process what ingest published to the log: join, filter, skills, embedding texts → $ws/tables/jobs.parquet, cvs.parquet"
"$jm" process --workspace "$ws" --source log
"$jm" cat "$ws/tables/jobs.parquet" --columns job_id,title,skills,embedding_text --limit 2 | cut -c 1-400

step "skills in two sentences: spacy mode matches every 'go' and 'react'; precise mode keeps them only as technology"
text="Nurses who react quickly and go the extra mile. Backend in Go and React with PostgreSQL."
for mode in spacy precise; do echo "-- $mode"; "$jm" skills --mode "$mode" "$text"; done

step "encode the CVs with all-MiniLM-L6-v2 → $ws/tables/cvs_encoded.parquet (the Swift BERT encoder)"
model="$ws/models/all-MiniLM-L6-v2"
"$jm" embed --model "$model" --input "$ws/tables/cvs.parquet" --text-field embedding_text --id-field cv_id \
  --output "$ws/tables/cvs_encoded.parquet"
"$jm" inspect "$ws/tables/cvs_encoded.parquet" | head -12
