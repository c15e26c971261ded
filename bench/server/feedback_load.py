#!/usr/bin/env python3
"""N concurrent POST /feedback requests to `jobmatch serve`, each on its own connection, all
opened at once; then counts them in the feedback database.

    feedback_load.py --port P --database WS/feedback.sqlite --posts 10000 [--kill-pid PID --kill-after K]

Each post carries reason "<tag>-<n>". Prints requests/s, p50/p99 latency, how many were answered
201, and how many of those are in SQLite (read with Python's sqlite3 after the load). With
--kill-pid, the server gets SIGKILL once K posts were answered 201; the count then runs on the
database as the killed server left it (SQLite's WAL recovery on open), which is the claim:
answered 201 => stored. Exits 1 if any acknowledged post is missing.
"""
import argparse
import asyncio
import json
import os
import signal
import sqlite3
import time


async def post(port, body):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        data = json.dumps(body).encode()
        writer.write(b"POST /feedback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     b"Connection: close\r\nContent-Length: " + str(len(data)).encode() + b"\r\n\r\n" + data)
        await writer.drain()
        status_line = await reader.readline()
        await reader.read()
        return int(status_line.split()[1]) if status_line else 0
    finally:
        writer.close()


async def run(args, request_id, job_ids):
    acked, latencies, failures = [], [], {}
    kill_sent = False
    start_gate = asyncio.Event()

    async def one(n):
        nonlocal kill_sent
        await start_gate.wait()
        t0 = time.perf_counter()
        try:
            status = await post(args.port, {"request_id": request_id, "job_id": job_ids[n % len(job_ids)],
                                            "event": "like", "reason": f"{args.tag}-{n}"})
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as error:
            failures[type(error).__name__] = failures.get(type(error).__name__, 0) + 1
            return
        if status == 201:
            latencies.append(time.perf_counter() - t0)
            acked.append(n)
            if args.kill_pid and not kill_sent and len(acked) >= args.kill_after:
                os.kill(args.kill_pid, signal.SIGKILL)
                kill_sent = True
        else:
            failures[f"HTTP {status}"] = failures.get(f"HTTP {status}", 0) + 1

    tasks = [asyncio.create_task(one(n)) for n in range(args.posts)]
    await asyncio.sleep(0)
    t0 = time.perf_counter()
    start_gate.set()
    await asyncio.gather(*tasks)
    return acked, latencies, failures, time.perf_counter() - t0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--request-id", required=True)
    parser.add_argument("--job-ids", required=True, help="comma-separated jobs the request showed")
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--tag", default="load")
    parser.add_argument("--kill-pid", type=int)
    parser.add_argument("--kill-after", type=int, default=3_000)
    args = parser.parse_args()
    acked, latencies, failures, seconds = asyncio.run(run(args, args.request_id, args.job_ids.split(",")))
    with sqlite3.connect(args.database) as db:
        stored = {int(r[0].rsplit("-", 1)[1]) for r in
                  db.execute("SELECT reason FROM feedback_event WHERE reason LIKE ?", (args.tag + "-%",))}
    lost = sorted(set(acked) - stored)
    latencies.sort()
    pct = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")
    print(json.dumps({"posts": args.posts, "answered_201": len(acked), "stored": len(stored), "lost": len(lost),
                      "failures": failures, "seconds": round(seconds, 2),
                      "acked_per_s": round(len(acked) / seconds, 1), "p50_ms": round(pct(0.50), 1),
                      "p99_ms": round(pct(0.99), 1), "killed": bool(args.kill_pid)}))
    return 1 if lost else 0


if __name__ == "__main__":
    raise SystemExit(main())
