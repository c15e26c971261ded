#!/usr/bin/env python3
"""Drives the recruiter's page (/recruit) in headless Chromium over the DevTools protocol.

    drive_recruiter.py --url http://127.0.0.1:PORT/recruit --database WS/feedback.sqlite --job-id ID --screenshots DIR

As a recruiter would, at a phone's width: loads the page, types the job id, submits, waits for
the CVs, clicks "Contacted" on the first one and waits for "Saved". Then it checks the event in
SQLite (Python's sqlite3), that the page raised no JavaScript error or policy violation, and saves
DIR/recruiter-page-phone.png and DIR/recruiter-page-desktop.png. Prints one JSON line (cv_ids,
request_id, event rows) and exits 0; a failure prints `FAIL: why` and exits 1 (2 without Chromium).
Shares the DevTools client and Chromium start-up of drive_page.py.
"""
import argparse
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drive_page import Fail, check_no_page_errors, run_in_chromium  # noqa: E402


def drive(args, tools):
    tools.call("Page.enable")
    tools.call("Runtime.enable")
    tools.call("Log.enable")
    tools.call("Emulation.setDeviceMetricsOverride", width=390, height=844, deviceScaleFactor=1, mobile=True)
    tools.call("Page.navigate", url=args.url)
    tools.wait_for("document.readyState === 'complete' && document.body && document.body.dataset.state === 'ready'",
                   "the page and its script to load", timeout=20)
    if tools.evaluate("document.title") != "JobMatch: candidates for a job":
        raise Fail(f"unexpected title {tools.evaluate('document.title')!r}")
    overflow = tools.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        raise Fail(f"the page is {overflow} px wider than a 390 px phone screen")

    tools.evaluate("document.getElementById('job-id').focus()")
    tools.call("Input.insertText", text=args.job_id)
    tools.click("#submit")
    tools.wait_for("document.body.dataset.state === 'results' || document.body.dataset.state === 'error'", "the CVs")
    if tools.evaluate("document.body.dataset.state") != "results":
        raise Fail(f"the search failed: {tools.status()!r}")
    cards = tools.evaluate("""Array.from(document.querySelectorAll('#results > li')).map(li => ({
        cv_id: li.dataset.cvId, shows: li.querySelectorAll('.chip.matched').length,
        buttons: Array.from(li.querySelectorAll('button')).map(b => b.textContent)}))""")
    if not cards:
        raise Fail(f"no CV shown; status {tools.status()!r}")
    if cards[0]["buttons"] != ["Like", "Not a fit", "Contacted"]:
        raise Fail(f"unexpected buttons {cards[0]['buttons']}")
    tools.click("#results > li:first-child button[data-event='contacted']")
    tools.wait_for("document.querySelector('#results > li:first-child .note').textContent.startsWith('Saved')",
                   "the reaction to be saved", timeout=20)

    os.makedirs(args.screenshots, exist_ok=True)
    tools.screenshot(os.path.join(args.screenshots, "recruiter-page-phone.png"), 390, 844, True, 1600)
    tools.screenshot(os.path.join(args.screenshots, "recruiter-page-desktop.png"), 1280, 900, False, 1800)
    check_no_page_errors(tools)

    with sqlite3.connect(f"file:{args.database}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT q.job_id, e.cv_id, e.event, r.rank FROM candidate_event e "
                          "JOIN candidate_request q ON q.id = e.request_id "
                          "JOIN candidate_result r ON r.request_id = e.request_id AND r.cv_id = e.cv_id").fetchall()
        shown = db.execute("SELECT COUNT(*) FROM candidate_result").fetchone()[0]
    return {"cv_ids": [c["cv_id"] for c in cards], "events": [list(r) for r in rows], "shown_in_database": shown,
            "status": tools.status()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--job-id", required=True)
    parser.add_argument("--screenshots", required=True)
    args = parser.parse_args()
    return run_in_chromium(lambda tools: drive(args, tools))


if __name__ == "__main__":
    sys.exit(main())
