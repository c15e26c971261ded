"""Real texts for the recall table: documents and queries as JSON Lines ({"id", "text"}).

    python make_texts.py DATA_DIR OUT_DIR

Documents: every LinkedIn posting of linkedin_job_postings.csv as one line (title at company,
location, level, type) and every Glassdoor posting (title and description); queries: the resumes
of UpdatedResumeDataSet.csv (the Category column is not read). Exact duplicate texts are dropped.
"""
import csv
import json
import os
import sys

csv.field_size_limit(10**9)
data, out = sys.argv[1], sys.argv[2]


def rows(name):
    with open(os.path.join(data, name), newline="") as f:
        return list(csv.DictReader(f))


def write(name, texts):
    seen, kept = set(), []
    for t in texts:
        if t not in seen:
            seen.add(t)
            kept.append(t)
    with open(os.path.join(out, name), "w") as f:
        for i, t in enumerate(kept):
            f.write(json.dumps({"id": str(i), "text": t}) + "\n")
    print(f"{name}: {len(kept)} texts", file=sys.stderr)


os.makedirs(out, exist_ok=True)
docs = [f"{r['job_title']} at {r['company']}, {r['job_location']} ({r['job_level']}, {r['job_type']})"
        for r in rows("linkedin_job_postings.csv")]
docs += [f"{r['Job Title']}. {r['Job Description']}" for r in rows("glassdoor_jobs.csv")]
write("docs.jsonl", docs)
write("queries.jsonl", [r["Resume"] for r in rows("UpdatedResumeDataSet.csv")])
