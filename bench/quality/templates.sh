#!/usr/bin/env bash
# Which embedding texts serve real users best: the real samples (data/real) processed with each
# job and CV template below, then all-MiniLM-L6-v2 (no fine-tuning) scored by `jobmatch eval` on
# every resume against every posting, relevance = a keyword of the resume's category in the job's
# title (silver labels; Category is used for evaluation only). Prints precision@10 and MRR@10 with
# their 95% bootstrap intervals per pair of templates.
#   bash bench/quality/templates.sh            (JOBMATCH_BIN to use another build)
set -euo pipefail
BIN=${JOBMATCH_BIN:-.build/release/jobmatch}
MODEL=${JOBMATCH_MODEL_CACHE:-$HOME/.cache/jobmatch/models}/all-MiniLM-L6-v2
WS=${BENCH_OUT:-/tmp/jobmatch-templates}
T=$WS/templates; rm -rf "$WS"; mkdir -p "$T"
lscpu | grep -m1 'Model name'
"$BIN" pipeline --workspace "$WS" --raw data/real --until ingest >/dev/null 2>&1
# Jobs.
printf '%s' '{{{title}}}.{{#summary}} {{{summary}}}{{/summary}}' >"$T/job-title-summary"        # the default (72 words)
printf '%s' '{{{title}}}' >"$T/job-title"
printf '%s' '{{{title}}}{{#company}} at {{{company}}}{{/company}}' >"$T/job-title-company"
printf '%s' '{{{title}}}.{{#skills}} {{{skills}}}.{{/skills}}' >"$T/job-title-skills"
printf '%s' 'passage: {{{title}}}{{#level}} ({{{level}}}){{/level}}{{#company}} at {{{company}}}{{/company}}{{#location}}, {{{location}}}{{/location}}.{{#skills}} Skills: {{{skills}}}.{{/skills}} {{{summary}}}' >"$T/job-old-default"
# CVs.
printf '%s' '{{#headline}}{{{headline}}}. {{/headline}}{{#skills}}{{{skills}}}. {{/skills}}{{{text}}}' >"$T/cv-skills-text"  # the default
printf '%s' '{{{text}}}' >"$T/cv-text"
printf '%s' 'query: {{#headline}}{{{headline}}}. {{/headline}}{{#skills}}Skills: {{{skills}}}. {{/skills}}{{{text}}}' >"$T/cv-old-default"
printf '%-20s %-16s %-26s %s\n' job cv 'P@10 [95% CI]' 'MRR@10 [95% CI]'
for job in job-title-summary job-title job-title-company job-title-skills job-old-default; do
  for cv in cv-skills-text cv-text cv-old-default; do
    "$BIN" process --workspace "$WS" --job-template "$T/$job" --cv-template "$T/$cv" >/dev/null 2>&1
    "$BIN" eval --workspace "$WS" --model "$MODEL" --held-out 0.9999 --held-out-jobs 0.9999 --no-bm25 --json 2>/dev/null |
      python3 -c '
import json, sys
r = next(iter(json.load(sys.stdin).values()))
f = lambda m: "%.3f [%.2f, %.2f]" % (r[m], r[m + " low"], r[m + " high"])
print("%-20s %-16s %-26s %s" % (sys.argv[1], sys.argv[2], f("Precision@10"), f("MRR@10")))' "$job" "$cv"
  done
done
