import EventLog
import Foundation
import Ingest
import JobMatchCore
import Testing
@testable import Processing

/// `StreamingJoin`: the jobs topic joined one record at a time, by the batch join's rules.
@Suite struct StreamingJoinTests {
    var offset: Int64 = 0

    mutating func record(_ r: IngestRecord) throws -> ConsumedRecord {
        offset += 1
        return ConsumedRecord(topic: "jobs", partition: 0, offset: offset, key: Array(r.key.utf8), value: Array(try JSONEncoder().encode(r)))
    }

    static func posting(_ id: String, title: String = "Nurse", source: JobSource = .linkedin, time: String = "2024-01-02") -> JobPosting {
        JobPosting(jobID: id, source: source, title: title, lastProcessedTime: time)
    }

    @Test mutating func skillsAndSummaryMayComeBeforeOrAfterThePostingAndEachLaterOneIsACorrection() throws {
        let join = StreamingJoin()
        var rejects = 0
        // Skills first: no posting yet, nothing changes.
        #expect(join.add(try record(IngestRecord(kind: .linkedinSkills, sourceFile: "s", line: 2, jobLink: "a", skills: ["triage"], run: 1)),
                         reject: { _, _ in rejects += 1 }) == nil)
        #expect(join.joined("a") == nil)
        #expect(join.add(try record(IngestRecord(kind: .linkedinPosting, sourceFile: "p", line: 2, posting: Self.posting("a"), run: 1)),
                         reject: { _, _ in rejects += 1 }) == "a")
        guard case .success(let first)? = join.joined("a") else { Issue.record("no joined posting"); return }
        #expect(first.skillsListed == ["triage"] && first.summary == nil)
        // The summary arrives later: a correction of "a".
        #expect(join.add(try record(IngestRecord(kind: .linkedinSummary, sourceFile: "m", line: 2, jobLink: "a", summary: "ICU work", run: 1)),
                         reject: { _, _ in rejects += 1 }) == "a")
        guard case .success(let second)? = join.joined("a") else { Issue.record("no joined posting"); return }
        #expect(second.summary == "ICU work" && second.skillsListed == ["triage"])
        // An older listing of the same posting (earlier last_processed_time, same run) changes nothing.
        #expect(join.add(try record(IngestRecord(kind: .linkedinPosting, sourceFile: "p", line: 3, posting: Self.posting("a", title: "Old", time: "2023-01-01"), run: 1)),
                         reject: { _, _ in rejects += 1 }) == nil)
        // A later ingest run wins whatever its content.
        #expect(join.add(try record(IngestRecord(kind: .linkedinPosting, sourceFile: "p", line: 2, posting: Self.posting("a", title: "Head Nurse", time: "2020-01-01"), run: 2)),
                         reject: { _, _ in rejects += 1 }) == "a")
        guard case .success(let third)? = join.joined("a") else { Issue.record("no joined posting"); return }
        #expect(third.title == "Head Nurse" && third.summary == "ICU work")
        #expect(rejects == 0)
    }

    @Test mutating func boardPostingsTakeNoSkillsRowsAndBadValuesAreRejected() throws {
        let join = StreamingJoin()
        #expect(join.add(try record(IngestRecord(kind: .indeedPosting, sourceFile: "i", line: 2, posting: Self.posting("indeed:1", source: .indeed))),
                         reject: { _, _ in }) == "indeed:1")
        #expect(join.add(try record(IngestRecord(kind: .linkedinSkills, sourceFile: "s", line: 2, jobLink: "indeed:1", skills: ["x"])),
                         reject: { _, _ in }) == nil)
        var rejected: [Rejection] = []
        #expect(join.add(ConsumedRecord(topic: "jobs", partition: 1, offset: 7, key: [], value: Array("not json".utf8)),
                         reject: { r, _ in rejected.append(r) }) == nil)
        #expect(rejected.count == 1 && rejected[0].source == "jobs/1" && rejected[0].line == 7)
        // The join's filters apply: a posting without a title is dropped with the reason.
        #expect(join.add(try record(IngestRecord(kind: .linkedinPosting, sourceFile: "p", line: 4, posting: Self.posting("b", title: " "))),
                         reject: { _, _ in }) == "b")
        #expect(join.joined("b").map { if case .failure(let d) = $0 { d.reason } else { "" } } == "missing title")
    }
}
