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

    /// A snapshot holds what the join holds: a join restored from it and fed the records that came
    /// after gives every posting the join fed all the records gives (stamps included: an older
    /// record after the snapshot still loses, a later run still wins).
    @Test mutating func aJoinRestoredFromItsSnapshotAndFedTheRestEqualsTheJoinFedEverything() throws {
        var records: [ConsumedRecord] = []
        for i in 0..<40 {
            let id = "job-\(i % 5)"  // every job gets every kind of record, in several orders
            let run = 1 + (i / 15) % 2  // the last ten come from an older ingest run than the snapshot holds: they lose
            switch i % 4 {
            case 0: records.append(try record(IngestRecord(kind: .linkedinPosting, sourceFile: "p", line: i, posting: Self.posting(id, title: "T\(i)", time: "2024-01-\(10 + i % 9)"), run: run)))
            case 1: records.append(try record(IngestRecord(kind: .linkedinSkills, sourceFile: "s", line: i, jobLink: id, skills: ["s\(i)", "triage"], run: run)))
            case 2: records.append(try record(IngestRecord(kind: .linkedinSummary, sourceFile: "m", line: i, jobLink: id, summary: "Summary \(i) — ünïcode", run: run)))
            default: records.append(try record(IngestRecord(kind: .glassdoorPosting, sourceFile: "g", line: i, posting: Self.posting("glassdoor:\(i)", source: .glassdoor))))
            }
        }
        let whole = StreamingJoin(), before = StreamingJoin()
        for r in records { whole.add(r) { _, _ in } }
        for r in records.prefix(23) { before.add(r) { _, _ in } }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("join-\(UUID().uuidString)/join-state.bin")
        try before.writeSnapshot(to: url, topic: "jobs", positions: [0: records[22].offset + 1])
        // Read in chunks of 13 bytes: records cut at every place a chunk can cut them.
        let snapshot = try #require(try StreamingJoin.readSnapshot(url, topic: "jobs", chunkBytes: 13))
        #expect(snapshot.positions == [0: records[22].offset + 1] && snapshot.count == before.count)
        let restored = StreamingJoin()
        restored.restore(from: snapshot)
        for r in records.dropFirst(23) { restored.add(r) { _, _ in } }
        let ids = (0..<5).map { "job-\($0)" } + (0..<40).map { "glassdoor:\($0)" }
        #expect(restored.count == whole.count)
        var compared = 0
        for id in ids {
            let a = whole.joined(id), b = restored.joined(id)
            #expect(a == b, "\(id): \(String(describing: a)) after everything, \(String(describing: b)) restored")
            if a != nil { compared += 1 }
        }
        #expect(compared == 15)
    }

    /// A damaged, cut-off or foreign snapshot is an error naming the file and what is wrong (the
    /// watch then reads the log instead); no file is nil.
    @Test func aDamagedSnapshotIsAnErrorNamingTheFile() throws {
        let join = StreamingJoin()
        var offset: Int64 = 0
        for i in 0..<3 {
            offset += 1
            let r = IngestRecord(kind: .linkedinPosting, sourceFile: "p", line: i, posting: Self.posting("j\(i)"), run: 1)
            join.add(ConsumedRecord(topic: "jobs", partition: 0, offset: offset, key: Array(r.key.utf8), value: Array(try JSONEncoder().encode(r)))) { _, _ in }
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("join-bad-\(UUID().uuidString)")
        let url = folder.appendingPathComponent("join-state.bin")
        #expect(try StreamingJoin.readSnapshot(url, topic: "jobs") == nil)
        try join.writeSnapshot(to: url, topic: "jobs", positions: [0: 4])
        let good = try Data(contentsOf: url)
        #expect(try StreamingJoin.readSnapshot(url, topic: "jobs")?.count == 3)
        func damaged(_ bytes: Data, _ expected: String) throws {
            try bytes.write(to: url)
            do {
                _ = try StreamingJoin.readSnapshot(url, topic: "jobs")
                Issue.record("read a snapshot damaged so: \(expected)")
            } catch {
                #expect("\(error)".contains(url.path) && "\(error)".contains(expected), "\(error)")
            }
        }
        try damaged(good.prefix(good.count / 2), "cut off")
        // A changed letter in a title decodes: only the checksum finds it.
        var flipped = good
        let title = try #require(flipped.range(of: Data("Nurse".utf8), in: flipped.index(after: flipped.firstIndex(of: 0x0A)!)..<flipped.endIndex))
        flipped[title.lowerBound] ^= 0x20
        try damaged(flipped, "checksum")
        try damaged(Data("{\"format\": 99, \"topic\": \"jobs\", \"positions\": {}, \"links\": 0, \"records\": 0}\n".utf8), "format 99")
        try damaged(Data("not a header\n".utf8) + good, "line 1")
        try good.write(to: url)
        #expect(throws: (any Error).self) { try StreamingJoin.readSnapshot(url, topic: "cvs") }
    }
}
