import Foundation
import Parquet
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

    /// Reads the jobs table.
    /// - Throws: `MatchingError` naming the file when it is missing or lacks a column.
    public init(table url: URL) throws {
        let reader: ParquetReader
        do { reader = try ParquetReader(url: url) } catch {
            throw MatchingError(.io, path: url.path, "cannot read the jobs table: \(error) (run `jobmatch process` first)")
        }
        let columns = ["job_id", "title", "company", "location", "country", "level", "type", "url", "skills"]
        for c in columns where reader.schema.index(of: c) == nil {
            throw MatchingError(.inconsistent, path: url.path, "no column '\(c)'")
        }
        var jobs: [Job] = []
        jobs.reserveCapacity(reader.rowCount)
        do {
            for g in reader.rowGroups.indices {
                let b = try reader.readRowGroup(g, columns: columns)
                let ids = try b["job_id"]!.strings(), titles = try b["title"]!.strings()
                let company = try b["company"]!.strings(), location = try b["location"]!.strings()
                let country = try b["country"]!.strings(), level = try b["level"]!.strings(), type = try b["type"]!.strings()
                let urls = try b["url"]!.strings(), skills = try b["skills"]!.stringLists()
                for r in 0..<b.rowCount {
                    jobs.append(Job(jobID: ids[r] ?? "", title: titles[r] ?? "", company: company[r], location: location[r],
                                    country: country[r], level: level[r], type: type[r], url: urls[r],
                                    skills: (skills[r] ?? []).compactMap { $0 }))
                }
            }
        } catch let e as MatchingError {
            throw e
        } catch {
            throw MatchingError(.io, path: url.path, "\(error)")
        }
        self.init(jobs: jobs)
    }

    /// IDF of each skill over all jobs (`SkillIDF`: ln((N + 1) / (df + 1)) + 1).
    public func skillIDF() -> SkillIDF { SkillIDF(documents: jobs.lazy.map(\.skills)) }
}
