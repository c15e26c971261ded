/// What a processing run did: the closing summary of `jobmatch process`.
public struct ProcessingReport: Sendable {
    public var engine: String = "embedded"
    public var join = JoinCounts()
    /// Postings written to tables/jobs.parquet (after the language filter).
    public var jobsOut = 0
    /// What the written postings had to work with: a summary, canonical skills, neither.
    public var jobsWithSummary = 0
    public var jobsWithSkills = 0
    public var jobsTitleOnly = 0
    public var cvsIn = 0
    public var cvsOut = 0
    /// CVs written with at least one canonical skill.
    public var cvsWithSkills = 0
    /// Rows dropped by reason, join and finishing together (CV reasons prefixed `cv: `).
    public var dropped: [String: Int] = [:]
    /// Rejected input records (bad CSV or JSON rows) by reason category.
    public var rejects: [String: Int] = [:]
    /// Postings by number of canonical skills, in buckets of `histogramWidth` (the last bucket
    /// holds 100 and more).
    public var skillsHistogram = [Int](repeating: 0, count: 21)
    public static let histogramWidth = 5
    public var skillMatches = 0
    /// Canonical skills over all postings written (for the mean).
    public var skillsTotal = 0
    public var seconds = 0.0
    /// Threads that joined and finished the units.
    public var workers = 1
    /// With `--source log`: what was read, per partition, and the ingest runs.
    public var log: LogReadReport?

    public init() {}

    /// Mean canonical skills per written posting.
    public var skillsPerJob: Double { Double(skillsTotal) / Double(max(1, jobsOut)) }

    /// "7622 jobs (99 with a summary, 1231 with skills, 7523 with neither: title and metadata
    /// only), 167 CVs (160 with skills); 0.4 skills per job": what the later stages have to work with.
    public var summaryLine: String {
        "\(jobsOut) jobs (\(jobsWithSummary) with a summary, \(jobsWithSkills) with skills, \(jobsTitleOnly) with neither: title and metadata only), "
            + "\(cvsOut) CVs (\(cvsWithSkills) with skills); \(String(format: "%.1f", skillsPerJob)) skills per job"
    }

    mutating func countSkills(_ n: Int) {
        skillsTotal += n
        skillsHistogram[min(n / Self.histogramWidth, skillsHistogram.count - 1)] += 1
    }
}
