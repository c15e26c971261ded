"""The encoder against its roof (issue 22 item 3): the useful GFLOP/s of a whole `jobmatch embed`
process beside oneDNN's matmul roof for the same shapes on this CPU (`jobmatch doctor --json`,
`encoderRoof`), as a share of it.

    python roof.py JOBMATCH_BIN MODEL_DIR PRECISION THREADS REPEATS INPUT.jsonl [INPUT.jsonl ...]

Useful work counts only real tokens (no padding), at the model's max_seq_length (256) as
`embed` truncates: per token and layer 2·(h·3h + h·h + h·i + i·h) FLOPs in the linear layers
(h 384, i 1536 for all-MiniLM-L6-v2), plus 2·2·L·h per token and layer in attention (QKᵀ and
PV for a text of L tokens). The roof is the linear layers' oneDNN matmul at 2,048 rows, tiled and
threaded as the encoder runs it; the linear share of the whole process (tokenising, embeddings,
LayerNorm, GELU, attention, Parquet, start-up) is what it is compared with. Median wall of
REPEATS runs. Prints a Markdown table. Inputs: bench/out/encoder-process/*.jsonl from
`bash bench/encoder/process.sh`.
"""
import json, os, statistics, subprocess, sys
from pathlib import Path

jobmatch, model, precision, threads, repeats = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
inputs = [Path(p) for p in sys.argv[6:]]
here = Path(__file__).resolve().parent
sys.path.insert(0, str(here))
from timed import timed  # noqa: E402
from transformers import AutoTokenizer  # noqa: E402

tok = AutoTokenizer.from_pretrained(model)
config = json.loads((Path(model) / "config.json").read_text())
h, i, layers = config["hidden_size"], config["intermediate_size"], config["num_hidden_layers"]
env = dict(os.environ, JOBMATCH_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
doctor = json.loads(subprocess.run([jobmatch, "doctor", "--json", "--seconds", "2"], env=env, check=True,
                                   capture_output=True, text=True).stdout)
roof = {p["precision"]: p["gflops"] for p in doctor["encoderRoof"]}
if precision == "auto":
    precision = doctor["auto"].split()[0]
print(f"CPU: {doctor['cpu']} ({', '.join(doctor['instructionSets'])}), {threads} threads; precision {precision}; "
      f"oneDNN matmul roof over all-MiniLM-L6-v2's linear shapes: {roof[precision]:.1f} GFLOP/s; median of {repeats} runs\n")
print("| input | texts | tokens | linear GFLOP | attention GFLOP | wall s (runs) | linear GFLOP/s | all GFLOP/s | linear ÷ roof |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for path in inputs:
    texts = [json.loads(line)["text"] for line in path.read_text().splitlines() if line.strip()]
    lengths = [len(ids) for ids in tok(texts, truncation=True, max_length=256)["input_ids"]]
    linear = 2 * sum(lengths) * layers * (h * 3 * h + h * h + h * i + i * h) / 1e9
    attention = sum(2 * 2 * L * L * h * layers for L in lengths) / 1e9
    out = Path("/tmp") / f"roof-{os.getpid()}.parquet"
    walls = [timed([jobmatch, "embed", "--model", model, "--input", str(path), "--precision", precision, "--output", str(out)],
                   env)["wall"] for _ in range(repeats)]
    wall = statistics.median(walls)
    print(f"| {path.name} | {len(texts)} | {sum(lengths)} | {linear:.1f} | {attention:.1f} | {wall:.2f} "
          f"({' '.join(f'{w:.2f}' for w in walls)}) | {linear / wall:.1f} | {(linear + attention) / wall:.1f} | "
          f"**{linear / wall / roof[precision]:.0%}** |")
