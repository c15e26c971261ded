#!/usr/bin/env python3
"""Skills per text on the real samples, before and after the vocabulary cleanup, and the
hand-check sample.

Runs the built `jobmatch skills --input FILE --json` (precise mode, as `jobmatch process` does)
over the real texts of data/real:
  glassdoor   100 Glassdoor descriptions (`Job Description`)
  resumes     962 resumes (`Resume`; the `Category` column is not read)
  li-skills   4,382 LinkedIn job_skills lists (`job_skills`, matched as text)
  li-titles   7,523 LinkedIn job titles (`job_title`: a title should hold few skills)
"before" uses the vocabulary as it was (build_skills.py --unpruned, through JOBMATCH_SKILLS_FILE),
"after" the built-in one (Sources/Skills/Resources/skills.tsv); "after, non-skills" counts what
the cleanup drops, by category. Skills per text = distinct skill ids matched in the text.

    python3 scripts/skills_report.py [--jobmatch .build/release/jobmatch] [--sample OUT.tsv]

--sample writes a seeded random sample (random.Random(10)) of 100 matches of the "after"
vocabulary, stratified: 34 from glassdoor, 33 from resumes, 33 from li-skills (one match per text,
texts drawn without replacement, then one match drawn from the text's matches),
each with 80 characters of context either side and an empty verdict column: the committed
docs/skills_sample.tsv is that file with the verdicts filled in by hand.
"""
import argparse
import collections
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REAL = os.path.join(ROOT, "data", "real")
csv.field_size_limit(1 << 30)


def corpora():
    out = collections.OrderedDict()

    def rows(name):
        with open(os.path.join(REAL, name), newline="", encoding="utf-8", errors="replace") as f:
            yield from csv.DictReader(f)

    out["glassdoor"] = [(f"glassdoor-{i}", r["Job Description"]) for i, r in enumerate(rows("glassdoor_jobs.csv"))
                        if r.get("Job Description")]
    out["resumes"] = [(f"resume-{i}", r["Resume"]) for i, r in enumerate(rows("UpdatedResumeDataSet.csv"))
                      if r.get("Resume")]
    out["li-skills"] = [(f"li-skills-{i}", r["job_skills"]) for i, r in enumerate(rows("job_skills.csv"))
                        if r.get("job_skills")]
    out["li-titles"] = [(f"li-title-{i}", r["job_title"]) for i, r in enumerate(rows("linkedin_job_postings.csv"))
                        if r.get("job_title")]
    return out


def run(jobmatch, path, env_file=None, non_skills=False):
    env = dict(os.environ)
    if env_file:
        env["JOBMATCH_SKILLS_FILE"] = env_file
    cmd = [jobmatch, "skills", "--json", "--input", path] + (["--non-skills"] if non_skills else [])
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)}: exit {p.returncode}: {p.stderr.strip()}")
    return {o["id"]: o["matches"] for o in map(json.loads, p.stdout.splitlines())}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobmatch", default=os.path.join(ROOT, ".build", "release", "jobmatch"))
    ap.add_argument("--sample")
    args = ap.parse_args()
    texts = corpora()
    with tempfile.TemporaryDirectory() as tmp:
        unpruned = os.path.join(tmp, "unpruned.tsv")
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "taxonomy", "build_skills.py"), "--unpruned", unpruned],
                       check=True, capture_output=True)
        inp = os.path.join(tmp, "texts.jsonl")
        with open(inp, "w", encoding="utf-8") as f:
            for items in texts.values():
                for tid, text in items:
                    f.write(json.dumps({"id": tid, "text": text}, ensure_ascii=False) + "\n")
        before = run(args.jobmatch, inp, env_file=unpruned)
        after = run(args.jobmatch, inp)
        everything = run(args.jobmatch, inp, non_skills=True)

    print("| texts | n | skills/text before | after | change | median before | after | non-skill matches dropped, by category |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for name, items in texts.items():
        b = [len({m["skill"] for m in before[t]}) for t, _ in items]
        a = [len({m["skill"] for m in after[t]}) for t, _ in items]
        cats = collections.Counter(m["category"] for t, _ in items for m in everything[t] if m["category"] != "skill")
        mb, ma = statistics.mean(b), statistics.mean(a)
        top = ", ".join(f"{c} {n}" for c, n in cats.most_common())
        print(f"| {name} | {len(items)} | {mb:.2f} | {ma:.2f} | {100 * (ma - mb) / mb:+.0f}% | {statistics.median(b):g} | "
              f"{statistics.median(a):g} | {top} |")

    dropped = collections.Counter()
    for name in ("glassdoor", "resumes", "li-skills"):
        for t, _ in texts[name]:
            for m in everything[t]:
                if m["category"] != "skill":
                    dropped[(m["category"], m["skill"])] += 1
    print("\nmost frequent non-skill matches (glassdoor, resumes, li-skills): "
          + ", ".join(f"{s} ({c}) {n}" for (c, s), n in dropped.most_common(25)))

    if args.sample:
        rng = random.Random(10)
        picked = []
        for name, k in (("glassdoor", 34), ("resumes", 33), ("li-skills", 33)):
            pool = [(name, tid, text) for tid, text in texts[name] if after[tid]]
            picked += rng.sample(pool, k)
        with open(args.sample, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, delimiter="\t", lineterminator="\n")
            w.writerow(["n", "text_id", "skill", "name", "matched", "context", "verdict", "note"])
            for n, (name, tid, text) in enumerate(picked, 1):
                m = rng.choice(after[tid])
                cps = list(text)  # offsets count Unicode scalars, as Python str indices
                left = "".join(cps[max(0, m["start"] - 80):m["start"]])
                right = "".join(cps[m["end"]:m["end"] + 80])
                context = " ".join(f"{left}[[{m['text']}]]{right}".split())
                w.writerow([n, tid, m["skill"], m["name"], m["text"], context, "", ""])
        print(f"\nsample of 100 -> {args.sample}")


if __name__ == "__main__":
    main()
