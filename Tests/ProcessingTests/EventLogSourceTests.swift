import EventLog
import Foundation
import Ingest
import JobMatchCore
import Testing

@testable import Processing

/// `EventLogSource` hands each kind of ingest record to its pass and sets aside what is broken.
@Suite struct EventLogSourceTests {
    @Test func recordsGoToTheirPassAndBrokenOnesAreRejected() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jm-logsource-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = try EmbeddedLog(directory: folder.path)
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

        let rejects = RejectLog(file: nil)
        let source = EventLogSource(log: log, rejects: rejects)
        var postings: [String] = [], skills: [String] = [], summaries: [String] = [], cvs: [String] = []
        try source.forEachPosting { postings.append($0.title) }
        try source.forEachSkillsRow { skills.append($0 + " " + $1) }
        try source.forEachSummaryRow { summaries.append($1) }
        try source.forEachResume { cvs.append($0.id) }
        #expect(postings == ["Nurse"])
        #expect(skills == [link + " Patient Care, BLS"])
        #expect(summaries == ["Care for patients."])
        #expect(cvs == ["cv-1"])
        let reasons = rejects.first.map(\.reason)
        #expect(reasons.contains("no posting in a linkedin_posting record"))
        #expect(reasons.contains("no job_link or summary in a summary record"))
        #expect(reasons.contains { $0.hasPrefix("not an ingest record") })
        #expect(rejects.first.contains { $0.source == "m.csv" && $0.line == 9 })
    }
}
