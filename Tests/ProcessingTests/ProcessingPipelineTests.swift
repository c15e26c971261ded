import DataGenerator
import Foundation
import Ingest
import JobMatchCore
import Parquet
import Testing
@testable import Processing

/// The join and filter on generated data, and both engines giving the same rows.
@Suite(.serialized) struct ProcessingPipelineTests {
    /// A generated workspace (seeded), one per call.
    static func workspace(jobs: Int = 300, cvs: Int = 20, seed: UInt64 = 7) throws -> Workspace {
        let ws = Workspace(TestPaths.tempFolder().path)
        _ = try DatasetGenerator(config: .init(jobs: jobs, cvs: cvs, seed: seed, boardJobs: 40)).write(to: ws)
        return ws
    }

    static func process(_ ws: Workspace, _ configure: (inout ProcessingOptions) -> Void = { _ in }) throws -> ProcessingReport {
        var o = ProcessingOptions()
        configure(&o)
        return try ProcessingPipeline(options: o).run(workspace: ws)
    }

    @Test func writesBothTablesWithJoinedRows() throws {
        let ws = try Self.workspace()
        let report = try Self.process(ws)
        let jobs = try TableRows.read(ws.tables.appendingPathComponent("jobs.parquet"), key: "job_id")
        let cvs = try TableRows.read(ws.tables.appendingPathComponent("cvs.parquet"), key: "cv_id")
        #expect(jobs.count == report.jobsOut && cvs.count == report.cvsOut && cvs.count == 20)
        #expect(Set(jobs.map { $0["job_id"]! }).count == jobs.count, "job_id is unique after dedupe")
        #expect(report.dropped["duplicate job_link", default: 0] > 0)
        #expect(report.join.withoutSummaryRow + report.join.withoutSkillsRow > 0, "generated data has missing parts")
        #expect(Set(jobs.map { $0["source"]! }) == ["\"linkedin\"", "\"indeed\"", "\"glassdoor\""])
        for row in jobs {
            // The default template: the title first, no prompt (the model adds its own when encoding).
            #expect(row["embedding_text"]!.hasPrefix(String(row["title"]!.dropLast()) + "."), "\(row["embedding_text"]!)")
            #expect(!row["title"]!.contains("&amp;") && !row["title"]!.contains("<"))
        }
        // A posting without a summary row keeps a null summary (left join), not a dropped row.
        #expect(jobs.contains { $0["summary"] == "null" && $0["source"] == "\"linkedin\"" })
        #expect(cvs.allSatisfy { !$0["embedding_text"]!.hasPrefix("\"query: ") && $0["embedding_text"]!.count > 20 })
    }

    @Test func dedupeKeepsTheLatestProcessedRow() throws {
        let a = JobPosting(jobID: "x", source: .linkedin, title: "Old", lastProcessedTime: "2024-01-19 09:00:00.1+00")
        let b = JobPosting(jobID: "x", source: .linkedin, title: "New", lastProcessedTime: "2024-01-21 07:12:29.00256+00")
        #expect(DedupeOrder.prefers(b, over: a) && !DedupeOrder.prefers(a, over: b))
        let c = JobPosting(jobID: "x", source: .linkedin, title: "A", lastProcessedTime: nil)
        #expect(DedupeOrder.prefers(a, over: c))
    }

    @Test func filtersAndPartitionCountsGiveTheSameRows() throws {
        let ws = try Self.workspace(jobs: 200, cvs: 5)
        _ = try Self.process(ws) { $0.partitions = 1 }
        let one = try TableRows.read(ws.tables.appendingPathComponent("jobs.parquet"), key: "job_id")
        _ = try Self.process(ws) { $0.partitions = 7 }
        let seven = try TableRows.read(ws.tables.appendingPathComponent("jobs.parquet"), key: "job_id")
        #expect(one == seven)
        let filtered = try Self.process(ws) {
            $0.join = JoinOptions(country: "united states", requireSummary: true)
            $0.language = "en"
        }
        let rows = try TableRows.read(ws.tables.appendingPathComponent("jobs.parquet"), key: "job_id")
        #expect(rows.count == filtered.jobsOut && rows.count < one.count)
        #expect(rows.allSatisfy { $0["country"] == "\"United States\"" && $0["summary"] != "null" && $0["language"] == "\"en\"" })
        #expect(filtered.dropped["other country", default: 0] > 0)
    }

    @Test func missingRawFolderIsAOneLineError() throws {
        let ws = Workspace(TestPaths.tempFolder().path)
        #expect(throws: ProcessingError.self) { try Self.process(ws) }
    }

    /// Malformed rows appended to the three LinkedIn files: a field too few, a field too many, a
    /// blank job_link. Both engines must reject each of them, counted by reason.
    static let badRows: [(file: String, row: String)] = [
        ("linkedin_job_postings.csv", #""https://bad/short","2024-01-21 07:12:29.00256+00","t""#),
        ("linkedin_job_postings.csv", #""https://bad/long","a","b","c","d","e","f","g","h","i","j","k","l","m","n""#),
        ("linkedin_job_postings.csv", #"" ","2024-01-21 07:12:29.00256+00","t","t","Nurse","Acme","Paris","2024-01-20","Paris","France","Nurse","Mid senior","Onsite","Full-time""#),
        ("job_skills.csv", #""https://bad/skills","Python","SQL""#),
        ("job_summary.csv", #""https://bad/summary-only-one-field""#),
    ]

    /// One input, both engines: identical jobs tables (sorted by job_id), and the same malformed
    /// rows rejected (`badRows`). Needs the venv's pyspark (scripts/setup.sh) and Java 17.
    @Test func sparkAndEmbeddedEnginesGiveIdenticalRows() throws {
        let ws = try Self.workspace(jobs: 300, cvs: 5, seed: 21)
        for (file, row) in Self.badRows {
            let handle = try FileHandle(forWritingTo: ws.raw.appendingPathComponent(file))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data((row + "\n").utf8))
            try handle.close()
        }
        let url = ws.tables.appendingPathComponent("jobs.parquet")
        let embedded = try Self.process(ws) { $0.join = JoinOptions(country: "United States", requireSummary: true) }
        let embeddedRows = try TableRows.read(url, key: "job_id")
        let spark = try Self.process(ws) {
            $0.join = JoinOptions(country: "United States", requireSummary: true)
            $0.engine = .spark
            $0.sparkShufflePartitions = 4
        }
        let sparkRows = try TableRows.read(url, key: "job_id")
        #expect(embedded.jobsOut == spark.jobsOut && embeddedRows.count > 100)
        #expect(embeddedRows == sparkRows)
        for (a, b) in zip(embeddedRows, sparkRows) where a != b {
            Issue.record("first differing row \(a["job_id"]!): \(a.filter { b[$0.key] != $0.value }.keys.sorted())")
            break
        }
        #expect(embedded.dropped == spark.dropped)
        #expect(embedded.join.withoutSkillsRow == spark.join.withoutSkillsRow)
        #expect(embedded.join.withoutSummaryRow == spark.join.withoutSummaryRow)
        // Rejected rows: the same number, and the blank key under the same reason.
        #expect(embedded.rejects.values.reduce(0, +) == Self.badRows.count, "\(embedded.rejects)")
        #expect(spark.rejects.values.reduce(0, +) == Self.badRows.count, "\(spark.rejects)")
        #expect(embedded.rejects["empty job_link"] == 1 && spark.rejects["empty job_link"] == 1)
    }
}
