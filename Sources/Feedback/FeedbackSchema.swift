import GRDB

/// The feedback database's schema, as named, ordered migrations.
///
/// Three tables; times are UTC text `YYYY-MM-DD HH:MM:SS.SSS` (GRDB's `Date` format, which sorts
/// and reads as is in `sqlite3`):
///
/// ```sql
/// -- One call to the matcher: who asked (a CV id, or the SHA-256 of the pasted text), when,
/// -- with which model and index, and with which filters.
/// CREATE TABLE match_request (
///   id            TEXT PRIMARY KEY NOT NULL,   -- a UUID, the API's request_id
///   cv_id         TEXT,                        -- the caller's CV id (tables/cvs.parquet)
///   cv_sha256     TEXT,                        -- hex SHA-256 of the CV text when it had no id
///   cv_text       TEXT,                        -- the CV text, only when the caller opted in
///   created_at    DATETIME NOT NULL,
///   model_version TEXT NOT NULL,
///   index_version TEXT NOT NULL,
///   filters       TEXT NOT NULL DEFAULT '{}',  -- JSON object of the filters applied
///   ranking_version TEXT,                      -- the order shown: `retrieval`, or `fused@<reranker fingerprint>` (v3)
///   CHECK (cv_id IS NOT NULL OR cv_sha256 IS NOT NULL));
///
/// -- Each job the request showed, at its rank (1 = top), with both scores.
/// CREATE TABLE match_result (
///   request_id       TEXT NOT NULL REFERENCES match_request(id) ON DELETE CASCADE,
///   job_id           TEXT NOT NULL,
///   rank             INTEGER NOT NULL CHECK (rank >= 1),
///   bi_encoder_score REAL NOT NULL,
///   rerank_score     REAL,                     -- NULL when no cross-encoder ran
///   explanation      TEXT,                     -- JSON {matched: [{id, cv_spans}], missing: [id]} shown (v5)
///   PRIMARY KEY (request_id, job_id),
///   UNIQUE (request_id, rank));
///
/// -- A reaction to a shown job.
/// CREATE TABLE feedback_event (
///   id         INTEGER PRIMARY KEY AUTOINCREMENT,
///   request_id TEXT NOT NULL,
///   job_id     TEXT NOT NULL,
///   event      TEXT NOT NULL CHECK (event IN ('like', 'dislike', 'applied', 'hired')),
///   created_at DATETIME NOT NULL,
///   reason     TEXT,
///   FOREIGN KEY (request_id, job_id) REFERENCES match_result(request_id, job_id) ON DELETE CASCADE);
/// ```
///
/// The other direction (v4): a recruiter's request for CVs (`POST /match/job`), the CVs it showed
/// and the recruiter's reactions, in three tables of the same shape — `candidate_request` (a job
/// id, or the SHA-256 of a pasted posting; never the posting's text), `candidate_result` (cv_id,
/// rank, scores) and `candidate_event` (`like`, `dislike`, `contacted`, `hired`).
///
/// Applied migrations are listed in GRDB's `grdb_migrations` table; opening a database runs only
/// the ones it lacks, so opening twice changes nothing. Add a migration; never edit one that has
/// shipped.
enum FeedbackSchema {
    /// The migrations, in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: match_request, match_result, feedback_event") { db in
            try db.execute(sql: """
                CREATE TABLE match_request (
                  id            TEXT PRIMARY KEY NOT NULL,
                  cv_id         TEXT,
                  cv_sha256     TEXT,
                  cv_text       TEXT,
                  created_at    DATETIME NOT NULL,
                  model_version TEXT NOT NULL,
                  index_version TEXT NOT NULL,
                  filters       TEXT NOT NULL DEFAULT '{}',
                  CHECK (cv_id IS NOT NULL OR cv_sha256 IS NOT NULL));
                CREATE TABLE match_result (
                  request_id       TEXT NOT NULL REFERENCES match_request(id) ON DELETE CASCADE,
                  job_id           TEXT NOT NULL,
                  rank             INTEGER NOT NULL CHECK (rank >= 1),
                  bi_encoder_score REAL NOT NULL,
                  rerank_score     REAL,
                  PRIMARY KEY (request_id, job_id),
                  UNIQUE (request_id, rank));
                CREATE TABLE feedback_event (
                  id         INTEGER PRIMARY KEY AUTOINCREMENT,
                  request_id TEXT NOT NULL,
                  job_id     TEXT NOT NULL,
                  event      TEXT NOT NULL CHECK (event IN ('like', 'dislike', 'applied', 'hired')),
                  created_at DATETIME NOT NULL,
                  reason     TEXT,
                  FOREIGN KEY (request_id, job_id) REFERENCES match_result(request_id, job_id) ON DELETE CASCADE);
                """)
        }
        migrator.registerMigration("v2: indexes for export and stats") { db in
            try db.execute(sql: """
                CREATE INDEX feedback_event_on_request_job ON feedback_event(request_id, job_id);
                CREATE INDEX match_request_on_cv_id ON match_request(cv_id);
                CREATE INDEX match_request_on_created_at ON match_request(created_at);
                """)
        }
        migrator.registerMigration("v3: the ranking version of each request") { db in
            try db.execute(sql: "ALTER TABLE match_request ADD COLUMN ranking_version TEXT")
        }
        migrator.registerMigration("v4: candidate_request, candidate_result, candidate_event") { db in
            try db.execute(sql: """
                CREATE TABLE candidate_request (
                  id              TEXT PRIMARY KEY NOT NULL,
                  job_id          TEXT,
                  job_sha256      TEXT,
                  created_at      DATETIME NOT NULL,
                  model_version   TEXT NOT NULL,
                  index_version   TEXT NOT NULL,
                  ranking_version TEXT,
                  CHECK (job_id IS NOT NULL OR job_sha256 IS NOT NULL));
                CREATE TABLE candidate_result (
                  request_id       TEXT NOT NULL REFERENCES candidate_request(id) ON DELETE CASCADE,
                  cv_id            TEXT NOT NULL,
                  rank             INTEGER NOT NULL CHECK (rank >= 1),
                  bi_encoder_score REAL NOT NULL,
                  rerank_score     REAL,
                  PRIMARY KEY (request_id, cv_id),
                  UNIQUE (request_id, rank));
                CREATE TABLE candidate_event (
                  id         INTEGER PRIMARY KEY AUTOINCREMENT,
                  request_id TEXT NOT NULL,
                  cv_id      TEXT NOT NULL,
                  event      TEXT NOT NULL CHECK (event IN ('like', 'dislike', 'contacted', 'hired')),
                  created_at DATETIME NOT NULL,
                  reason     TEXT,
                  FOREIGN KEY (request_id, cv_id) REFERENCES candidate_result(request_id, cv_id) ON DELETE CASCADE);
                CREATE INDEX candidate_event_on_request_cv ON candidate_event(request_id, cv_id);
                """)
        }
        migrator.registerMigration("v5: the explanation shown with each result") { db in
            try db.execute(sql: "ALTER TABLE match_result ADD COLUMN explanation TEXT")
        }
        return migrator
    }
}
