/// What a processing run did: the closing summary of `jobmatch process`.
public struct ProcessingReport: Sendable {
    public var engine: String = "embedded"
    public var join = JoinCounts()
    /// Postings written to tables/jobs.parquet (after the language filter).
    public var jobsOut = 0
    public var cvsIn = 0
    public var cvsOut = 0
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

    mutating func countSkills(_ n: Int) {
        skillsTotal += n
        skillsHistogram[min(n / Self.histogramWidth, skillsHistogram.count - 1)] += 1
    }
}
