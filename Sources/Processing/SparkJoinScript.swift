import Parquet

/// The PySpark program `SparkJoin` submits (written to the temp folder at run time), with the
/// schema of the board postings it reads and the columns it writes.
enum SparkJoinScript {
    /// boards.parquet and the joined output have the joined row's columns (`JoinedRow`), as strings.
    static let boardSchema = ParquetSchema(JoinedRow.columns.map { ParquetField.column($0, .string) })

    static let source = #"""
import argparse, csv as pycsv, json
from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql.types import StringType, StructField, StructType

ap = argparse.ArgumentParser()
ap.add_argument("--raw"); ap.add_argument("--boards"); ap.add_argument("--out"); ap.add_argument("--stats")
ap.add_argument("--country"); ap.add_argument("--require-summary", action="store_true")
a = ap.parse_args()
spark = SparkSession.builder.appName("jobmatch-process").getOrCreate()
spark.sparkContext.setLogLevel("ERROR")

# Rows the embedded engine's reader rejects are counted here too, never dropped silently: a row
# whose field count is not the header's (Spark's malformed rows, kept aside by PERMISSIVE mode in
# a corrupt-record column) and a row without a job_link.
rejected = {"malformed CSV row": 0, "empty job_link": 0}
def csv(name):
    with open(f"{a.raw}/{name}", newline="", encoding="utf-8-sig", errors="replace") as f:
        header = next(pycsv.reader(f), [])
    schema = StructType([StructField(c, StringType()) for c in header] + [StructField("_corrupt_record", StringType())])
    df = (spark.read.option("header", True).option("multiLine", True).option("escape", '"')
          .option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", "_corrupt_record")
          .schema(schema).csv(f"{a.raw}/{name}")
          # multiLine files are not split, so monotonically_increasing_id() follows the file's row
          # order ("pos": the last row of a job_link wins, as in the embedded engine's JoinRules).
          .withColumn("pos", F.monotonically_increasing_id()).cache())
    rejected["malformed CSV row"] += df.where("_corrupt_record IS NOT NULL").count()
    good = df.where("_corrupt_record IS NULL").drop("_corrupt_record")
    rejected["empty job_link"] += good.where("coalesce(regexp_replace(job_link, '^\\\\s+|\\\\s+$', ''), '') = ''").count()
    return good

spark.conf.set("spark.sql.caseSensitive", True)
csv("linkedin_job_postings.csv").createOrReplaceTempView("postings")
csv("job_skills.csv").createOrReplaceTempView("skills")
csv("job_summary.csv").createOrReplaceTempView("summaries")
spark.read.parquet(a.boards).createOrReplaceTempView("boards")

# Field cleaning as the Ingest readers do: trimmed, and '', '-1', 'NA', 'null' mean unknown.
clean = lambda c: (f"CASE WHEN regexp_replace({c}, '^\\\\s+|\\\\s+$', '') IN ('', '-1', 'NA', 'null') "
                   f"THEN NULL ELSE regexp_replace({c}, '^\\\\s+|\\\\s+$', '') END")
link = "regexp_replace(job_link, '^\\\\s+|\\\\s+$', '')"
spark.sql(f"""
  SELECT {link} AS job_id, 'linkedin' AS source, {link} AS url, coalesce(job_title, '') AS title,
         {clean('company')} AS company, {clean('job_location')} AS location, {clean('search_country')} AS country,
         {clean('job_level')} AS level, {clean('job_type')} AS type, {clean('first_seen')} AS first_seen,
         {clean('last_processed_time')} AS last_processed_time, CAST(NULL AS STRING) AS skills,
         CAST(NULL AS STRING) AS summary
  FROM postings WHERE job_link IS NOT NULL AND {link} <> ''
  UNION ALL SELECT * FROM boards
""").createOrReplaceTempView("all_postings")

spark.sql("""
  SELECT *, row_number() OVER (PARTITION BY job_id ORDER BY last_processed_time DESC NULLS LAST,
         title ASC NULLS FIRST, company ASC NULLS FIRST, location ASC NULLS FIRST, country ASC NULLS FIRST,
         level ASC NULLS FIRST, type ASC NULLS FIRST, first_seen ASC NULLS FIRST, url ASC NULLS FIRST) AS rn
  FROM all_postings
""").createOrReplaceTempView("ranked")

joined = spark.sql(f"""
  WITH sk AS (SELECT job_link, skills FROM (SELECT {link} AS job_link, job_skills AS skills,
                 row_number() OVER (PARTITION BY {link} ORDER BY pos DESC) AS r FROM skills) WHERE r = 1),
       sm AS (SELECT job_link, summary FROM (SELECT {link} AS job_link, job_summary AS summary,
                 row_number() OVER (PARTITION BY {link} ORDER BY pos DESC) AS r FROM summaries) WHERE r = 1)
  SELECT p.job_id, p.source, p.url, p.title, p.company, p.location, p.country, p.level, p.type, p.first_seen,
         p.last_processed_time,
         CASE WHEN p.source = 'linkedin' THEN k.skills ELSE p.skills END AS skills,
         CASE WHEN p.source = 'linkedin' THEN s.summary ELSE p.summary END AS summary
  FROM ranked p
  LEFT JOIN sk k ON p.source = 'linkedin' AND k.job_link = p.job_id
  LEFT JOIN sm s ON p.source = 'linkedin' AND s.job_link = p.job_id
  WHERE p.rn = 1
""").cache()
title_ok = "regexp_replace(title, '^\\\\s+|\\\\s+$', '') <> ''"
country_ok = "lower(country) = lower('%s')" % a.country.replace("'", "''") if a.country else "true"
summary_ok = "coalesce(regexp_replace(summary, '^\\\\s+|\\\\s+$', ''), '') <> ''" if a.require_summary else "true"
joined.where(f"{title_ok} AND {country_ok} AND {summary_ok}").write.mode("overwrite").parquet(a.out)
# Drop reasons in the embedded engine's order: title, then country, then summary.
c = joined.selectExpr(
    f"sum(CASE WHEN NOT coalesce({title_ok}, false) THEN 1 ELSE 0 END) AS title",
    f"sum(CASE WHEN coalesce({title_ok}, false) AND NOT coalesce({country_ok}, false) THEN 1 ELSE 0 END) AS country",
    f"sum(CASE WHEN coalesce({title_ok}, false) AND coalesce({country_ok}, false) AND NOT coalesce({summary_ok}, false) THEN 1 ELSE 0 END) AS summary",
    "sum(CASE WHEN source = 'linkedin' AND skills IS NULL THEN 1 ELSE 0 END) AS no_skills",
    "sum(CASE WHEN source = 'linkedin' AND summary IS NULL THEN 1 ELSE 0 END) AS no_summary").first()
dup = spark.sql("SELECT sum(CASE WHEN rn > 1 THEN 1 ELSE 0 END) AS dup FROM ranked").first()["dup"]
json.dump({
    "posting_rows": spark.table("postings").count(), "skills_rows": spark.table("skills").count(),
    "summary_rows": spark.table("summaries").count(),
    "without_skills_row": int(c["no_skills"] or 0), "without_summary_row": int(c["no_summary"] or 0),
    "dropped": {"duplicate job_link": int(dup or 0), "missing title": int(c["title"] or 0),
                "other country": int(c["country"] or 0), "missing summary": int(c["summary"] or 0)},
    "rejected": rejected,
}, open(a.stats, "w"))
spark.stop()
"""#
}
