#!/usr/bin/env python3
"""Drives the web page's alerts box in headless Chromium: "new since your last visit".

    drive_alerts.py --url http://127.0.0.1:PORT/ --cv-id ID --then "SHELL COMMAND"

Three visits in one browser profile (so localStorage persists), each typing the CV id and
pressing "Show my alerts": the first, then `--then` runs (new alerts are written meanwhile), the
second, and a third with nothing new. Prints one JSON line: for each visit, the alerts shown, the
ones marked new, and the status line; exits 0, or prints `FAIL: why` and exits 1 (2 without Chromium).
Reuses drive_page.py's DevTools client and Chromium launcher.
"""
import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drive_page import Fail, run_in_chromium  # noqa: E402


def visit(tools, url, cv_id):
    tools.call("Page.enable")
    tools.evaluate("document.body && (document.body.dataset.state = 'leaving')")
    tools.call("Page.navigate", url=url)
    tools.wait_for("document.readyState === 'complete' && document.body && document.body.dataset.state === 'ready'", "the page to load")
    tools.evaluate(f"document.getElementById('alerts-cv').value = {json.dumps(cv_id)}")
    tools.evaluate("document.getElementById('alerts-status').textContent = ''")
    tools.click("#alerts-show")
    tools.wait_for("/in all\\.|Could not/.test(document.getElementById('alerts-status').textContent)", "the alerts")
    status = tools.evaluate("document.getElementById('alerts-status').textContent")
    if status.startswith("Could not"):
        raise Fail(status)
    return {
        "shown": tools.evaluate("document.querySelectorAll('#alerts-list > li').length"),
        "new": tools.evaluate("document.querySelectorAll('#alerts-list > li.new').length"),
        "status": status,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--cv-id", required=True)
    parser.add_argument("--then", required=True, help="a shell command run between the first and second visits")
    args = parser.parse_args()

    def drive(tools):
        visits = [visit(tools, args.url, args.cv_id)]
        between = subprocess.run(args.then, shell=True, capture_output=True, text=True)
        if between.returncode != 0:
            raise Fail(f"--then failed ({between.returncode}): {between.stderr.strip()[-500:]}")
        visits.append(visit(tools, args.url, args.cv_id))
        visits.append(visit(tools, args.url, args.cv_id))
        return {"visits": visits}

    return run_in_chromium(drive)


if __name__ == "__main__":
    sys.exit(main())
