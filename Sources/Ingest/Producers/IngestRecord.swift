import Foundation
import JobMatchCore

/// One raw source record as the producers publish it to the `jobs` and `cvs` topics.
///
/// The log record's value is this struct as UTF-8 JSON (snake_case keys, no pretty printing);
/// its key is ``key``, so every record about one posting (its LinkedIn posting, skills and
/// summary rows) lands on one partition. The Processing stage reads these back with
/// ``IngestRecordReader`` and joins them by key.
///
/// | `kind`              | topic  | key           | payload field |
/// | ------------------- | ------ | ------------- | ------------- |
/// | `linkedin_posting`  | `jobs` | `job_link`    | `posting`     |
/// | `linkedin_skills`   | `jobs` | `job_link`    | `job_link`, `skills` |
/// | `linkedin_summary`  | `jobs` | `job_link`    | `job_link`, `summary` |
/// | `indeed_posting`    | `jobs` | the posting's `job_id` | `posting` |
/// | `glassdoor_posting` | `jobs` | the posting's `job_id` | `posting` |
/// | `cv`                | `cvs`  | the CV's `id` | `resume`      |
///
/// Every record also carries `source_file` and `line` (where it was read), so a later reject can
/// point at the input. Example value:
/// ```json
/// {"kind":"linkedin_skills","source_file":"job_skills.csv","line":3,
///  "job_link":"https://www.linkedin.com/jobs/view/123","skills":["Python","SQL"]}
/// ```
/// Each record carries `run`, the number of the ingest run that published it (see ``IngestRun``;
/// absent in logs written before runs were numbered, read as run 0). Consumers keep, per key, the
/// record of the latest run (see `JoinRules` in Processing), so a rerun after a crash, or a
/// corrected file ingested again, replaces what the earlier run published.
public struct IngestRecord: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case linkedinPosting = "linkedin_posting"
        case linkedinSkills = "linkedin_skills"
        case linkedinSummary = "linkedin_summary"
        case indeedPosting = "indeed_posting"
        case glassdoorPosting = "glassdoor_posting"
        case cv
    }

    public var kind: Kind
    /// The input file's name (no folder), e.g. `job_skills.csv`.
    public var sourceFile: String
    /// 1-based line where the record starts in `sourceFile`.
    public var line: Int
    public var posting: JobPosting?
    public var jobLink: String?
    public var skills: [String]?
    public var summary: String?
    public var resume: Resume?
    /// The ingest run that published the record (nil in logs from before runs were numbered).
    public var run: Int?

    public init(
        kind: Kind, sourceFile: String, line: Int, posting: JobPosting? = nil, jobLink: String? = nil,
        skills: [String]? = nil, summary: String? = nil, resume: Resume? = nil, run: Int? = nil
    ) {
        self.kind = kind
        self.sourceFile = sourceFile
        self.line = line
        self.posting = posting
        self.jobLink = jobLink
        self.skills = skills
        self.summary = summary
        self.resume = resume
        self.run = run
    }

    /// The log key: job_link, the posting's id, or the CV id.
    public var key: String {
        switch kind {
        case .linkedinSkills, .linkedinSummary: jobLink ?? ""
        case .linkedinPosting, .indeedPosting, .glassdoorPosting: posting?.jobID ?? ""
        case .cv: resume?.id ?? ""
        }
    }

    /// The topic the record belongs to: `cvs` for CVs, `jobs` for the rest.
    public var topic: String { kind == .cv ? "cvs" : "jobs" }

    enum CodingKeys: String, CodingKey {
        case kind
        case sourceFile = "source_file"
        case line, posting
        case jobLink = "job_link"
        case skills, summary, resume, run
    }
}
