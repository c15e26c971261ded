"""Training benchmark driver: `jobmatch train` beside sentence-transformers (peer_train.py) on the
same pairs, alternated, median of REPEATS; pairs/s of the training loop, CPU time and peak RSS of
each whole process (wait4).

    python compare.py JOBMATCH_BIN MODEL_DIR OUT_DIR THREADS REPEATS STEPS CACHED_STEPS [BASELINE_BIN]

Rows: batch 32, MNR + Matryoshka [384, 256, 128, 64], STEPS steps; and the cached loss (GradCache:
batch 256, mini-batch 32, plain MNR, as CachedMultipleNegativesRankingLoss), CACHED_STEPS steps.
"""
import json, os, re, shutil, statistics, subprocess, sys, time
from pathlib import Path

jobmatch, model, out, threads, repeats, steps, cached_steps = (
    sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]))
baseline = sys.argv[8] if len(sys.argv) > 8 else None
here = Path(__file__).resolve().parent
out.mkdir(parents=True, exist_ok=True)
pairs = out / "pairs.parquet"
n_pairs = max(steps * 32, cached_steps * 256)
# make_pairs needs pyarrow, which the fixture venv lacks: PAIRS_PYTHON is the project venv.
subprocess.run([os.environ.get("PAIRS_PYTHON", sys.executable), str(here / "make_pairs.py"), str(pairs), str(n_pairs)], check=True)
env = dict(os.environ, JOBMATCH_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads),
           MKL_NUM_THREADS=str(threads), HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false", HF_DATASETS_OFFLINE="1")
env.pop("OPENBLAS_CORETYPE", None)  # the peer's own BLAS picks its kernels


def measured(cmd, parse):
    # wait4 through a tiny wrapper so the child's own rusage (not the driver's) is read.
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    so = p.stdout.read(); se = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    if status != 0:
        sys.exit(f"failed ({status}): {' '.join(cmd)}\n{se.decode()[-3000:]}")
    r = parse(so.decode())
    r.update(wall=wall, user=ru.ru_utime, sys=ru.ru_stime, rss=ru.ru_maxrss / 1024)
    return r


def ours(binary, steps, batch, mini, dims, tag):
    ws = out / f"ws-{tag}"
    shutil.rmtree(ws, ignore_errors=True)
    cmd = [binary, "train", "--workspace", str(ws), "--base", model, "--pairs", str(pairs), "--batch-size", str(batch),
           "--max-steps", str(steps), "--max-seq-length", "128", "--threads", str(threads), "--checkpoint-every", "0",
           "--name", "bench"]
    if mini: cmd += ["--mini-batch", str(mini)]
    if dims != "-": cmd += ["--matryoshka-dims", dims]

    def parse(so):
        # pairs/s of the steps: since the checkpoint writes are timed apart ("of which checkpoints"),
        # they are left out, as the peer's loop writes none; an older build's figure includes them.
        m = re.search(r"trained (\d+) steps \(.*?([\d.]+) pairs/s, ([\d.]+) s[,)]", so)
        if not m: sys.exit("could not read jobmatch train's summary:\n" + so)
        return {"pairs_per_s": float(m.group(2)), "seconds": float(m.group(3))}
    return measured(cmd, parse)


def peer(steps, batch, mini, dims):
    cmd = [sys.executable, str(here / "peer_train.py"), model, str(out / "pairs.jsonl"), str(steps), str(batch), str(threads), str(mini), dims,
           str(out / "st-out")]
    return measured(cmd, lambda so: json.loads(so.strip().splitlines()[-1]))


configs = [(f"MNR + Matryoshka, batch 32, {steps} steps", steps, 32, 0, "384,256,128,64"),
           (f"cached MNR (GradCache), batch 256, mini-batch 32, {cached_steps} steps", cached_steps, 256, 32, "-")]
print(f"all-MiniLM-L6-v2, max_seq_length 128, {threads} threads, AdamW, dropout on; median of {repeats} alternated runs "
      f"per tool (wall-clock on a shared machine)\n")
print("| loss | tool | pairs/s (training loop) | ratio vs ST | process wall s | user s | system s | CPU s per pair (whole process) | peak RSS MiB | RSS vs ST |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for name, st_steps, batch, mini, dims in configs:
    if st_steps <= 0: continue
    tools = {"jobmatch train": lambda: ours(jobmatch, st_steps, batch, mini, dims, "ours"),
             "sentence-transformers 3.3.1": lambda: peer(st_steps, batch, mini, dims)}
    if baseline:
        tools["jobmatch train (baseline build)"] = lambda: ours(baseline, st_steps, batch, mini, dims, "base")
    names = list(tools)
    runs = {t: [] for t in names}
    for rep in range(repeats):
        for t in (names if rep % 2 == 0 else names[::-1]):
            runs[t].append(tools[t]())
            print(f"  {name[:24]} rep {rep} {t}: {runs[t][-1]}", file=sys.stderr)
    med = lambda t, k: statistics.median(r[k] for r in runs[t])
    st = "sentence-transformers 3.3.1"
    for t in names:
        print(f"| {name} | {t} | {med(t, 'pairs_per_s'):.2f} | **{med(t, 'pairs_per_s') / med(st, 'pairs_per_s'):.2f}×** | "
              f"{med(t, 'wall'):.1f} | {med(t, 'user'):.1f} | {med(t, 'sys'):.1f} | "
              f"{(med(t, 'user') + med(t, 'sys')) / (st_steps * batch):.3f} | {med(t, 'rss'):.0f} | "
              f"{med(t, 'rss') / med(st, 'rss'):.2f}× |")
