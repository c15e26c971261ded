"""Alert latency of `jobmatch watch`, whole processes (bench/alerts/run.sh sets the arguments).

1. A base workspace: `pipeline --jobs 300 --cvs 40 --no-train --rerank-steps 0` (all-MiniLM-L6-v2
   index), SEARCHES standing searches (`alerts add`), then `watch` started (its first run sets
   the group at the end of the log).
2. Each second, RATE new LinkedIn postings (posting, skills and summary records, made beforehand
   by `generate` with other seeds) are put in WORKSPACE/raw and published by `ingest --force`.
3. For every alert: latency = the alert's time (stamped just before its fsync'd append) minus
   the moment `ingest` returned (every record acknowledged) — and minus the moment it started.
   p50 / p99 over alerts; the postings/s the watch kept up with; its CPU seconds per posting
   (utime + stime of the watch process over the run, /proc/PID/stat).
"""
import argparse, json, os, shutil, subprocess, sys, time
from datetime import datetime

p = argparse.ArgumentParser()
p.add_argument("--bin", required=True); p.add_argument("--dir", required=True)
p.add_argument("--rate", type=int, default=100); p.add_argument("--seconds", type=int, default=30)
p.add_argument("--searches", type=int, default=20); p.add_argument("--min-score", default="0.3")
p.add_argument("--pipeline-args", default="", help="more pipeline options, e.g. '--precision int8 --max-seq-length 128'")
a = p.parse_args()
J, D = a.bin, a.dir
WS = os.path.join(D, "ws")

def run(*args, **kw):
    return subprocess.run([J, *args], check=True, capture_output=True, text=True, **kw)

def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q / 100 * (len(xs) - 1))))]

shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)
print(f"binary: {J}")
print(f"machine: {subprocess.run(['lscpu'], capture_output=True, text=True).stdout.split('Model name:')[1].splitlines()[0].strip()}, "
      f"{os.cpu_count()} cores, load before {open('/proc/loadavg').read().split()[:3]}")
t = time.time()
run("pipeline", "--workspace", WS, "--jobs", "300", "--cvs", "40", "--no-train", "--rerank-steps", "0", *a.pipeline_args.split())
info = json.load(open(os.path.join(WS, "index", "jobs.faiss.json")))
print(f"base workspace: {time.time() - t:.0f} s; index model {info['model']}, precision {info.get('precision')}, "
      f"max_seq_length {info.get('maxSeqLength', info.get('max_seq_length'))}, dimension {info['dimension']}")
batches = []
for b in range(a.seconds):
    gen = os.path.join(D, f"gen{b}")
    run("generate", "--workspace", gen, "--jobs", str(a.rate), "--cvs", "1", "--board-jobs", "0", "--seed", str(1000 + b))
    folder = os.path.join(D, f"batch{b}")
    os.makedirs(folder)
    for name in ["linkedin_job_postings.csv", "job_skills.csv", "job_summary.csv"]:
        shutil.copy(os.path.join(gen, "raw", name), folder)
    shutil.rmtree(gen)
    batches.append(folder)
for i in range(a.searches):
    run("alerts", "add", "--workspace", WS, "--cv-id", f"cv-{i + 1:06d}", f"--min-score={a.min_score}")

watch_log = os.path.join(D, "watch.out")
watch = subprocess.Popen([J, "watch", "--workspace", WS, "--poll-ms", "20"], stdout=open(watch_log, "w"), text=True)
while not open(watch_log).read().startswith("watching"):
    time.sleep(0.05)
def cpu(pid):
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
cpu0 = cpu(watch.pid)
published = {}  # job id -> (ingest start, ingest end)
ingest_seconds = []
start = time.time()
for b, folder in enumerate(batches):
    time.sleep(max(0, start + b - time.time()))
    raw = os.path.join(WS, "raw")
    shutil.rmtree(raw, ignore_errors=True)
    shutil.copytree(folder, raw)
    t0 = time.time()
    run("ingest", "--workspace", WS, "--force")
    t1 = time.time()
    ingest_seconds.append(t1 - t0)
    for line in open(os.path.join(folder, "linkedin_job_postings.csv")).read().splitlines()[1:]:
        published[line.split('","')[0].strip('"')] = (t0, t1)
late = time.time() - (start + len(batches))
# Wait until the watch has finished a cycle holding the last posting: the postings its cycles
# report (printed after alerts and offsets are durable) reach the number published (or 120 s).
import re
deadline = time.time() + 120
seg = os.path.join(WS, "index", "segment.jsonl")
def reported():
    return sum(int(m.group(1)) for m in re.finditer(r"(\d+) postings to the segment", open(watch_log).read()))
while time.time() < deadline and reported() < len(published):
    time.sleep(0.2)
if reported() < len(published):
    print(f"warning: the watch reported {reported()} of {len(published)} postings within 120 s")
cpu1 = cpu(watch.pid)
watch.kill(); watch.wait()
segment = [json.loads(l) for l in open(seg)]
alerts = [json.loads(l) for l in open(os.path.join(WS, "alerts", "alerts.jsonl"))]
ack, whole = [], []
for al in alerts:
    if al["job_id"] not in published: continue
    t = datetime.fromisoformat(al["time"].replace("Z", "+00:00")).timestamp()
    t0, t1 = published[al["job_id"]]
    ack.append(t - t1); whole.append(t - t0)
n = len(published)
print(f"published {n} postings in {len(batches)} ingest runs of {a.rate} (one a second; ingest took p50 {pct(ingest_seconds, 50):.2f} s, "
      f"max {max(ingest_seconds):.2f} s; the schedule ended {late:.1f} s late)")
print(f"segment: {len(segment)} posting versions; {len(alerts)} alerts for {a.searches} standing searches at min score {a.min_score}")
print(f"latency, ingest acknowledged -> alert durable: p50 {pct(ack, 50):.3f} s, p99 {pct(ack, 99):.3f} s, max {max(ack):.3f} s")
print(f"latency, ingest started     -> alert durable: p50 {pct(whole, 50):.3f} s, p99 {pct(whole, 99):.3f} s, max {max(whole):.3f} s")
print(f"watch CPU: {cpu1 - cpu0:.1f} s for {len(segment)} postings = {1000 * (cpu1 - cpu0) / max(1, len(segment)):.1f} ms per posting "
      f"(join, finish, encode, segment, {a.searches} searches, alerts)")
import re
phases = [0.0] * 5
cycles = 0
for line in open(watch_log):
    m = re.search(r"read ([\d.]+) s, finish ([\d.]+) s, encode ([\d.]+) s, match ([\d.]+) s, durable ([\d.]+) s", line)
    if m:
        cycles += 1
        phases = [x + float(y) for x, y in zip(phases, m.groups())]
print(f"watch: {cycles} cycles; wall seconds in read+join {phases[0]:.1f}, finish {phases[1]:.1f}, encode {phases[2]:.1f}, "
      f"match {phases[3]:.1f}, durable (segment, alerts, offsets) {phases[4]:.1f}")
print(f"load after: {open('/proc/loadavg').read().split()[:3]}")
