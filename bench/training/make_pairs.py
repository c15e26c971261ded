"""Training pairs for the benchmark: N (CV, job) pairs of generated texts, seeded.

    python make_pairs.py OUT_PARQUET N      (needs pyarrow; also writes OUT_PARQUET with .jsonl)

Anchors are CV-like texts and positives job-like texts of 150-450 words, so every text fills the
128 tokens of max_seq_length; ids are distinct, so no-duplicate batching never skips a pair.
Columns: cv_id, job_id, anchor, positive (what `jobmatch train` and the peer both read).
"""
import random, sys
import pyarrow as pa, pyarrow.parquet as pq

out, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(9)
skills = ["Python", "SQL", "Swift", "Kubernetes", "Excel", "patient care", "forecasting", "AWS", "Spark", "React",
          "negotiation", "budgeting", "CRM", "Docker", "statistics", "Tableau", "Java", "communication", "GAAP"]
cv_phrases = ["I have worked with", "Experienced in", "Led a team using", "Built and maintained systems with",
              "Certified in", "Delivered projects in", "Five years of", "Strong background in"]
job_phrases = ["You will work closely with", "We are looking for a motivated", "The ideal candidate has experience in",
               "Responsibilities include", "Our team values", "Strong knowledge of", "at least 3 years of experience"]


def text(phrases):
    words, target = [], rng.randint(150, 450)
    while len(words) < target:
        words += f"{rng.choice(phrases)} {rng.choice(skills)}, {rng.choice(skills)} and {rng.choice(skills)}.".split()
    return " ".join(words[:target])


import json
cols = {"cv_id": [f"cv{i}" for i in range(n)], "job_id": [f"job{i}" for i in range(n)],
        "anchor": [text(cv_phrases) for _ in range(n)], "positive": [text(job_phrases) for _ in range(n)]}
pq.write_table(pa.table(cols), out)
with open(out.removesuffix(".parquet") + ".jsonl", "w") as f:
    for i in range(n):
        f.write(json.dumps({k: cols[k][i] for k in cols}) + "\n")
