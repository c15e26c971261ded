#!/usr/bin/env python3
"""Drives a running `jobmatch serve` with requests and reactions in both directions, and writes a
groups file of made-up self-reported categories: the input of the bias audit's example
(docs/privacy.md, "Bias audit in Local Law 144's form").

    python3 scripts/audit_demo.py --url http://127.0.0.1:8080 --workspace /tmp/ws-audit \\
        --groups /tmp/ws-audit/groups.csv --seed 7

The generated data set has no demographic data, so the categories are drawn at random (seeded):
they show the file's shape and exercise the report, they describe no one. Reactions are drawn
with probabilities that fall with the rank shown. Standard library only.
"""
import argparse
import csv
import json
import random
import subprocess
import urllib.request

SEX = [("Female", 0.48), ("Male", 0.48), ("", 0.04)]
RACE = [("White", 0.40), ("Hispanic or Latino", 0.18), ("Black or African American", 0.14), ("Asian", 0.14),
        ("Two or More Races", 0.05), ("Native Hawaiian or Other Pacific Islander", 0.01),
        ("American Indian or Alaska Native", 0.02), ("", 0.06)]


def draw(rng, choices):
    x, total = rng.random(), 0.0
    for value, p in choices:
        total += p
        if x < total:
            return value
    return choices[-1][0]


def post(url, path, body):
    request = urllib.request.Request(url + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read() or b"{}")


def table(jobmatch, path, key):
    out = subprocess.run([jobmatch, "cat", path], check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip() and key in line]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--workspace", required=True)
    ap.add_argument("--groups", required=True)
    ap.add_argument("--jobmatch", default=".build/debug/jobmatch")
    ap.add_argument("--jobs", type=int, default=30, help="recruiter requests (one per job)")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    cvs = [r["cv_id"] for r in table(a.jobmatch, a.workspace + "/tables/cvs.parquet", "cv_id")]
    jobs = [r["job_id"] for r in table(a.jobmatch, a.workspace + "/tables/jobs.parquet", "job_id")]
    rng.shuffle(jobs)

    recruiter = seeker = events = 0
    for job in jobs[:a.jobs]:
        answer = post(a.url, "/match/job", {"job_id": job, "top": 10})
        recruiter += 1
        for r in answer["results"]:
            rank = r["rank"]
            for event, p in [("like", 0.35 / rank), ("contacted", 0.15 / rank), ("hired", 0.04 / rank)]:
                if rng.random() < p:
                    post(a.url, "/feedback/candidate", {"request_id": answer["request_id"], "cv_id": r["cv_id"], "event": event})
                    events += 1
    for cv in cvs:
        answer = post(a.url, "/match", {"cv_id": cv, "top": 10})
        seeker += 1
        for r in answer["results"]:
            rank = r["rank"]
            for event, p in [("like", 0.4 / rank), ("applied", 0.15 / rank), ("hired", 0.03 / rank)]:
                if rng.random() < p:
                    post(a.url, "/feedback", {"request_id": answer["request_id"], "job_id": r["job_id"], "event": event})
                    events += 1
    for i in range(3):  # pasted CVs: counted by the audit, never attributed
        post(a.url, "/match", {"text": f"Nurse with {i + 3} years of ICU experience, patient care, triage.", "top": 10})

    listed = 0
    with open(a.groups, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["cv_id", "sex", "race_ethnicity"])
        for cv in cvs:
            if rng.random() < 0.05:  # some people supplied nothing: not in the file
                continue
            w.writerow([cv, draw(rng, SEX), draw(rng, RACE)])
            listed += 1
    print(f"{recruiter} recruiter requests, {seeker} job-seeker requests, 3 pasted, {events} reactions; "
          f"{listed} of {len(cvs)} CVs in {a.groups}")


if __name__ == "__main__":
    main()
