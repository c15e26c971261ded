"""Training pairs for the reranker evaluation, from the generator's labels (not production mining).

`jobmatch mine-pairs` mines pairs without labels; until it is in this branch, this script makes a
pairs file of the same schema from WORKSPACE/raw/labels.jsonl so the cross-encoder can be trained
and measured (README, "Matching"). Only the first --train-cvs CVs of tables/cvs.parquet are used;
the rest stay held out for `jobmatch evaluate-rerank`, which skips every cv_id of the pairs file.

For each training CV: --positives jobs of the same occupation (anchor = the CV's embedding_text,
positive = the job's), each with a hard negative: a job of another occupation in the same industry
when there is one, else any other occupation. Seeded.

    ~/.cache/jobmatch/venv/bin/python scripts/rerank/label_pairs.py --workspace WS --train-cvs 100
"""
import argparse, json, random
from collections import defaultdict

import pyarrow as pa
import pyarrow.parquet as pq


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--workspace", required=True)
    ap.add_argument("--train-cvs", type=int, default=100)
    ap.add_argument("--positives", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--output", help="default WORKSPACE/tables/pairs.parquet")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    labels = [json.loads(l) for l in open(f"{a.workspace}/raw/labels.jsonl")]
    occ = {(l["kind"], l["id"]): (l["occupation"], l["industry"]) for l in labels}
    jobs = pq.read_table(f"{a.workspace}/tables/jobs.parquet", columns=["job_id", "embedding_text"]).to_pylist()
    cvs = pq.read_table(f"{a.workspace}/tables/cvs.parquet", columns=["cv_id", "embedding_text"]).to_pylist()
    by_occ, by_ind = defaultdict(list), defaultdict(list)
    for j in jobs:
        o = occ.get(("job", j["job_id"]))
        if o:
            by_occ[o[0]].append(j)
            by_ind[o[1]].append((o[0], j))
    rows = []
    for cv in cvs[: a.train_cvs]:
        o = occ.get(("cv", cv["cv_id"]))
        if not o or not by_occ[o[0]]:
            continue
        for pos in rng.sample(by_occ[o[0]], min(a.positives, len(by_occ[o[0]]))):
            same_ind = [j for oc, j in by_ind[o[1]] if oc != o[0]]
            pool = same_ind or [j for j in jobs if occ.get(("job", j["job_id"]), ("",))[0] != o[0]]
            neg = rng.choice(pool)
            rows.append({"cv_id": cv["cv_id"], "job_id": pos["job_id"], "anchor": cv["embedding_text"],
                         "positive": pos["embedding_text"], "negative": neg["embedding_text"]})
    out = a.output or f"{a.workspace}/tables/pairs.parquet"
    schema = pa.schema([(n, pa.string()) for n in ["cv_id", "job_id", "anchor", "positive", "negative"]])
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), out)
    print(f"{len(rows)} pairs from {len({r['cv_id'] for r in rows})} CVs -> {out}")


if __name__ == "__main__":
    main()
