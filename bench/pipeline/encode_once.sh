#!/usr/bin/env bash
# The pipeline before and after the encoded-jobs cache (tables/encoded/): the same generated input
# through two `jobmatch` release binaries, one after the other, each whole process under
# /usr/bin/time -v; then the artifacts compared byte for byte.
#   BASE_BIN=/path/to/old/jobmatch NEW_BIN=.build/release/jobmatch bash bench/pipeline/encode_once.sh
# The base model comes from the shared cache (a base build older than the cache gets a copy).
set -euo pipefail
BASE_BIN=${BASE_BIN:?the older jobmatch binary} NEW_BIN=${NEW_BIN:-.build/release/jobmatch}
MODEL=${JOBMATCH_MODEL_CACHE:-$HOME/.cache/jobmatch/models}/all-MiniLM-L6-v2
JOBS=${BENCH_JOBS:-800} CVS=${BENCH_CVS:-150} OUT=${BENCH_OUT:-/tmp/jobmatch-encode-once}
lscpu | grep -m1 'Model name'
for who in base new; do
  bin=$BASE_BIN; [ $who = new ] && bin=$NEW_BIN
  ws=$OUT/$who; rm -rf "$ws"; mkdir -p "$ws/models"; cp -r "$MODEL" "$ws/models/"
  /usr/bin/time -v "$bin" pipeline --workspace "$ws" --jobs "$JOBS" --cvs "$CVS" --max-seq-length 128 >"$OUT/$who.log" 2>"$OUT/$who.time"
  echo "== $who"; grep -E '^\s+(mine|train|index|eval) ' "$OUT/$who.log" | cut -c1-90
  grep -E 'Elapsed|User time|Maximum resident' "$OUT/$who.time"
done
for f in tables/jobs.parquet tables/cvs.parquet tables/pairs.parquet tables/jobs_encoded.parquet index/jobs.faiss \
         models/jobmatch-minilm/model.safetensors reports/pipeline-eval.json; do
  cmp -s "$OUT/base/$f" "$OUT/new/$f" && echo "same $f" || echo "DIFF $f"
done
