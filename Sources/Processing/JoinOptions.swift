import Enrichment
import Foundation
import JobMatchCore

/// The filters of the join, the same in both engines: ``dropReason(_:)`` is the embedded
/// engine's, and `SparkJoinScript` writes the same three tests (in the same order) as SQL.
/// The table writer's later drops (a title that normalises to nothing, `--language`) are in
/// `JobFinisher`, shared by both engines.
public struct JoinOptions: Sendable, Equatable, Codable {
    /// Keep only postings whose country equals this (case-insensitive); nil keeps all.
    public var country: String?
    /// Drop postings without a summary.
    public var requireSummary: Bool

    public init(country: String? = nil, requireSummary: Bool = false) {
        self.country = country
        self.requireSummary = requireSummary
    }

    /// Why a joined row is filtered out, or nil to keep it.
    func dropReason(_ p: JobPosting) -> String? {
        if p.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return "missing title" }
        if let c = country, p.country?.lowercased() != c.lowercased() { return "other country" }
        if requireSummary, (p.summary ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return "missing summary"
        }
        return nil
    }
}

/// Counts of what the join did; `dropped` is keyed by reason.
public struct JoinCounts: Sendable, Equatable {
    public var postingRows = 0
    public var skillsRows = 0
    public var summaryRows = 0
    public var rowsOut = 0
    public var withoutSkillsRow = 0
    public var withoutSummaryRow = 0
    public var dropped: [String: Int] = [:]
    /// Input rows the engine rejected itself, by reason (the Spark engine reads the LinkedIn CSVs
    /// itself, so its rejects are counted here; the embedded engine's go to the `RejectLog`).
    public var rejected: [String: Int] = [:]

    public init() {}

    /// Adds `other`'s counts to these.
    public mutating func add(_ other: JoinCounts) {
        postingRows += other.postingRows
        skillsRows += other.skillsRows
        summaryRows += other.summaryRows
        rowsOut += other.rowsOut
        withoutSkillsRow += other.withoutSkillsRow
        withoutSummaryRow += other.withoutSummaryRow
        for (k, v) in other.dropped { dropped[k, default: 0] += v }
        for (k, v) in other.rejected { rejected[k, default: 0] += v }
    }
}

/// Which of two rows with the same job_link survives deduplication: the latest
/// last_processed_time (nil oldest), then the smaller title, company, location, country, level,
/// type, first_seen, url (nil smallest) — a total order both engines apply (`SparkJoin` writes it
/// as `ORDER BY` in SQL).
enum DedupeOrder {
    static func prefers(_ a: JobPosting, over b: JobPosting) -> Bool {
        if a.lastProcessedTime != b.lastProcessedTime {
            return (a.lastProcessedTime ?? "") > (b.lastProcessedTime ?? "") || b.lastProcessedTime == nil && a.lastProcessedTime != nil
        }
        let keysA: [String?] = [a.title, a.company, a.location, a.country, a.level, a.type, a.firstSeen, a.url]
        let keysB: [String?] = [b.title, b.company, b.location, b.country, b.level, b.type, b.firstSeen, b.url]
        for (x, y) in zip(keysA, keysB) where x != y {
            guard let x else { return true }
            guard let y else { return false }
            return x.utf8.lexicographicallyPrecedes(y.utf8)
        }
        return false
    }
}
