"""Summary of before_after.sh's runs.tsv: per input, median user, system and user + system CPU
seconds, wall and peak RSS of each tool, and the CPU ratios (fp32 ÷ bf16, fp32 ÷ int8, ONNX Runtime
÷ ours) for both builds, with the 1-minute load average seen during the runs.

    python before_after.py RUNS_TSV
"""
import collections, statistics, sys

runs = collections.defaultdict(list)
loads = collections.defaultdict(list)
for line in open(sys.argv[1]):
    inp, tool, r, load = line.rstrip("\n").split("\t")
    u, s, e, m = r.split()
    runs[(inp, tool)].append((float(u), float(s), float(e), int(m) / 1024))
    loads[inp].append(float(load))
for inp in dict.fromkeys(k[0] for k in runs):
    print(f"\n{inp}: load average (1 min) during the runs {min(loads[inp]):.1f}–{max(loads[inp]):.1f}\n")
    print("| tool | runs | user s | sys s | user + sys s | wall s | peak RSS MiB |\n| --- | --- | --- | --- | --- | --- | --- |")
    cpu = {}
    for (i, tool), v in runs.items():
        if i != inp:
            continue
        med = lambda k: statistics.median(x[k] for x in v)
        cpu[tool] = statistics.median(x[0] + x[1] for x in v)
        print(f"| {tool} | {len(v)} | {med(0):.2f} | {med(1):.2f} | {cpu[tool]:.2f} | {med(2):.2f} | {med(3):.0f} |")
    for b in ("base", "new"):
        f = cpu[f"{b} fp32"]
        print(f"\n{b}: fp32 ÷ bf16 {f / cpu[f'{b} bf16']:.2f}×, fp32 ÷ int8 {f / cpu[f'{b} int8']:.2f}×, "
              f"ONNX fp32 ÷ ours fp32 {cpu['onnx model'] / f:.2f}×, ONNX int8 ÷ ours int8 {cpu['onnx model.int8'] / cpu[f'{b} int8']:.2f}× (CPU time)")
