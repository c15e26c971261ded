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
    public var log: URL { root.appendingPathComponent("log", isDirectory: true) }
    public var tables: URL { root.appendingPathComponent("tables", isDirectory: true) }
    public var models: URL { root.appendingPathComponent("models", isDirectory: true) }
    public var index: URL { root.appendingPathComponent("index", isDirectory: true) }
    public var reports: URL { root.appendingPathComponent("reports", isDirectory: true) }
    public var rejects: URL { root.appendingPathComponent("rejects", isDirectory: true) }
    public var feedbackDatabase: URL { root.appendingPathComponent("feedback.sqlite") }

    // MARK: Artifacts: every stage's file names are spelled here and nowhere else.

    /// `tables/jobs.parquet`: joined, filtered postings with skills and embedding texts.
    public var jobsTable: URL { tables.appendingPathComponent("jobs.parquet") }
    /// `tables/cvs.parquet`: CVs with skills and embedding texts.
    public var cvsTable: URL { tables.appendingPathComponent("cvs.parquet") }
    /// `tables/jobs_encoded.parquet`: job_id and the job's embedding with the index's model.
    public var jobsEncodedTable: URL { tables.appendingPathComponent("jobs_encoded.parquet") }
    /// `tables/pairs.parquet`: mined (CV, job) training pairs.
    public var pairsTable: URL { tables.appendingPathComponent("pairs.parquet") }
    /// `models/reranker`: the cross-encoder `jobmatch train-reranker` writes and `jobmatch match` reranks with.
    public var rerankerModel: URL { models.appendingPathComponent("reranker", isDirectory: true) }
    /// `index/jobs.faiss`: the job index (FAISS format) and its side file `jobs.faiss.json`.
    public var jobsIndex: URL { index.appendingPathComponent("jobs.faiss") }

    /// A file under `raw/`.
    public func rawFile(_ name: RawFile) -> URL { raw.appendingPathComponent(name.rawValue) }

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
    case labels = "labels.jsonl"
}
