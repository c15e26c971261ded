import Foundation

/// The folder that holds all of a run's state (../shared/DESIGN.md, "Workspace").
///
/// ```
/// raw/  log/  tables/  models/  index/  feedback.sqlite  reports/
/// ```
/// Each stage reads what the one before wrote; paths are derived here so that no stage spells
/// another stage's file names.
public struct Workspace: Sendable, Hashable {
    /// The workspace root.
    public let root: URL

    public init(_ path: String) {
        self.root = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
    }

    public var raw: URL { root.appendingPathComponent("raw", isDirectory: true) }
    /// `raw/cv_files/`: CVs as sent (PDF, DOCX or text files), one CV per file, id = file name stem.
    public var cvFiles: URL { raw.appendingPathComponent("cv_files", isDirectory: true) }
    public var log: URL { root.appendingPathComponent("log", isDirectory: true) }
    public var tables: URL { root.appendingPathComponent("tables", isDirectory: true) }
    public var models: URL { root.appendingPathComponent("models", isDirectory: true) }
    public var index: URL { root.appendingPathComponent("index", isDirectory: true) }
    public var reports: URL { root.appendingPathComponent("reports", isDirectory: true) }
    public var rejects: URL { root.appendingPathComponent("rejects", isDirectory: true) }
    public var feedbackDatabase: URL { root.appendingPathComponent("feedback.sqlite") }

    // MARK: Artifacts: every stage's file names are spelled here and nowhere else.

    /// `tables/jobs.parquet`: joined, filtered postings with skills and embedding texts.
    public var jobsTable: URL { table(.jobs) }
    /// `tables/cvs.parquet`: CVs with skills and embedding texts.
    public var cvsTable: URL { table(.cvs) }
    /// `tables/processing.json`: how `process` finished the tables' rows (filters, skill matcher,
    /// templates), so that `watch` finishes new postings the same way (`FinishingSettings`).
    public var processingSettings: URL { tables.appendingPathComponent("processing.json") }
    /// `tables/jobs_encoded.parquet`: job_id and the job's embedding with the index's model.
    public var jobsEncodedTable: URL { table(.jobsEncoded) }
    /// `tables/encoded/`: every job's vector once per model and encoding settings
    /// (`EncodedJobsCache`), shared by mining, evaluation and indexing.
    public var encodedJobsCache: URL { tables.appendingPathComponent("encoded", isDirectory: true) }
    /// `tables/pairs.parquet`: mined (CV, job) training pairs.
    public var pairsTable: URL { table(.pairs) }
    /// Where set-up unpacks the base model once for every workspace: `$JOBMATCH_MODEL_CACHE`, else
    /// `~/.cache/jobmatch/models` (`scripts/setup.sh` fills it).
    public static var modelCache: URL {
        if let env = ProcessInfo.processInfo.environment["JOBMATCH_MODEL_CACHE"], !env.isEmpty {
            return URL(fileURLWithPath: env, isDirectory: true)
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/jobmatch/models", isDirectory: true)
    }

    /// A model to read, by folder name: `models/NAME` when the workspace has it, else `NAME` in the
    /// shared model cache (`Workspace.modelCache`), so a new workspace finds the base model without
    /// a copy; `models/NAME` when neither has it, so errors name the workspace's folder.
    public func model(_ name: String) -> URL {
        let own = models.appendingPathComponent(name, isDirectory: true)
        let shared = Self.modelCache.appendingPathComponent(name, isDirectory: true)
        let fm = FileManager.default
        if !fm.fileExists(atPath: own.path), fm.fileExists(atPath: shared.appendingPathComponent("config.json").path) { return shared }
        return own
    }

    /// `models/reranker`: the cross-encoder `jobmatch train-reranker` writes and `jobmatch match` reranks with.
    public var rerankerModel: URL { models.appendingPathComponent("reranker", isDirectory: true) }
    /// `index/jobs.faiss`: the job index (FAISS format, DESIGN.md "Indexing") that `match` and
    /// `serve` answer from, and its side file `jobs.faiss.json`.
    public var jobsIndex: URL { index.appendingPathComponent("jobs.faiss") }
    /// The CVs whose owners let recruiters find them, for matching in the other direction.
    public var cvsIndex: URL { index.appendingPathComponent("cvs.faiss") }

    /// `index/segment.jsonl`: postings `jobmatch watch` encoded since the base index was built, one
    /// fsync'd JSON line each (a corrected posting's later line replaces its earlier one).
    public var indexSegment: URL { index.appendingPathComponent("segment.jsonl") }
    /// `alerts/`: standing searches and the alerts `jobmatch watch` writes for them.
    public var alerts: URL { root.appendingPathComponent("alerts", isDirectory: true) }
    /// `alerts/searches.json`: the standing searches (CVs that asked to be alerted, with consent).
    public var standingSearches: URL { alerts.appendingPathComponent("searches.json") }
    /// `alerts/alerts.jsonl`: one fsync'd JSON line per alert, written before the log offsets are committed.
    public var alertsLog: URL { alerts.appendingPathComponent("alerts.jsonl") }

    /// `reports/retrain.jsonl`: one JSON line per `jobmatch retrain` run (decision and both figures).
    public var retrainLog: URL { reports.appendingPathComponent("retrain.jsonl") }
    /// `models/NAME.candidate`: the model `jobmatch retrain` trains from the serving model `NAME`
    /// (removed when rejected; after a promotion it briefly holds the replaced weights).
    public func candidateModel(of serving: String) -> URL { models.appendingPathComponent(serving + ".candidate", isDirectory: true) }
    /// `models/NAME.previous`: the serving model a promotion replaced, kept for a rollback.
    public func previousModel(of serving: String) -> URL { models.appendingPathComponent(serving + ".previous", isDirectory: true) }

    /// `reports/KIND-YYYYMMDD-HHMMSS.html`: a run report (`train`, `eval`), named by its UTC time.
    public func report(_ kind: String, at date: Date) -> URL {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd-HHmmss"
        return reports.appendingPathComponent("\(kind)-\(f.string(from: date)).html")
    }

    /// A file under `raw/`.
    public func rawFile(_ name: RawFile) -> URL { raw.appendingPathComponent(name.rawValue) }

    /// A table under `tables/`.
    public func table(_ name: TableFile) -> URL { tables.appendingPathComponent(name.rawValue) }

    /// Creates the folder (and its parents) if it does not exist.
    /// - Throws: `JobMatchError.io` naming the folder.
    public func create(_ folder: URL) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw JobMatchError.io(path: folder.path, reason: "cannot create folder: \(error.localizedDescription)")
        }
    }
}

/// The input files that `jobmatch generate` writes and the producers read.
public enum RawFile: String, CaseIterable, Sendable {
    case linkedinPostings = "linkedin_job_postings.csv"
    case linkedinSkills = "job_skills.csv"
    case linkedinSummaries = "job_summary.csv"
    case indeedJobs = "indeed_jobs.csv"
    case glassdoorJobs = "glassdoor_jobs.csv"
    case cvs = "cvs.jsonl"
    /// CVs as a CSV of `Category,Resume` rows (the public resume dataset's layout).
    case resumesCSV = "resumes.csv"
    case labels = "labels.jsonl"
    /// Relevance judgments (TREC qrels: `cv_id 0 job_id grade`), what evaluation prefers to any
    /// other source of relevance.
    case qrels = "qrels.txt"
}

/// The Parquet tables under `tables/`.
public enum TableFile: String, CaseIterable, Sendable {
    /// `jobmatch process`: one row per posting (`job_id`, …, `embedding_text`).
    case jobs = "jobs.parquet"
    /// `jobmatch process`: one row per CV (`cv_id`, …, `embedding_text`).
    case cvs = "cvs.parquet"
    /// `jobmatch index`: `job_id` and the embedding with the index's model.
    case jobsEncoded = "jobs_encoded.parquet"
    /// cv_id, embedding: the CVs of `index/cvs.faiss`, encoded as queries with the serving model.
    case cvsEncoded = "cvs_encoded.parquet"
    /// `jobmatch mine-pairs`: mined (CV, job) training pairs.
    case pairs = "pairs.parquet"
    /// `jobmatch feedback export`: training pairs from feedback (the pairs.parquet columns).
    case feedbackPairs = "feedback_pairs.parquet"
}
