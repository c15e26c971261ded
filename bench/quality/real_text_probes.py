"""Four probes for issue 21 item 7 (real-text quality), all on the real samples and all negative:

1. Query-side: does encoding a whole resume in pieces beat its first tokens? Each distinct resume
   (UpdatedResumeDataSet.csv) against every distinct LinkedIn title (linkedin_job_postings.csv,
   lower-cased), encoded by `jobmatch embed` (all-MiniLM-L6-v2, int8, titles at 64 tokens): the
   first 128 / 256 tokens, and windows of 60 / 120 words pooled by mean or by max similarity.
2. Pairs by skills, two hops: resume -> the job_skills.csv rows sharing the most IDF-weighted
   skills (phrases of that file found in the resume) -> those rows' titles (from their links) as
   positives, as a miner could make them without labels. Reported: the share of mined titles
   that the evaluation's rule calls relevant.
3. Without labels at query time: BM25 (k1 1.2, b 0.75) of each resume over the titles, reciprocal
   rank fusion (k = 60) of BM25 with the dense ranking, and pseudo-relevance feedback in the
   embedding space (the query plus a times the mean of its top k titles' vectors, renormalised).
4. The CV's skill list (a `pipeline --raw data/real` workspace's tables/cvs.parquet) as a second
   dense query: alone, fused with the resume by RRF, or averaged with it.
5. More lexical and query-side signals fused with dense + BM25 (`lexical`): the IDF-weighted share
   of a title's words the resume covers, titles named verbatim in the resume and the resume's top
   key terms as short dense queries, score regularisation over each title's nearest titles (Diaz
   2005), and resumes read at 384 / 512 tokens.

Relevance is the evaluation's rule (docs/training.md "Real-text evaluation"; the keyword table
is RealTextRelevance.keywords, copied here): the Category column is read for scoring only.
Usage: python bench/quality/real_text_probes.py [queries|pairs|fusion|skills|lexical]   (JOBMATCH_BIN, JOBMATCH_MODEL_DIR, PROBE_WORKSPACE)
"""
import collections, csv, json, math, os, re, subprocess, sys, tempfile
import numpy as np, pyarrow.parquet as pq

csv.field_size_limit(10**9)
REAL = os.path.join(os.path.dirname(__file__), '..', '..', 'data', 'real')
BIN = os.environ.get('JOBMATCH_BIN', '.build/release/jobmatch')
MODEL = os.environ.get('JOBMATCH_MODEL_DIR', os.path.expanduser('~/.cache/jobmatch/models/all-MiniLM-L6-v2'))
KEYWORDS = {
    "Advocate": "attorney, lawyer, legal, counsel, paralegal, advocate",
    "Arts": "artist, art, arts, graphic designer, illustrator, museum",
    "Automation Testing": "automation, test, tester, testing, qa, quality assurance",
    "Blockchain": "blockchain, web3, crypto, solidity",
    "Business Analyst": "business analyst, business analysis, business systems analyst",
    "Civil Engineer": "civil engineer, civil, structural engineer",
    "Data Science": "data scientist, data science, machine learning, data analyst, analytics",
    "Database": "database, dba, sql, data architect",
    "DevOps Engineer": "devops, site reliability, sre, cloud engineer, platform engineer",
    "DotNet Developer": ".net, dotnet, c#, asp.net",
    "ETL Developer": "etl, data warehouse, data engineer, informatica",
    "Electrical Engineering": "electrical engineer, electrical, electronics",
    "HR": "hr, human resources, recruiter, recruiting, talent acquisition, people operations",
    "Hadoop": "hadoop, big data, spark, data engineer",
    "Health and fitness": "fitness, personal trainer, wellness, nutrition, dietitian, health coach",
    "Java Developer": "java, java developer, j2ee",
    "Mechanical Engineer": "mechanical engineer, mechanical, mechanical design",
    "Network Security Engineer": "network, network security, security engineer, cybersecurity, firewall",
    "Operations Manager": "operations manager, operations, plant manager",
    "PMO": "pmo, project manager, program manager, project management, project coordinator",
    "Python Developer": "python, django",
    "SAP Developer": "sap, abap",
    "Sales": "sales, account executive, business development",
    "Testing": "test, tester, testing, qa, quality assurance",
    "Web Designing": "web designer, web developer, front end, frontend, ui, ux, web design",
}

def norm(t): return ' ' + re.sub(r'[^a-z0-9.#+]+', ' ', t.lower()).strip() + ' '

def relevant(cat, title):
    n = norm(title)
    return any(' ' + k.strip() + ' ' in n for k in KEYWORDS[cat].split(','))

def load():
    resumes = {}
    for r in csv.DictReader(open(os.path.join(REAL, 'UpdatedResumeDataSet.csv'), encoding='utf-8', errors='replace')):
        resumes.setdefault(r['Resume'], r['Category'])
    titles = sorted({(p['job_title'] or '').strip().lower()
                     for p in csv.DictReader(open(os.path.join(REAL, 'linkedin_job_postings.csv'), encoding='utf-8', errors='replace'))
                     if (p['job_title'] or '').strip()})
    return list(resumes.items()), titles

def embed(texts, length, folder):
    src, out = os.path.join(folder, 'in.jsonl'), os.path.join(folder, 'out.parquet')
    with open(src, 'w') as f:
        for i, t in enumerate(texts): f.write(json.dumps({'id': str(i), 'text': t}) + '\n')
    subprocess.run([BIN, 'embed', '--model', MODEL, '--input', src, '--output', out, '--max-seq-length', str(length),
                    '--precision', 'int8'], check=True, stderr=subprocess.DEVNULL)
    e = np.array(pq.read_table(out).column('embedding').to_pylist(), dtype=np.float32)
    return e / np.linalg.norm(e, axis=1, keepdims=True)

def metrics(scores, resumes, titles, k=10):
    p, m = [], []
    for i, (_, cat) in enumerate(resumes):
        rel = np.array([relevant(cat, t) for t in titles])
        if not rel.any(): continue
        r = rel[np.argsort(-scores[i])[:k]]
        hits = np.nonzero(r)[0]
        p.append(r.mean()); m.append(1 / (hits[0] + 1) if len(hits) else 0)
    return 'P@10 %.3f  MRR@10 %.3f  (%d resumes)' % (np.mean(p), np.mean(m), len(p))

def queries():
    resumes, titles = load()
    with tempfile.TemporaryDirectory() as d:
        t = embed(titles, 64, d)
        for length in (128, 256):
            print('first %d tokens        ' % length, metrics(embed([r for r, _ in resumes], length, d) @ t.T, resumes, titles))
        for words in (60, 120):
            pieces, owner = [], []
            for i, (text, _) in enumerate(resumes):
                w = text.split()
                for j in range(0, max(len(w), 1), words): pieces.append(' '.join(w[j:j + words])); owner.append(i)
            e, owner = embed(pieces, 256, d), np.array(owner)
            mean = np.array([e[owner == i].mean(0) for i in range(len(resumes))])
            mean /= np.linalg.norm(mean, axis=1, keepdims=True)
            print('%3d-word windows, mean ' % words, metrics(mean @ t.T, resumes, titles))
            print('%3d-word windows, max  ' % words, metrics(np.array([(e[owner == i] @ t.T).max(0) for i in range(len(resumes))]), resumes, titles))

def pairs():
    resumes, _ = load()
    rows = []
    with open(os.path.join(REAL, 'job_skills.csv'), newline='', encoding='utf-8') as f:
        r = csv.reader(f); next(r)
        for rec in r:
            m = len(rec) == 2 and re.search(r'/jobs/view/(.+?)-(\d+)$', rec[0])
            if not m: continue  # the cut-off last record
            title = m.group(1).split('-at-')[0].replace('-', ' ').strip()
            skills = {s.strip().lower() for s in rec[1].split(',') if s.strip()}
            if title and skills: rows.append((title, skills))
    df = collections.Counter(s for _, sk in rows for s in sk)
    idf = {s: math.log(len(rows) / c) for s, c in df.items()}
    vocab = [s for s in df if len(s) >= 3]
    good = total = covered = 0
    for text, cat in resumes:
        n = norm(text)
        found = {s for s in vocab if norm(s) in n}
        scored = sorted(((sum(idf[s] for s in sk & found) / math.sqrt(sum(idf[s] for s in sk)), t)
                         for t, sk in rows if len(sk & found) >= 3), reverse=True)[:3]
        covered += bool(scored)
        for _, t in scored: total += 1; good += relevant(cat, t)
    print('%d of %d resumes got pairs; %d mined titles, %.1f%% relevant by the evaluation\'s rule'
          % (covered, len(resumes), total, 100 * good / max(1, total)))

def fusion():
    resumes, titles = load()
    with tempfile.TemporaryDirectory() as d:
        t, q = embed(titles, 64, d), embed([r for r, _ in resumes], 256, d)
    dense = q @ t.T
    tok = lambda s: re.findall(r'[a-z0-9#+]+(?:\.[a-z0-9]+)*', s.lower())
    docs = [tok(x) for x in titles]
    n, avg = len(docs), sum(map(len, docs)) / len(docs)
    df = collections.Counter(w for doc in docs for w in set(doc))
    postings = collections.defaultdict(list)
    for j, doc in enumerate(docs):
        for w, c in collections.Counter(doc).items():
            idf = math.log(1 + (n - df[w] + .5) / (df[w] + .5))
            postings[w].append((j, idf * c * 2.2 / (c + 1.2 * (.25 + .75 * len(doc) / avg))))
    bm25 = np.zeros_like(dense)
    for i, (text, _) in enumerate(resumes):
        for w in tok(text):
            for j, s in postings.get(w, ()): bm25[i, j] += s
    ranks = lambda s: np.argsort(np.argsort(-s, axis=1), axis=1)
    print('dense                  ', metrics(dense, resumes, titles))
    print('BM25                   ', metrics(bm25, resumes, titles))
    print('RRF(dense, BM25)       ', metrics(1 / (61 + ranks(dense)) + 1 / (61 + ranks(bm25)), resumes, titles))
    for k in (5, 10, 20):
        for a in (0.5, 1.0):
            q2 = q + a * t[np.argsort(-dense, axis=1)[:, :k]].mean(1)
            q2 /= np.linalg.norm(q2, axis=1, keepdims=True)
            print('PRF k=%-2d a=%.1f         ' % (k, a), metrics(q2 @ t.T, resumes, titles))

def skills():
    """The CV's own skill list (what processing found in it) as a second dense query, fused."""
    ws = os.environ.get('PROBE_WORKSPACE', '/tmp/realws')
    cvs = pq.read_table(os.path.join(ws, 'tables', 'cvs.parquet')).to_pylist()
    resumes = [(c['text'], c['category']) for c in cvs]
    lists = [c['embedding_text'].split('. ', 1)[0] if c['skills'] else '' for c in cvs]
    _, titles = load()
    with tempfile.TemporaryDirectory() as d:
        t = embed(titles, 64, d)
        q = embed([r for r, _ in resumes], 256, d)
        e = embed([c['embedding_text'] for c in cvs], 256, d)
        k = embed([x or r for x, (r, _) in zip(lists, resumes)], 128, d)
    ranks = lambda s: np.argsort(np.argsort(-s, axis=1), axis=1)
    rrf = lambda *ss: sum(1 / (61 + ranks(x)) for x in ss)
    dense, withskills, listed = q @ t.T, e @ t.T, k @ t.T
    print('%d CVs, %d with skills found' % (len(cvs), sum(bool(x) for x in lists)))
    print('resume, first 256 tokens          ', metrics(dense, resumes, titles))
    print('embedding_text (skills + resume)  ', metrics(withskills, resumes, titles))
    print('skill list alone                  ', metrics(listed, resumes, titles))
    print('RRF(resume, skill list)           ', metrics(rrf(dense, listed), resumes, titles))
    print('mean of the two vectors           ', metrics((q + k) @ t.T, resumes, titles))

def lexical():
    resumes, titles = load()
    with tempfile.TemporaryDirectory() as d:
        t, q = embed(titles, 64, d), embed([r for r, _ in resumes], 256, d)
        longer = {n: embed([r for r, _ in resumes], n, d) for n in (384, 512)}
        tok = lambda s: re.findall(r'[a-z0-9#+]+(?:\.[a-z0-9]+)*', s.lower())
        docs = [tok(x) for x in titles]
        n, avg = len(docs), sum(map(len, docs)) / len(docs)
        df = collections.Counter(w for doc in docs for w in set(doc))
        idf = {w: math.log(1 + (n - c + .5) / (c + .5)) for w, c in df.items()}
        postings = collections.defaultdict(list)
        for j, doc in enumerate(docs):
            for w, c in collections.Counter(doc).items():
                postings[w].append((j, idf[w] * c * 2.2 / (c + 1.2 * (.25 + .75 * len(doc) / avg))))
        dense = q @ t.T
        bm25, cov, covtf = np.zeros_like(dense), np.zeros_like(dense), np.zeros_like(dense)
        for i, (text, _) in enumerate(resumes):
            words = tok(text)
            for w in words:
                for j, s in postings.get(w, ()): bm25[i, j] += s
            for w, c in collections.Counter(words).items():
                for j, _ in postings.get(w, ()): cov[i, j] += idf[w]; covtf[i, j] += idf[w] * math.log(1 + c)
        tsum = np.array([sum(idf[w] for w in set(doc)) or 1 for doc in docs])
        cov /= tsum; covtf /= tsum
        named, keys = [], []
        exact = {norm(x): x for x in titles if len(x.split()) >= 2}
        for text, _ in resumes:
            nt = norm(text)
            found = sorted(((nt.count(k) * sum(idf.get(w, 0) for w in tok(x)), x) for k, x in exact.items() if k in nt), reverse=True)
            named.append(', '.join(x for _, x in found[:5]) or text)
            tf = collections.Counter(w for w in tok(text) if w in idf)
            keys.append(' '.join(sorted(tf, key=lambda w: -math.log(1 + tf[w]) * idf[w])[:12]))
        dn, dk = embed(named, 64, d) @ t.T, embed(keys, 64, d) @ t.T
    ranks = lambda s: np.argsort(np.argsort(-s, axis=1, kind='stable'), axis=1)
    rrf = lambda *ss: sum(1 / (61 + ranks(x)) for x in ss)
    top100 = lambda s: np.where(ranks(dense) < 100, s, -1e9)
    show = lambda name, s: print('%-40s' % name, metrics(s, resumes, titles))
    show('RRF(dense, BM25)', rrf(dense, bm25))
    show('RRF(dense, BM25) within dense top 100', top100(rrf(dense, bm25)))
    show('+ title coverage', rrf(dense, bm25, cov + 1e-3 * dense))
    show('+ title coverage, log counts', rrf(dense, bm25, covtf + 1e-3 * dense))
    show('+ titles named in the resume (dense)', rrf(dense, bm25, dn))
    show('+ key terms as a query (dense)', rrf(dense, bm25, dk))
    sim = t @ t.T
    np.fill_diagonal(sim, -1)
    for k in (5, 10, 20):
        nn = np.argsort(-sim, axis=1)[:, :k]
        for a in (0.5, 1.0):
            show('regularised k=%d a=%.1f, fused' % (k, a), rrf(dense + a * dense[:, nn].mean(2), bm25 + a * bm25[:, nn].mean(2)))
    for length, e in longer.items():
        show('resume at %d tokens, fused' % length, rrf(e @ t.T, bm25))

if __name__ == '__main__':
    {'queries': queries, 'pairs': pairs, 'fusion': fusion, 'skills': skills, 'lexical': lexical}[sys.argv[1] if len(sys.argv) > 1 else 'queries']()
