"""DuckDB's run of the processing join, as a reference for the engines benchmark: the same
left joins, dedupe (latest last_processed_time, then the same tie-break columns) and title
filter as EmbeddedJoin / SparkJoin, over the three LinkedIn CSVs, written to Parquet.
    python duckdb_join.py RAW_DIR OUT.parquet
Prints one JSON object: rows written and seconds.
"""
import json
import sys
import time

import duckdb

raw, out = sys.argv[1], sys.argv[2]
start = time.perf_counter()
con = duckdb.connect()
csv = lambda name: (f"read_csv('{raw}/{name}', header=true, all_varchar=true, quote='\"', escape='\"', "
                    f"max_line_size=20000000, ignore_errors=true, parallel=true)")
clean = lambda c: f"CASE WHEN trim({c}) IN ('', '-1', 'NA', 'null') THEN NULL ELSE trim({c}) END"
con.execute(f"""
COPY (
  WITH p AS (
    SELECT trim(job_link) AS job_id, 'linkedin' AS source, trim(job_link) AS url, coalesce(job_title, '') AS title,
           {clean('company')} AS company, {clean('job_location')} AS location, {clean('search_country')} AS country,
           {clean('job_level')} AS level, {clean('job_type')} AS type, {clean('first_seen')} AS first_seen,
           {clean('last_processed_time')} AS last_processed_time
    FROM {csv('linkedin_job_postings.csv')} WHERE trim(coalesce(job_link, '')) <> ''),
  r AS (SELECT *, row_number() OVER (PARTITION BY job_id ORDER BY last_processed_time DESC NULLS LAST,
          title ASC NULLS FIRST, company ASC NULLS FIRST, location ASC NULLS FIRST, country ASC NULLS FIRST,
          level ASC NULLS FIRST, type ASC NULLS FIRST, first_seen ASC NULLS FIRST, url ASC NULLS FIRST) AS rn FROM p),
  sk AS (SELECT trim(job_link) AS job_link, max(job_skills) AS skills FROM {csv('job_skills.csv')} GROUP BY 1),
  sm AS (SELECT trim(job_link) AS job_link, max(job_summary) AS summary FROM {csv('job_summary.csv')} GROUP BY 1)
  SELECT r.* EXCLUDE (rn), sk.skills AS skills_raw, sm.summary
  FROM r LEFT JOIN sk ON sk.job_link = r.job_id LEFT JOIN sm ON sm.job_link = r.job_id
  WHERE r.rn = 1 AND trim(r.title) <> ''
) TO '{out}' (FORMAT parquet, COMPRESSION zstd)
""")
rows = con.execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchone()[0]
print(json.dumps({"engine": "duckdb", "rows": rows, "seconds": time.perf_counter() - start}))
