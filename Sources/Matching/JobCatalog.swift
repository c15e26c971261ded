import Foundation
import Tables
import Skills

/// What a match shows and filters on for each job, loaded once from `tables/jobs.parquet`
/// (projected columns only: no summaries, no embedding texts), in table order — the order of
/// `tables/jobs_encoded.parquet`, whose row numbers the index stores.
public struct JobCatalog: Sendable {
    public struct Job: Sendable, Codable, Equatable {
        public var jobID: String
        public var title: String
        public var company: String?
        public var location: String?
        public var country: String?
        public var level: String?
        public var type: String?
        public var url: String?
        /// Canonical skill ids, as processing found them (listed first, then from the summary).
        public var skills: [String]

        public init(jobID: String, title: String, company: String? = nil, location: String? = nil, country: String? = nil,
                    level: String? = nil, type: String? = nil, url: String? = nil, skills: [String] = []) {
            self.jobID = jobID
            self.title = title
            self.company = company
            self.location = location
            self.country = country
            self.level = level
            self.type = type
            self.url = url
            self.skills = skills
        }

        /// Whether the job is remote: its location or its type says so.
        public var isRemote: Bool {
            location?.lowercased().contains("remote") == true || type?.lowercased().contains("remote") == true
        }
    }

    public let jobs: [Job]
    public let rowByID: [String: Int]

    public var count: Int { jobs.count }

    public init(jobs: [Job]) {
        self.jobs = jobs
        var m: [String: Int] = [:]
        m.reserveCapacity(jobs.count)
        for (i, j) in jobs.enumerated() where m[j.jobID] == nil { m[j.jobID] = i }
        rowByID = m
    }

    /// Reads the jobs table (`JobsTable`, the columns a match shows and filters on).
    /// - Throws: `TablesError` naming the file when it is missing or lacks a column.
    public init(table url: URL) throws {
        let rows = try JobsTable.read(url, columns: [.jobID, .title, .company, .location, .country, .level, .type, .url, .skills])
        self.init(jobs: rows.map {
            Job(jobID: $0.jobID, title: $0.title, company: $0.company, location: $0.location, country: $0.country,
                level: $0.level, type: $0.type, url: $0.url, skills: $0.skills)
        })
    }

    /// IDF of each skill over all jobs (`SkillIDF`: ln((N + 1) / (df + 1)) + 1).
    public func skillIDF() -> SkillIDF { SkillIDF(documents: jobs.lazy.map(\.skills)) }
}
