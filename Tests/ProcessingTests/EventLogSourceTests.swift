import EventLog
import Foundation
import Ingest
import JobMatchCore
import Testing

@testable import Processing

/// Processing from the log hands each kind of ingest record to the join and sets aside what is broken.
@Suite struct EventLogSourceTests {
    @Test func recordsAreJoinedAndBrokenOnesAreRejected() throws {
        let ws = Workspace(TestPaths.tempFolder().path)
        defer { try? FileManager.default.removeItem(at: ws.root) }
        let log = try EmbeddedLog(directory: ws.log.path)
        for topic in ["jobs", "cvs"] { try log.createTopic(topic, partitions: 3) }
        let producer = try log.makeProducer()
        let encoder = JSONEncoder()
        let link = "https://www.linkedin.com/jobs/view/nurse-1"
        let good = [
            IngestRecord(kind: .linkedinPosting, sourceFile: "p.csv", line: 2, posting: JobPosting(jobID: link, source: .linkedin, title: "Nurse")),
            IngestRecord(kind: .linkedinSkills, sourceFile: "s.csv", line: 2, jobLink: link, skills: ["Patient Care", "BLS"]),
            IngestRecord(kind: .linkedinSummary, sourceFile: "m.csv", line: 2, jobLink: link, summary: "Care for patients."),
            IngestRecord(kind: .cv, sourceFile: "cvs.jsonl", line: 1, resume: Resume(id: "cv-1", text: "RN")),
        ]
        let broken = [
            IngestRecord(kind: .linkedinPosting, sourceFile: "p.csv", line: 3),  // no posting
            IngestRecord(kind: .linkedinSummary, sourceFile: "m.csv", line: 9, jobLink: link),  // no summary
        ]
        for record in good + broken {
            try producer.send(topic: record.topic, key: Array(record.key.utf8), value: Array(try encoder.encode(record)))
        }
        try producer.send(topic: "jobs", key: Array("x".utf8), value: Array("not json".utf8))
        try producer.flush()

        let report = try ProcessingPipeline(options: ProcessingOptions()).run(workspace: ws, log: log)
        let jobs = try TableRows.read(ws.tables.appendingPathComponent("jobs.parquet"), key: "job_id")
        #expect(jobs.map { $0["title"]! } == ["\"Nurse\""])
        #expect(jobs.first?["skills_listed"] == "[\"Patient Care\",\"BLS\"]")
        #expect(jobs.first?["summary"] == "\"Care for patients.\"")
        #expect(report.cvsOut == 1)
        #expect(report.log?.runs.isEmpty == true, "a log written without run records is read, and says so")
        let lines = try String(contentsOf: ws.rejects.appendingPathComponent("process.jsonl"), encoding: .utf8).split(separator: "\n")
        let rejects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let reasons = rejects.map { $0["reason"] as! String }
        #expect(reasons.contains("no posting in a linkedin_posting record"))
        #expect(reasons.contains("no job_link or summary in a summary record"))
        #expect(reasons.contains { $0.hasPrefix("not an ingest record") })
        #expect(rejects.contains { $0["source"] as? String == "m.csv" && $0["line"] as? Int == 9 })
    }
}
