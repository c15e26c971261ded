#!/usr/bin/env bash
# Coverage-guided fuzzing of every file reader and of the HTTP request bodies (libFuzzer + AddressSanitizer),
# see docs/reliability.md "Fuzzing".
#
#   bash scripts/fuzz.sh [SECONDS_PER_HARNESS] [HARNESS...]
#
# Builds Fuzz/ (a separate package: the root's `swift build` never builds it) with
# -sanitize=fuzzer,address, then runs each harness for SECONDS_PER_HARNESS (default 60) from its
# committed seeds in Fuzz/Corpus/<harness>. Memory is capped (-rss_limit_mb, -malloc_limit_mb) so
# an input of a few bytes that asks for GiBs is a finding, like a trap or a sanitizer report.
# Prints executions, coverage (cov: edges, ft: features) and findings per harness; exits 1 if any
# harness found one, leaving the input in Fuzz/findings/<harness>/ (crash-*, oom-*, timeout-*).
# New inputs that widened coverage go to a scratch corpus (not committed; FUZZ_KEEP_CORPUS=1 keeps it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SECONDS_PER_HARNESS=${1:-60}
shift || true
ALL=(csv jsonl parquet safetensors tokenizer eventlog faiss modelconfig docx httpbody)
HARNESSES=("$@")
[[ $# -gt 0 ]] || HARNESSES=("${ALL[@]}")
RSS_LIMIT_MB=${FUZZ_RSS_LIMIT_MB:-2048}      # whole process (ASan's own shadow memory included)
MALLOC_LIMIT_MB=${FUZZ_MALLOC_LIMIT_MB:-256} # one allocation: the inputs are KiBs, so 256 MiB is amplification
CONFIG=${FUZZ_CONFIG:-release}

# The fuzz package resolves the same dependencies as the root: reuse the root's pins when there.
[[ -f Package.resolved ]] && cp Package.resolved Fuzz/Package.resolved

echo "== building fuzz harnesses ($CONFIG, -sanitize=fuzzer,address)"
build_flags=(--package-path Fuzz -c "$CONFIG" -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=address
  -Xswiftc -use-ld=lld)  # gold crashes on the sanitizer's objects; the toolchain's lld links them
build_start=$(date +%s)
build_log=$(mktemp /tmp/jobmatch-fuzz-build.XXXXXX)
# Only the harnesses asked for: fuzz-httpbody alone compiles the server's whole stack with the
# sanitizers (about 25 minutes from cold here), so `make test` leaves it to `make fuzz`.
for h in "${HARNESSES[@]}"; do
  if ! swift build "${build_flags[@]}" --product "fuzz-$h" >>"$build_log" 2>&1; then
    grep -E 'error' "$build_log" | head -n 20 >&2 || tail -n 30 "$build_log" >&2
    echo "fuzz harness build failed: fuzz-$h (log: $build_log)" >&2
    exit 2
  fi
done
rm -f "$build_log"
bin=$(swift build "${build_flags[@]}" --show-bin-path)
echo "   built in $(( $(date +%s) - build_start )) s"

findings_root=Fuzz/findings
work=${FUZZ_WORK:-$(mktemp -d /tmp/jobmatch-fuzz.XXXXXX)}
# The files a harness writes per input go to memory when it can (fsyncs there cost nothing).
if [[ -w /dev/shm ]]; then scratch=$(mktemp -d /dev/shm/jobmatch-fuzz.XXXXXX); else scratch=$work/scratch; fi
export JOBMATCH_FUZZ_SCRATCH=$scratch
failed=()
printf '%-12s %8s %12s %8s %8s %s\n' harness seconds executions cov ft findings
for h in "${HARNESSES[@]}"; do
  seeds=Fuzz/Corpus/$h
  corpus=$work/corpus-$h
  findings=$findings_root/$h
  mkdir -p "$corpus" "$findings"
  dict=(); [[ -f Fuzz/Dictionaries/$h.dict ]] && dict=(-dict="Fuzz/Dictionaries/$h.dict")
  log=$work/$h.log
  set +e
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=0} \
  "$bin/fuzz-$h" "$corpus" "$seeds" "${dict[@]}" \
    -max_total_time="$SECONDS_PER_HARNESS" -timeout=10 \
    -rss_limit_mb="$RSS_LIMIT_MB" -malloc_limit_mb="$MALLOC_LIMIT_MB" \
    -max_len="${FUZZ_MAX_LEN:-16384}" -print_final_stats=1 -detect_leaks=0 \
    -artifact_prefix="$findings/" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' <<<"$last" | grep -o '[0-9]*' || echo '?')
  ft=$(grep -o 'ft: [0-9]*' <<<"$last" | grep -o '[0-9]*' || echo '?')
  artifact=$(grep -o 'Test unit written to .*' "$log" | sed 's/Test unit written to //' | tail -n 1 || true)
  if [[ $rc -ne 0 ]]; then
    failed+=("$h")
    printf '%-12s %8s %12s %8s %8s %s\n' "$h" "$SECONDS_PER_HARNESS" "$execs" "$cov" "$ft" "FOUND: ${artifact:-see $log}"
    grep -E 'ERROR: |Fatal error|SUMMARY|out-of-memory|malloc\(' "$log" | head -n 5 | sed 's/^/    /'
    cp "$log" "$findings/" 2>/dev/null || true
  else
    printf '%-12s %8s %12s %8s %8s %s\n' "$h" "$SECONDS_PER_HARNESS" "$execs" "$cov" "$ft" "0"
  fi
done
rm -rf "$scratch"
if [[ ${FUZZ_KEEP_CORPUS:-0} == 1 ]]; then echo "corpora kept in $work"; else rm -rf "$work"; fi
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzzing found problems in: ${failed[*]} (inputs in $findings_root/)" >&2
  exit 1
fi
echo "fuzzing: no findings"
