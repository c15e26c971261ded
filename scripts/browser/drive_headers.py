#!/usr/bin/env python3
"""Checks the server's security headers in headless Chromium, as the browser receives and obeys them.

    drive_headers.py --url http://127.0.0.1:PORT/

1. Loads `/` and `/recruit` and reads, from the DevTools Network events (the responses Chromium
   really got), the headers of each page and of every asset it loaded from the server: each must
   carry a Content-Security-Policy with `frame-ancestors 'none'`, `X-Content-Type-Options: nosniff`
   and a `Referrer-Policy`.
2. From the page, fetches a JSON answer (`/health`), a JSON error (a broken body to `/match`, 400)
   and an unknown route (404): each must say `nosniff` and `application/json`.
3. nosniff at work: the page loads `/health` as a `<script>`; Chromium must refuse to run it
   (the script's `error` event, "strict MIME type checking"), where without the header it would run it.
4. frame-ancestors at work: a page on another origin (a second port, served by this script) frames
   the app's `/` and its `/health`; Chromium must refuse the first (an error page in its place) and
   show the second, which has no policy (so the refusal is the header's doing, not the setup's).

Prints one JSON line and exits 0; `FAIL: why` and 1 otherwise (2 without Chromium). Uses
drive_page.py's Chromium run (run_in_chromium) and page-error check (check_no_page_errors).
"""
import argparse
import http.server
import json
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drive_page import Fail, check_no_page_errors, run_in_chromium  # noqa: E402


def other_origin(app):
    """Serves /frame.html on 127.0.0.1 at a free port: another origin than the app's."""
    page = (f'<!doctype html><title>another site</title>'
            f'<iframe id="app" src="{app}" width="400" height="300"></iframe>'
            f'<iframe id="health" src="{app}health" width="400" height="100"></iframe>').encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/frame.html"


def lower(headers):
    return {k.lower(): v for k, v in headers.items()}


def check_page_headers(url, headers):
    csp = headers.get("content-security-policy", "")
    problems = []
    if "frame-ancestors 'none'" not in csp:
        problems.append(f"Content-Security-Policy without frame-ancestors 'none': {csp!r}")
    if headers.get("x-content-type-options", "").lower() != "nosniff":
        problems.append(f"X-Content-Type-Options is {headers.get('x-content-type-options')!r}")
    if not headers.get("referrer-policy"):
        problems.append("no Referrer-Policy")
    return [f"{url}: {problem}" for problem in problems]


def drive(app, tools):
    tools.call("Page.enable")
    tools.call("Runtime.enable")
    tools.call("Log.enable")
    tools.call("Network.enable")

    # 1. The pages and their assets, as Chromium received them.
    pages = {}
    for path in ["", "recruit"]:
        tools.call("Page.navigate", url=app + path)
        tools.wait_for("document.readyState === 'complete' && document.body && document.body.dataset.state === 'ready'",
                       f"{app + path} and its script to load", timeout=20)
    for event in tools.events:
        if event["method"] == "Network.responseReceived":
            response = event["params"]["response"]
            if response["url"].startswith(app) and event["params"].get("type") in ("Document", "Script", "Stylesheet", "Image"):
                pages[response["url"][len(app) - 1:]] = lower(response["headers"])
    for path in ["/", "/app.css", "/app.js", "/recruit", "/recruit.js"]:
        if path not in pages:
            raise Fail(f"Chromium did not load {path}; it loaded {sorted(pages)}")
    # Every problem is collected and reported at the end, so a missing header also shows what
    # Chromium then did (steps 3 and 4).
    problems = [p for path, headers in sorted(pages.items()) for p in check_page_headers(path, headers)]
    check_no_page_errors(tools)

    # 2. JSON answers and errors, fetched by the page.
    api = tools.evaluate("""(async () => {
        const answers = {};
        const ask = async (name, path, init) => {
            const r = await fetch(path, init);
            answers[name] = {status: r.status, type: r.headers.get('content-type'), nosniff: r.headers.get('x-content-type-options')};
        };
        await ask('health', '/health');
        await ask('broken body', '/match', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: '{broken'});
        await ask('unknown route', '/no/such/route');
        return answers;
    })()""")
    for name, answer in api.items():
        if answer["nosniff"] != "nosniff" or not (answer["type"] or "").startswith("application/json"):
            problems.append(f"{name}: {answer}")
    if [api[k]["status"] for k in ("health", "broken body", "unknown route")] != [200, 400, 404]:
        problems.append(f"unexpected statuses: {api}")

    # 3. nosniff obeyed: JSON is not run as a script.
    seen = len(tools.events)
    script = tools.evaluate("""new Promise(done => {
        const s = document.createElement('script');
        s.src = '/health?as-script';
        s.onload = () => done('ran');
        s.onerror = () => done('refused');
        document.head.appendChild(s);
    })""")
    messages = [e["params"]["entry"].get("text", "") for e in tools.events[seen:] if e["method"] == "Log.entryAdded"]
    if script != "refused":
        problems.append(f"Chromium ran /health as a script ({script}); console: {messages}")

    # 4. frame-ancestors obeyed: another origin cannot frame the app.
    server, attacker = other_origin(app)
    try:
        seen = len(tools.events)
        tools.call("Page.navigate", url=attacker)
        tools.wait_for("document.readyState === 'complete'", "the other origin's page", timeout=20)
        frames = {}
        for _ in range(50):  # the frames commit after the parent's load event at the latest
            tree = tools.call("Page.getFrameTree")["frameTree"]
            frames = {child["frame"].get("name") or child["frame"].get("unreachableUrl") or child["frame"]["url"]: child["frame"]
                      for child in tree.get("childFrames", [])}
            if len(frames) == 2:
                break
            tools.evaluate("new Promise(r => setTimeout(r, 100))")
        children = [f for f in frames.values()]
        if len(children) != 2:
            raise Fail(f"expected two frames on the other origin's page, found {children}")
        health = [f for f in children if f["url"] == app + "health"]
        refused = [f for f in children if f.get("unreachableUrl") == app or f["url"].startswith("chrome-error:")]
        framed_app = [f for f in children if f["url"] == app]
        if not health:
            raise Fail(f"the control frame (/health, no policy) did not load: {children}")
        if framed_app or not refused:
            problems.append(f"Chromium showed the app inside another origin's page: {children}")
        console = [e["params"]["entry"].get("text", "") for e in tools.events[seen:] if e["method"] == "Log.entryAdded"]
    finally:
        server.shutdown()
    if problems:
        raise Fail("; ".join(problems))
    return {
        "pages": {path: {k: pages[path].get(k) for k in ("content-security-policy", "x-content-type-options", "referrer-policy")}
                  for path in sorted(pages)},
        "api": api,
        "json_as_script": script,
        "json_as_script_console": messages,
        "framed_app": {"url": refused[0]["url"], "unreachable_url": refused[0].get("unreachableUrl")},
        "framed_health": health[0]["url"],
        "framing_console": console,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True, help="the app's root, ending in /")
    args = parser.parse_args()
    return run_in_chromium(lambda tools: drive(args.url, tools))


if __name__ == "__main__":
    sys.exit(main())
