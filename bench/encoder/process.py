"""Whole-process encoder benchmark: `jobmatch embed` (fp32, bf16, int8) beside sentence-transformers'
whole process (bench/encoder/peer_process.py) and ONNX Runtime's (bench/encoder/peer_onnx_process.py,
fp32 and its dynamic int8 quantisation) on the same JSON Lines files, runs alternated, median of
several, with user and system CPU time and peak RSS of each process (from /usr/bin/time).

    python process.py JOBMATCH_BIN MODEL_DIR OUT_DIR THREADS REPEATS N_GENERATED N_RESUMES [BASELINE_BIN]

Inputs made in OUT_DIR: generated.jsonl (N_GENERATED job texts, each longer than 256 tokens,
seeded) and real.jsonl (the 100 Glassdoor descriptions and the first N_RESUMES resumes of
data/real; the Category column is not read). BASELINE_BIN (optional) adds a row for
another jobmatch build (e.g. before a change). Prints a Markdown table.
"""
import csv, json, os, random, statistics, subprocess, sys
from pathlib import Path

jobmatch, model, out, threads, repeats, n_gen, n_res = (
    sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]))
baseline = sys.argv[8] if len(sys.argv) > 8 else None
here = Path(__file__).resolve().parent
real = Path(os.environ.get("JOBMATCH_REAL_DATA", here.parents[1] / "data/real"))
if not real.exists():
    real = here.parents[1] / "data/real"
out.mkdir(parents=True, exist_ok=True)
from transformers import AutoTokenizer
sys.path.insert(0, str(here))
from timed import timed  # noqa: E402
tok = AutoTokenizer.from_pretrained(model)

# Generated job texts, 230-450 words, kept only when longer than 256 tokens.
rng = random.Random(2025)
titles = ["Senior Data Scientist", "Backend Engineer", "Registered Nurse", "Sales Associate", "Accountant",
          "DevOps Engineer", "Product Manager", "Warehouse Associate", "iOS Developer", "Financial Analyst"]
skills = ["Python", "SQL", "Swift", "Kubernetes", "Excel", "patient care", "forecasting", "AWS", "Spark", "React",
          "negotiation", "budgeting", "CRM", "Docker", "statistics", "Tableau", "Java", "communication", "GAAP"]
phrases = ["You will work closely with", "We are looking for a motivated", "The ideal candidate has experience in",
           "Responsibilities include", "Our team values", "You will be responsible for", "Benefits include",
           "Strong knowledge of", "in a fast-paced environment", "at least 3 years of experience"]
gen = []
while len(gen) < n_gen:
    words = f"{rng.choice(titles)} — Remote.".split()
    target = rng.randint(230, 450)
    while len(words) < target:
        words += f"{rng.choice(phrases)} {rng.choice(skills)}, {rng.choice(skills)} and {rng.choice(skills)}.".split()
    text = " ".join(words[:target])
    if len(tok(text)["input_ids"]) > 256:
        gen.append({"id": f"g{len(gen)}", "text": text})
csv.field_size_limit(1 << 30)
texts = [{"id": f"glassdoor{i}", "text": r["Job Description"]}
         for i, r in enumerate(csv.DictReader(open(real / "glassdoor_jobs.csv", newline="")))]
texts += [{"id": f"resume{i}", "text": r["Resume"]}
          for i, r in enumerate(csv.DictReader(open(real / "UpdatedResumeDataSet.csv", newline=""))) if i < n_res]
inputs = {"generated job texts (> 256 tokens each)": gen, f"real: 100 Glassdoor descriptions + {n_res} resumes": texts}
for name, rows in inputs.items():
    path = out / (("generated" if name.startswith("generated") else "real") + ".jsonl")
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
if os.environ.get("BENCH_INPUTS_ONLY"):  # before_after.sh times other tools on the same files
    sys.exit(0)

# The ONNX files are made once, before any timing (torch.onnx.export, then quantize_dynamic).
onnx_dir = out / "onnx"
subprocess.run([sys.executable, str(here / "export_onnx.py"), model, str(onnx_dir)], check=True, stdout=subprocess.DEVNULL)
precisions = os.environ.get("BENCH_PRECISIONS", "fp32 bf16 int8").split()

env = dict(os.environ, JOBMATCH_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads),
           MKL_NUM_THREADS=str(threads), HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
env.pop("OPENBLAS_CORETYPE", None)


def run(cmd):
    return timed(cmd, env)


def med(runs, k):
    return statistics.median(r[k] for r in runs)


print(f"threads {threads}, batch 32, the model's max_seq_length; median of {repeats} alternated runs per tool; "
      f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
print("| input | texts | tokens | tool | wall s | user s | system s | system / user | peak RSS MiB | ST wall ÷ this wall "
      "| our fp32 wall ÷ this wall |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for name, rows in inputs.items():
    path = out / (("generated" if name.startswith("generated") else "real") + ".jsonl")
    tokens = sum(len(ids) for ids in tok([r["text"] for r in rows], truncation=True, max_length=256)["input_ids"])
    ours = [jobmatch, "embed", "--model", model, "--input", str(path)]
    tools = {f"jobmatch embed --precision {p}": ours + ["--precision", p, "--output", str(out / f"ours-{p}.parquet")]
             for p in precisions}
    tools["sentence-transformers"] = [sys.executable, str(here / "peer_process.py"), model, str(path), str(out / "st.npy"),
                                      "32", str(threads)]
    for q, f in [("fp32", "model.onnx"), ("int8", "model.int8.onnx")]:
        tools[f"ONNX Runtime {q}"] = [sys.executable, str(here / "peer_onnx_process.py"), model, str(onnx_dir / f),
                                      str(path), str(out / f"ort-{q}.parquet"), "32", str(threads)]
    if baseline:
        tools["jobmatch embed (baseline build)"] = [baseline] + ours[1:] + ["--output", str(out / "base.parquet")]
    runs = {t: [] for t in tools}
    names = list(tools)
    for rep in range(repeats):
        for t in (names if rep % 2 == 0 else names[::-1]):
            runs[t].append(run(tools[t]))
            print(f"  {name[:20]} rep {rep} {t}: {runs[t][-1]}", file=sys.stderr)
    st = med(runs["sentence-transformers"], "wall")
    fp32 = med(runs[names[0]], "wall")
    for t in names:
        r = runs[t]
        print(f"| {name} | {len(rows)} | {tokens} | {t} | {med(r, 'wall'):.1f} | {med(r, 'user'):.1f} | {med(r, 'sys'):.1f} | "
              f"{100 * med(r, 'sys') / med(r, 'user'):.1f}% | {med(r, 'rss'):.0f} | **{st / med(r, 'wall'):.2f}×** | "
              f"{fp32 / med(r, 'wall'):.2f}× |", flush=True)
print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
