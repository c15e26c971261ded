import EventLog
import Foundation
import Ingest
import JobMatchCore
import Parquet
import Testing

@testable import Processing

/// Processing from the event log: the last record of a key wins across ingest runs, the group
/// commits only after the tables are durable, an incomplete ingest run is refused, and the
/// tables do not depend on the worker count or the unit size.
@Suite(.serialized) struct LogSemanticsTests {
    static let header = "job_link,last_processed_time,got_summary,got_ner,is_being_worked,job_title,company,job_location,first_seen,search_city,search_country,search_position,job_level,job_type"
    static let linkA = "https://www.linkedin.com/jobs/view/nurse-a"
    static let linkB = "https://www.linkedin.com/jobs/view/clerk-b"

    /// Writes a tiny raw folder: postings A and B, A's skills and summary, one CV.
    static func writeRaw(_ ws: Workspace, titleA: String, skillsA: String, summaryA: String, cvText: String) throws {
        try FileManager.default.createDirectory(at: ws.raw, withIntermediateDirectories: true)
        let t = "2024-01-19 09:00:00.1+00"
        try """
        \(header)
        \(linkA),\(t),t,t,f,\(titleA),Mercy Hospital,"Austin, TX",2024-01-12,Austin,United States,Nurse,Mid senior,Onsite
        \(linkB),\(t),t,t,f,Records Clerk,City Office,"Dallas, TX",2024-01-12,Dallas,United States,Clerk,Associate,Onsite

        """.write(to: ws.rawFile(.linkedinPostings), atomically: true, encoding: .utf8)
        try "job_link,job_skills\n\(linkA),\"\(skillsA)\"\n".write(to: ws.rawFile(.linkedinSkills), atomically: true, encoding: .utf8)
        try "job_link,job_summary\n\(linkA),\"\(summaryA)\"\n".write(to: ws.rawFile(.linkedinSummaries), atomically: true, encoding: .utf8)
        try "{\"id\":\"cv-1\",\"text\":\"\(cvText)\"}\n".write(to: ws.rawFile(.cvs), atomically: true, encoding: .utf8)
    }

    static func ingest(_ ws: Workspace, configure: (SourceProducer) -> Void = { _ in }) throws -> SourceProducer.Report {
        let log = try EmbeddedLog(directory: ws.log.path)
        let producer = SourceProducer(log: log, rejects: RejectLog(file: nil))
        configure(producer)
        return try producer.publish(workspace: ws)
    }

    static func processLog(_ ws: Workspace, _ configure: (inout ProcessingOptions) -> Void = { _ in }) throws -> ProcessingReport {
        var o = ProcessingOptions()
        configure(&o)
        let log = try EmbeddedLog(directory: ws.log.path)
        return try ProcessingPipeline(options: o).run(workspace: ws, log: log)
    }

    static func rows(_ ws: Workspace, _ table: String, key: String) throws -> [String: [String: String]] {
        let rows = try TableRows.read(ws.tables.appendingPathComponent("\(table).parquet"), key: key)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0[key]!, $0) })
    }

    /// Each corrected value is one the old rules kept the other way: a greater title at the same
    /// last_processed_time (the dedupe order keeps the smaller), smaller skills and summary (Spark's
    /// `max` kept the greater), a second CV with the same id (the first was kept).
    @Test func aCorrectedFileIngestedAgainReplacesTheOldRecords() throws {
        let ws = Workspace(TestPaths.tempFolder().path)
        defer { try? FileManager.default.removeItem(at: ws.root) }
        try Self.writeRaw(ws, titleA: "Nurse", skillsA: "Patient Care, Triage", summaryA: "Care for patients.", cvText: "Registered nurse")
        #expect(try Self.ingest(ws).run == 1)
        _ = try Self.processLog(ws)
        var jobs = try Self.rows(ws, "jobs", key: "job_id")
        #expect(jobs["\"\(Self.linkA)\""]?["title"] == "\"Nurse\"")

        try Self.writeRaw(ws, titleA: "Senior Nurse", skillsA: "BLS", summaryA: "A corrected summary.", cvText: "Corrected CV text")
        let second = try Self.ingest(ws)
        #expect(second.run == 2 && !second.skipped)
        let report = try Self.processLog(ws)
        jobs = try Self.rows(ws, "jobs", key: "job_id")
        let a = try #require(jobs["\"\(Self.linkA)\""])
        #expect(a["title"] == "\"Senior Nurse\"")
        #expect(a["skills_listed"] == "[\"BLS\"]")
        #expect(a["summary"] == "\"A corrected summary.\"")
        #expect(jobs.count == 2)
        let cvs = try Self.rows(ws, "cvs", key: "cv_id")
        #expect(cvs["\"cv-1\""]?["text"] == "\"Corrected CV text\"")
        #expect(report.dropped["replaced by a later ingest run"] == 2)
        #expect(report.dropped["cv: duplicate id"] == 1)
        #expect(report.log?.runs.map(\.run) == [1, 2])

        // The raw files of the second run give the same tables.
        let fromLog = try TableRows.read(ws.tables.appendingPathComponent("jobs.parquet"), key: "job_id")
        _ = try ProcessingPipeline(options: ProcessingOptions()).run(workspace: ws)
        #expect(try TableRows.read(ws.tables.appendingPathComponent("jobs.parquet"), key: "job_id") == fromLog)
    }

    /// Within one raw file, the last skills / summary row of a job_link and the last CV of an id win.
    @Test func theLastRowOfAKeyInAFileWins() throws {
        let ws = Workspace(TestPaths.tempFolder().path)
        defer { try? FileManager.default.removeItem(at: ws.root) }
        try Self.writeRaw(ws, titleA: "Nurse", skillsA: "Triage", summaryA: "Zz first.", cvText: "First")
        let s = ws.rawFile(.linkedinSkills), m = ws.rawFile(.linkedinSummaries), c = ws.rawFile(.cvs)
        try (String(contentsOf: s, encoding: .utf8) + "\(Self.linkA),\"BLS\"\n").write(to: s, atomically: true, encoding: .utf8)
        try (String(contentsOf: m, encoding: .utf8) + "\(Self.linkA),\"Aa last.\"\n").write(to: m, atomically: true, encoding: .utf8)
        try (String(contentsOf: c, encoding: .utf8) + "{\"id\":\"cv-1\",\"text\":\"Last\"}\n").write(to: c, atomically: true, encoding: .utf8)
        for fromLog in [false, true] {
            if fromLog {
                _ = try Self.ingest(ws)
                _ = try Self.processLog(ws)
            } else {
                _ = try ProcessingPipeline(options: ProcessingOptions()).run(workspace: ws)
            }
            let a = try #require(try Self.rows(ws, "jobs", key: "job_id")["\"\(Self.linkA)\""])
            #expect(a["skills_listed"] == "[\"BLS\"]", "from log: \(fromLog)")
            #expect(a["summary"] == "\"Aa last.\"", "from log: \(fromLog)")
            #expect(try Self.rows(ws, "cvs", key: "cv_id")["\"cv-1\""]?["text"] == "\"Last\"", "from log: \(fromLog)")
        }
    }

    /// The offsets of group `processing` are committed after the tables are switched in, and not
    /// at all when writing them fails; a second run reads the whole log again and reports nothing new.
    @Test func theGroupCommitsOnlyAfterTheTablesAreDurable() throws {
        let ws = Workspace(TestPaths.tempFolder().path)
        defer { try? FileManager.default.removeItem(at: ws.root) }
        try Self.writeRaw(ws, titleA: "Nurse", skillsA: "Triage", summaryA: "Care.", cvText: "RN")
        _ = try Self.ingest(ws)
        let offsets = ws.log.appendingPathComponent("__consumer_offsets/processing.json")
        let failing = FailingRename(suffix: "cvs.parquet.next")
        #expect(throws: (any Error).self) {
            try DurableFile.$fileSystem.withValue(failing) { _ = try Self.processLog(ws) }
        }
        #expect(!FileManager.default.fileExists(atPath: offsets.path), "nothing committed when the tables were not written")

        let first = try Self.processLog(ws)
        #expect(FileManager.default.fileExists(atPath: offsets.path))
        let log = try #require(first.log)
        #expect(log.committed && log.partitions.allSatisfy { $0.committedBefore == nil })
        #expect(log.partitions.reduce(0) { $0 + $1.records } == 5)  // 2 postings, a skills and a summary row; 1 CV
        do {
            let eventLog = try EmbeddedLog(directory: ws.log.path)
            let consumer = try eventLog.makeConsumer(group: "processing", topics: ["jobs", "cvs", IngestRun.topic])
            let batch = try consumer.poll(maxRecords: 100)
            #expect(batch.records.isEmpty && batch.atEnd, "the group is at the end of every partition")
        }
        let second = try #require(try Self.processLog(ws).log)
        #expect(second.partitions.map(\.records) == log.partitions.map(\.records), "the whole log is read again")
        #expect(second.partitions.allSatisfy { $0.committedBefore == $0.endOffset })
    }

    /// An ingest run that failed halfway (records acknowledged, no completion record) is refused,
    /// processed only on request, and a new complete run clears it.
    @Test func anIncompleteIngestRunIsRefused() throws {
        let ws = Workspace(TestPaths.tempFolder().path)
        defer { try? FileManager.default.removeItem(at: ws.root) }
        try Self.writeRaw(ws, titleA: "Nurse", skillsA: "Triage", summaryA: "Care.", cvText: "RN")
        struct Killed: Error {}
        #expect(throws: Killed.self) {
            _ = try Self.ingest(ws) { $0.afterRecords = (2, { throw Killed() }) }
        }
        do {
            let runs = try IngestRun.read(log: try EmbeddedLog(directory: ws.log.path))
            #expect(runs.map(\.run) == [1] && runs[0].completed == false)
        }
        #expect(throws: ProcessingError.self) { _ = try Self.processLog(ws) }
        do {
            _ = try Self.processLog(ws)
        } catch let error as ProcessingError {
            #expect(error.kind == .incompleteInput && error.message.contains("ingest run 1 has no completion record"))
        }
        let partial = try Self.processLog(ws) { $0.allowIncompleteRun = true }
        #expect(partial.log?.runs.last?.completed == false && partial.log?.partitions.reduce(0, { $0 + $1.records }) == 2)

        let rerun = try Self.ingest(ws)  // the same files, but the latest run is incomplete: published again
        #expect(rerun.run == 2 && !rerun.skipped)
        let report = try Self.processLog(ws)
        #expect(report.log?.runs.map(\.completed) == [false, true] && report.jobsOut == 2)
    }

    /// The tables do not depend on the worker count nor on whether a log partition is joined in
    /// memory or spilled and split: 1 and 2 workers give the same bytes; tiny units the same rows.
    @Test func workersAndUnitSizesGiveTheSameTables() throws {
        let ws = try ProcessingPipelineTests.workspace(jobs: 120, cvs: 10, seed: 11)
        defer { try? FileManager.default.removeItem(at: ws.root) }
        _ = try Self.ingest(ws)
        func bytes() throws -> [Data] {
            try ["jobs", "cvs"].map { try Data(contentsOf: ws.tables.appendingPathComponent("\($0).parquet")) }
        }
        for fromLog in [false, true] {
            func run(_ workers: Int, unitBytes: Int, partitions: Int? = nil) throws -> ProcessingReport {
                var o = ProcessingOptions()
                o.workers = workers
                o.unitBytes = unitBytes
                o.partitions = partitions
                if fromLog { return try ProcessingPipeline(options: o).run(workspace: ws, log: try EmbeddedLog(directory: ws.log.path)) }
                return try ProcessingPipeline(options: o).run(workspace: ws)
            }
            // 64 KiB units: the raw files and the log partitions (~100 KiB each) spill.
            _ = try run(1, unitBytes: 1 << 16)
            let one = try bytes()
            let rowsSmall = try TableRows.read(ws.tables.appendingPathComponent("jobs.parquet"), key: "job_id")
            let two = try run(2, unitBytes: 1 << 16)
            #expect(two.workers == 2)
            #expect(try bytes() == one, "from log: \(fromLog)")
            _ = try run(2, unitBytes: 32 << 20)
            #expect(try TableRows.read(ws.tables.appendingPathComponent("jobs.parquet"), key: "job_id") == rowsSmall, "from log: \(fromLog)")
            // One spill file per group, over twice the unit size: split again when loaded.
            _ = try run(2, unitBytes: 1 << 16, partitions: 1)
            #expect(try TableRows.read(ws.tables.appendingPathComponent("jobs.parquet"), key: "job_id") == rowsSmall, "from log: \(fromLog)")
        }
    }
}

/// A file system whose rename into a name ending in `suffix` fails (a disk error while a table
/// is being written).
struct FailingRename: DurableFileSystem {
    let suffix: String
    struct Failure: Error {}

    func sync(_ path: String) throws { try PosixFileSystem().sync(path) }

    func rename(_ from: String, _ to: String) throws {
        if to.hasSuffix(suffix) { throw Failure() }
        try PosixFileSystem().rename(from, to)
    }
}
