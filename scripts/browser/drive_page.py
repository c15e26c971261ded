#!/usr/bin/env python3
"""Drives the JobMatch web page in headless Chromium over the DevTools protocol.

    drive_page.py --url http://127.0.0.1:PORT/ --database WS/feedback.sqlite --cv cv.txt --screenshots DIR [--keep-text]
                  [--document cv.pdf] [--scan scan.pdf] [--unordered]

As a user would, at a phone's width: loads the page, uploads the CV as a .txt file (FileReader),
clears it and pastes it instead, ticks the box that keeps its text (--keep-text), submits, waits for the ranked jobs, clicks Like on the first one,
and waits for "Saved". Then it checks the feedback row in SQLite (Python's sqlite3, not our
store), that the page raised no JavaScript error and no Content-Security-Policy violation, and
saves full-page screenshots at phone and desktop widths: DIR/web-page-phone.png and
DIR/web-page-desktop.png. Prints one JSON line (request_id, job_id, results, ...) and exits 0;
any failure prints `FAIL: why` and exits 1 (2 when Chromium is missing).

Needs `chromium` (Debian package; JOBMATCH_CHROMIUM overrides the path) and websocket-client.
"""
import argparse
import base64
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket  # websocket-client


class Fail(Exception):
    pass


class DevTools:
    """One page target: send commands, collect events."""

    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=60, suppress_origin=True)
        self.next_id = 0
        self.events = []

    def call(self, method, **params):
        self.next_id += 1
        my_id = self.next_id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == my_id:
                if "error" in message:
                    raise Fail(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise Fail(f"evaluating {expression!r}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def wait_for(self, expression, what, timeout=45):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.evaluate(expression):
                return
            time.sleep(0.1)
        raise Fail(f"timed out after {timeout} s waiting for {what}; status line: {self.status()!r}")

    def status(self):
        return self.evaluate("document.getElementById('status').textContent")

    def click(self, selector):
        """A real mouse click at the middle of the element (scrolled into view first)."""
        box = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); if (!e) return null;"
            " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
            " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
        if box is None:
            raise Fail(f"no element {selector}")
        x, y = box
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def screenshot(self, path, width, height, mobile, longest):
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=mobile)
        self.evaluate("window.scrollTo(0, 0)")
        time.sleep(0.3)
        metrics = self.call("Page.getLayoutMetrics")
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        clip = {"x": 0, "y": 0, "width": width, "height": min(int(size["height"]) + 1, longest), "scale": 1}
        shot = self.call("Page.captureScreenshot", format="png", clip=clip, captureBeyondViewport=True)
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))


def start_chromium(profile):
    binary = os.environ.get("JOBMATCH_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not binary:
        print("FAIL: chromium is not installed (Debian package `chromium`, listed in scripts/apt-packages.txt)")
        sys.exit(2)
    process = subprocess.Popen(
        [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--no-default-browser-check", "--disable-extensions", "--remote-debugging-port=0",
         f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port_file = os.path.join(profile, "DevToolsActivePort")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise Fail(f"chromium exited with status {process.returncode}")
        if os.path.exists(port_file):
            lines = open(port_file).read().split()
            if lines:
                return process, int(lines[0])
        time.sleep(0.1)
    raise Fail("chromium did not open its DevTools port within 30 s")


def page_target(port):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as response:
            targets = json.load(response)
        pages = [t for t in targets if t.get("type") == "page"]
        if pages:
            return pages[0]["webSocketDebuggerUrl"]
        time.sleep(0.1)
    raise Fail("chromium has no page target")


def drive(args, tools):
    cv_text = open(args.cv, encoding="utf-8").read()
    tools.call("Page.enable")
    tools.call("Runtime.enable")
    tools.call("Log.enable")
    tools.call("Emulation.setDeviceMetricsOverride", width=390, height=844, deviceScaleFactor=1, mobile=True)
    tools.call("Page.navigate", url=args.url)
    tools.wait_for("document.readyState === 'complete' && document.body && document.body.dataset.state === 'ready'",
                   "the page and its script to load", timeout=20)
    if tools.evaluate("document.title") != "JobMatch: jobs for your CV":
        raise Fail(f"unexpected title {tools.evaluate('document.title')!r}")
    overflow = tools.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        raise Fail(f"the page is {overflow} px wider than a 390 px phone screen")

    # Upload: the file input reads the .txt with FileReader into the text area.
    document = tools.call("DOM.getDocument")
    node = tools.call("DOM.querySelector", nodeId=document["root"]["nodeId"], selector="#cv-file")
    tools.call("DOM.setFileInputFiles", nodeId=node["nodeId"], files=[os.path.abspath(args.cv)])
    tools.wait_for("document.getElementById('cv').value.length > 0", "the uploaded file to fill the text area", timeout=10)
    if tools.evaluate("document.getElementById('cv').value") != cv_text:
        raise Fail("the uploaded file's text differs from the file")

    # Paste: clear the text area, focus it, insert the text as a paste would.
    tools.evaluate("(() => { const t = document.getElementById('cv'); t.value = ''; t.focus(); return true; })()")
    tools.call("Input.insertText", text=cv_text)
    if tools.evaluate("document.getElementById('cv').value") != cv_text:
        raise Fail("the pasted text did not reach the text area")

    if args.keep_text:
        tools.click("#keep-text")
        if not tools.evaluate("document.getElementById('keep-text').checked"):
            raise Fail("the consent box did not tick")

    tools.click("#submit")
    tools.wait_for("document.body.dataset.state === 'results' || document.body.dataset.state === 'error'", "the results")
    if tools.evaluate("document.body.dataset.state") != "results":
        raise Fail(f"matching failed: {tools.status()!r}")
    status_text = tools.status()
    if "Ordered by " not in status_text and not args.unordered:
        raise Fail(f"the status does not say how the jobs are ordered: {status_text!r}")
    cards = tools.evaluate("""Array.from(document.querySelectorAll('#results > li')).map(li => ({
        job_id: li.dataset.jobId, title: li.querySelector('h2').textContent,
        matched: Array.from(li.querySelectorAll('.chip.matched')).map(c => c.textContent),
        missing: Array.from(li.querySelectorAll('.chip:not(.matched)')).map(c => c.textContent)}))""")
    if not cards:
        raise Fail("no results were shown")
    first = cards[0]
    # What the first card says about skills, as a reader sees it (labels, chips or the note that
    # the posting names none).
    skills_text = tools.evaluate(
        "Array.from(document.querySelectorAll('#results > li:first-child .skills')).map(b => b.textContent).join(' | ')")

    tools.click("#results > li:first-child button[data-event=like]")
    tools.wait_for("(() => { const n = document.querySelector('#results > li:first-child .note'); return n && n.textContent !== 'Saving…' && n.textContent !== ''; })()",
                   "the feedback to be saved", timeout=15)
    note = tools.evaluate("document.querySelector('#results > li:first-child .note').textContent")
    if not note.startswith("Saved"):
        raise Fail(f"the like was not saved: {note!r}")
    if tools.evaluate("document.querySelector('#results > li:first-child button[data-event=like]').getAttribute('aria-pressed')") != "true":
        raise Fail("the Like button does not show as pressed")

    os.makedirs(args.screenshots, exist_ok=True)
    tools.screenshot(os.path.join(args.screenshots, "web-page-phone.png"), 390, 844, True, 1600)
    tools.screenshot(os.path.join(args.screenshots, "web-page-desktop.png"), 1280, 900, False, 1800)

    check_no_page_errors(tools)

    with sqlite3.connect(f"file:{args.database}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT e.request_id, e.job_id, e.event, r.rank FROM feedback_event e "
                          "JOIN match_result r ON r.request_id = e.request_id AND r.job_id = e.job_id").fetchall()
        shown = db.execute("SELECT COUNT(*) FROM match_result WHERE request_id = ?", (rows[0][0],)).fetchone()[0] if rows else 0
    if len(rows) != 1 or rows[0][1] != first["job_id"] or rows[0][2] != "like" or rows[0][3] != 1:
        raise Fail(f"expected one 'like' of {first['job_id']} at rank 1 in feedback_event, found {rows}")
    report = {"request_id": rows[0][0], "job_id": first["job_id"], "title": first["title"], "results": len(cards), "status": status_text,
              "shown_in_database": shown, "matched_skills": first["matched"], "missing_skills": first["missing"][:5],
              "skills_text": skills_text}
    if tools.evaluate("document.getElementById('keep-text').checked"):
        tools.click("#keep-text")  # the CV files below are not kept
    if args.document:
        choose_file(tools, args.document)
        tools.click("#submit")
        tools.wait_for("document.body.dataset.state === 'results' || document.body.dataset.state === 'error'", "the document's results")
        if tools.evaluate("document.body.dataset.state") != "results":
            raise Fail(f"matching the document failed: {tools.status()!r}")
        report["document_results"] = tools.evaluate("document.querySelectorAll('#results > li').length")
        report["document_matched_skills"] = tools.evaluate(
            "Array.from(document.querySelectorAll('#results > li:first-child .chip.matched')).map(c => c.textContent)")
    if args.scan:
        choose_file(tools, args.scan)
        tools.click("#submit")
        tools.wait_for("document.body.dataset.state === 'error' || document.body.dataset.state === 'results'", "the scan's answer")
        report["scan_status"] = tools.status()
    return report


def choose_file(tools, path):
    """Chooses a PDF or DOCX in the file input: the page keeps it to send as cv_file and empties the text area."""
    document = tools.call("DOM.getDocument")
    node = tools.call("DOM.querySelector", nodeId=document["root"]["nodeId"], selector="#cv-file")
    tools.call("DOM.setFileInputFiles", nodeId=node["nodeId"], files=[os.path.abspath(path)])
    name = os.path.basename(path)
    tools.wait_for(f"document.getElementById('status').textContent.startsWith({json.dumps('Chose ' + name)})",
                   f"the page to take {name}", timeout=10)
    if tools.evaluate("document.getElementById('cv').value") != "":
        raise Fail(f"choosing {name} left text in the text area")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--cv", required=True, help="a .txt CV to upload and paste")
    parser.add_argument("--document", help="then a PDF or DOCX CV to choose and match (sent as cv_file)")
    parser.add_argument("--scan", help="then a PDF without text to choose: its error goes to report['scan_status']")
    parser.add_argument("--screenshots", required=True, help="folder for web-page-phone.png and web-page-desktop.png")
    parser.add_argument("--keep-text", action="store_true", help="tick the box that keeps the CV's text with the reactions")
    parser.add_argument("--unordered", action="store_true", help="the server's matcher names no order (serve-torture's fixed jobs)")
    args = parser.parse_args()
    return run_in_chromium(lambda tools: drive(args, tools))


def run_in_chromium(drive):
    """Starts headless Chromium on a fresh profile, runs `drive(tools)` and prints its report as
    one JSON line (0); a `Fail` prints `FAIL: why` (1). Chromium and the profile go either way.
    Shared by every driver in this folder."""
    profile = tempfile.mkdtemp(prefix="jobmatch-chromium-")
    process = None
    try:
        process, port = start_chromium(profile)
        print(json.dumps(drive(DevTools(page_target(port)))))
        return 0
    except Fail as failure:
        print(f"FAIL: {failure}")
        return 1
    finally:
        if process is not None:
            process.kill()
            process.wait()
        shutil.rmtree(profile, ignore_errors=True)


def check_no_page_errors(tools):
    """Fails on any JavaScript exception or console error (a Content-Security-Policy violation
    is one) the page raised so far."""
    problems = []
    for event in tools.events:
        if event["method"] == "Runtime.exceptionThrown":
            problems.append("JavaScript exception: " + event["params"]["exceptionDetails"].get("text", "?"))
        if event["method"] == "Log.entryAdded" and event["params"]["entry"].get("level") == "error":
            problems.append("console error: " + event["params"]["entry"].get("text", "?"))
    if problems:
        raise Fail("; ".join(problems))


if __name__ == "__main__":
    sys.exit(main())
