"""A probe for issue 21 (negative): the occupation pairs with a hard negative each — the nearest
other occupation name by all-MiniLM-L6-v2's cosine whose last word differs from the positive's
(singular or plural: "Physiotherapist" is not a negative of "Physiotherapists"), as MNR's triplets.

    python bench/quality/occupation_hard_negatives.py WS      # after bench/quality/occupations.sh
    jobmatch train --workspace WS --pairs WS/occ-hardneg.parquet --name occ-hardneg-symmetric --epochs 1 --symmetric --checkpoint-every 0
    jobmatch eval --workspace WS --model MINILM --model WS/models/minilm-occupations --model WS/models/occ-hardneg-symmetric \\
        --held-out 0.9999 --held-out-jobs 0.9999 --hybrid

Reads WS/tables/occupation_pairs.parquet, writes WS/occ-hardneg.parquet (JOBMATCH_BIN, JOBMATCH_MODEL_DIR).
"""
import json, os, subprocess, sys, tempfile
import numpy as np, pyarrow as pa, pyarrow.parquet as pq

ws = sys.argv[1]
BIN = os.environ.get('JOBMATCH_BIN', '.build/release/jobmatch')
MODEL = os.environ.get('JOBMATCH_MODEL_DIR', os.path.expanduser('~/.cache/jobmatch/models/all-MiniLM-L6-v2'))
table = pq.read_table(os.path.join(ws, 'tables', 'occupation_pairs.parquet'))
names = table.column('positive').to_pylist()
with tempfile.TemporaryDirectory() as d:
    with open(os.path.join(d, 'in.jsonl'), 'w') as f:
        for i, n in enumerate(names): f.write(json.dumps({'id': str(i), 'text': n}) + '\n')
    subprocess.run([BIN, 'embed', '--model', MODEL, '--input', os.path.join(d, 'in.jsonl'), '--output', os.path.join(d, 'o.parquet'),
                    '--max-seq-length', '32'], check=True, stderr=subprocess.DEVNULL)
    e = np.array(pq.read_table(os.path.join(d, 'o.parquet')).column('embedding').to_pylist(), dtype=np.float32)
e /= np.linalg.norm(e, axis=1, keepdims=True)
sim = e @ e.T
np.fill_diagonal(sim, -1)
head = [n.rstrip('.').split()[-1].lower().rstrip('s') for n in names]
negatives = []
for i in range(len(names)):
    near = [j for j in np.argsort(-sim[i])[:20] if head[j] != head[i]]
    negatives.append(names[near[0]] if near else None)
out = table.set_column(table.column_names.index('negative'), 'negative', pa.array(negatives, pa.string()))
pq.write_table(out, os.path.join(ws, 'occ-hardneg.parquet'))
print('%d of %d pairs with a hard negative, e.g. %s -> not %s' % (sum(n is not None for n in negatives), len(names), names[0], negatives[0]))
