#!/usr/bin/env python3
"""Simulated recruiters for `jobmatch serve` on a generated workspace: the feedback half of the loop.

    simulate_feedback.py --port P --workspace WS [--cvs 100] [--top 20] [--likes 3] [--dislikes 2]

For each of the first --cvs CVs of WS/tables/cvs.parquet, POST /match {cv_id, top} as the web page
does, then POST /feedback as a recruiter who knows the answer would: `like` for the first --likes
shown jobs whose generated occupation (WS/raw/labels.jsonl, the generator's truth) is the CV's, and
`dislike` for the first --dislikes shown jobs of another occupation. Held-out CVs get feedback too:
`jobmatch retrain` leaves their pairs out and counts them. Prints one JSON line: requests, likes,
dislikes, and how many of the top --top were relevant on average (precision@top before retraining).
"""
import argparse
import json
import urllib.request

import pyarrow.parquet as pq


def post(port, path, body):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workspace", required=True)
    parser.add_argument("--cvs", type=int, default=100)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--likes", type=int, default=3)
    parser.add_argument("--dislikes", type=int, default=2)
    args = parser.parse_args()
    occupation = {}
    with open(f"{args.workspace}/raw/labels.jsonl", encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            occupation[(o["kind"], o["id"])] = o["occupation"]
    cv_ids = pq.read_table(f"{args.workspace}/tables/cvs.parquet", columns=["cv_id"]).column("cv_id").to_pylist()[: args.cvs]
    likes = dislikes = 0
    relevant_shown = []
    for cv in cv_ids:
        want = occupation.get(("cv", cv))
        response = post(args.port, "/match", {"cv_id": cv, "top": args.top})
        results = response["results"]
        relevant = [r for r in results if occupation.get(("job", r["job_id"])) == want]
        other = [r for r in results if occupation.get(("job", r["job_id"])) != want]
        relevant_shown.append(len(relevant) / max(1, len(results)))
        for r, event in [(r, "like") for r in relevant[: args.likes]] + [(r, "dislike") for r in other[: args.dislikes]]:
            post(args.port, "/feedback", {"request_id": response["request_id"], "job_id": r["job_id"], "event": event,
                                          "reason": "simulated"})
            likes += event == "like"
            dislikes += event == "dislike"
    print(json.dumps({"requests": len(cv_ids), "likes": likes, "dislikes": dislikes,
                      "relevant_share_of_top": round(sum(relevant_shown) / max(1, len(relevant_shown)), 4)}))


if __name__ == "__main__":
    main()
