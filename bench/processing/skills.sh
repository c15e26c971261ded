#!/usr/bin/env bash
# Skill matching: our SkillMatcher (spacy and precise modes) beside spaCy 3.8.7 on the same texts,
# same run: the 1,240 texts of the parity fixture, best of REPEATS passes, one thread each.
#
#   bash bench/processing/skills.sh [REPEATS]     (default 3)
#
# Needs the spaCy venv of scripts/fixtures/spacy_tokenizer_rules.py (JOBMATCH_SPACY_PYTHON,
# default ~/.cache/jobmatch/venv-spacy/bin/python).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
REPEATS=${1:-3}
SPACY_PYTHON=${JOBMATCH_SPACY_PYTHON:-$HOME/.cache/jobmatch/venv-spacy/bin/python}
TEXTS="$ROOT/Tests/ProcessingTests/Fixtures/spacy_skills.jsonl"
OUT="$ROOT/bench/out/processing"
mkdir -p "$OUT"
(cd "$ROOT/Benchmarks" && swift build -c release --product SkillsBench >&2)
BIN=$(cd "$ROOT/Benchmarks" && swift build -c release --show-bin-path)/SkillsBench
"$BIN" "$TEXTS" "$REPEATS" > "$OUT/skills.jsonl"
"$SPACY_PYTHON" "$ROOT/bench/processing/spacy_bench.py" "$TEXTS" "$REPEATS" >> "$OUT/skills.jsonl"
python3 - "$OUT/skills.jsonl" <<'PY'
import json, sys
rows = {r["engine"]: r for r in map(json.loads, open(sys.argv[1]))}
spacy = rows["spacy"]
print("| matcher | docs | MB | seconds | docs/s | MB/s | matches | vs spaCy |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for name in ["ours-spacy", "ours-precise", "spacy"]:
    r = rows[name]
    print(f"| {name} | {r['docs']:,} | {r['chars']/1e6:.2f} | {r['seconds']:.3f} | {r['docs']/r['seconds']:,.0f} | "
          f"{r['chars']/1e6/r['seconds']:.2f} | {r['matches']:,} | **{spacy['seconds']/r['seconds']:.2f}×** |")
PY
