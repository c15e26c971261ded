"""Title <-> skills pairs from what real postings say about themselves (TechWolf's JobBERT trains on
title-skill pairs): one pair per row of data/real/job_skills.csv, anchor = the posting's skills
(the first 30, as a CV's skill list reads), positive = its title, taken from the LinkedIn link
(/jobs/view/<title>-at-<company>-<id>: the sample's skills rows join none of its postings).
Writes a pairs Parquet file in PairsFile's layout.  Usage: self_pairs.py IN.csv OUT.parquet
"""
import csv, re, sys, hashlib
import pyarrow as pa, pyarrow.parquet as pq
rows = []
skipped = []  # (line, reason): reported, never dropped silently
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    r = csv.reader(f); next(r)
    for rec in r:
        line = r.line_num
        if len(rec) != 2:
            skipped.append((line, f'{len(rec)} fields, not 2 (a record cut off?)')); continue
        link, skills = rec
        m = re.search(r'/jobs/view/(.+?)-(\d+)$', link)
        if not m:
            skipped.append((line, 'job_link is not a /jobs/view/<title>-<id> link')); continue
        title = m.group(1).split('-at-')[0].replace('-', ' ').strip()
        if not title or not skills.strip():
            skipped.append((line, 'no title in the link or no skills')); continue
        sk = [s.strip() for s in skills.split(',') if s.strip()][:30]
        rows.append((hashlib.sha1(link.encode()).hexdigest()[:12], link, ', '.join(sk) + '.', title.title() + '.'))
for line, reason in skipped:
    print(f'{sys.argv[1]}:{line}: left out: {reason}', file=sys.stderr)
print(f'{len(rows)} pairs, e.g. {rows[0][2][:80]!r} -> {rows[0][3]!r}', file=sys.stderr)
t=pa.table({'cv_id':[r[0] for r in rows],'job_id':[r[1] for r in rows],'anchor':[r[2] for r in rows],'positive':[r[3] for r in rows],
            'negative':pa.array([None]*len(rows), pa.string())})
pq.write_table(t, sys.argv[2])
