"""Check by hand that sentence-transformers loads our reranker and scores as `jobmatch match` does.

Runs `CrossEncoder(WORKSPACE/models/reranker)` (sentence-transformers 3.3.1, the fixtures venv) on the
(CV embedding_text, job embedding_text) pairs of a `jobmatch match --json` answer and compares its
`predict` scores with the answer's `rerank_score`s. CI has no torch; this is the by-hand check the
README records.

    jobmatch match --workspace WS --cv-id cv-000150 --ranking rerank --json > /tmp/m.json
    HF_HUB_OFFLINE=1 ~/.cache/jobmatch/venv-fixtures/bin/python scripts/rerank/check_crossencoder.py \
        --workspace WS --match-json /tmp/m.json
"""
import argparse, json, os, subprocess

from sentence_transformers import CrossEncoder

# The fixtures venv has torch but not pyarrow; the set-up's venv reads the tables.
READ = """
import json, sys, pyarrow.parquet as pq
t = pq.read_table(sys.argv[1], columns=[sys.argv[2], "embedding_text"]).to_pylist()
print(json.dumps({r[sys.argv[2]]: r["embedding_text"] for r in t}))
"""


def texts(table, key):
    py = os.path.expanduser("~/.cache/jobmatch/venv/bin/python")
    return json.loads(subprocess.run([py, "-c", READ, table, key], check=True, capture_output=True, text=True).stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--workspace", required=True)
    ap.add_argument("--match-json", required=True)
    ap.add_argument("--reranker", help="default WORKSPACE/models/reranker")
    a = ap.parse_args()
    answer = json.load(open(a.match_json))
    cv_text = texts(f"{a.workspace}/tables/cvs.parquet", "cv_id")[answer["cv_id"]]
    jobs = texts(f"{a.workspace}/tables/jobs.parquet", "job_id")
    ce = CrossEncoder(a.reranker or f"{a.workspace}/models/reranker", device="cpu")
    ours = [r["rerank_score"] for r in answer["results"]]
    theirs = ce.predict([[cv_text, jobs[r["job_id"]]] for r in answer["results"]]).tolist()
    diff = max(abs(x - y) for x, y in zip(ours, theirs))
    print(f"{len(ours)} pairs, max_length {ce.max_length or ce.tokenizer.model_max_length}; "
          f"max |jobmatch - CrossEncoder.predict| = {diff:.2e}")
    for x, y in zip(ours, theirs):
        print(f"  {x:.6f}  {y:.6f}")
    raise SystemExit(0 if diff < 1e-4 else 1)


if __name__ == "__main__":
    main()
