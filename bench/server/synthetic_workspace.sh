# Sourced by bench scripts: a workspace of generated jobs whose index holds synthetic unit vectors
# (bench/server/synthetic_index.py says why that is faithful for latency and merges) under the
# real model's name, fingerprint and prompt, taken from a donor index over three jobs.
#   synthetic_workspace WS JOBS DONOR     (needs BIN, PY, MODEL, ROOT)
synthetic_workspace() {
  local ws="$1" jobs="$2" donor="$3"
  # The donor: no board postings, which generate would otherwise add by the hundred and the
  # encoder would take minutes on.
  if [ ! -f "$donor/index/jobs.faiss.json" ]; then
    rm -rf "$donor"; mkdir -p "$donor/models"; ln -s "$MODEL" "$donor/models/all-MiniLM-L6-v2"
    "$BIN" generate --workspace "$donor" --jobs 3 --cvs 2 --board-jobs 0 --seed 1 >/dev/null
    "$BIN" process --workspace "$donor" >/dev/null
    "$BIN" index --workspace "$donor" --model "$donor/models/all-MiniLM-L6-v2" >/dev/null
  fi
  rm -rf "$ws"; mkdir -p "$ws/models"; ln -s "$MODEL" "$ws/models/all-MiniLM-L6-v2"
  local t0=$SECONDS
  "$BIN" generate --workspace "$ws" --jobs "$jobs" --cvs 20 --seed 7 >/dev/null
  "$BIN" process --workspace "$ws" >/dev/null
  echo "generated and processed $jobs jobs in $((SECONDS - t0)) s"
  "$PY" "$ROOT/bench/server/synthetic_index.py" "$ws" 384 7
  "$BIN" index --workspace "$ws" --embeddings "$ws/tables/jobs_encoded.parquet" --id-field job_id >/dev/null
  "$PY" - "$ws/index/jobs.faiss.json" "$donor/index/jobs.faiss.json" <<'PY'
import json, sys
mine, donor = (json.load(open(p)) for p in sys.argv[1:])
for key in ("model", "modelFingerprint", "modelDimension", "normalized", "documentPrompt"):
    mine[key] = donor[key]
mine["sourceTable"] = "jobs_encoded.parquet"
json.dump(mine, open(sys.argv[1], "w"), indent=2, sort_keys=True)
PY
}
