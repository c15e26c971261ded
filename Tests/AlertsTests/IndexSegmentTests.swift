import Foundation
import Matching
import Tables
import TestSupport
import Testing
@testable import Alerts

@Suite struct IndexSegmentTests {
    @Test func aLaterLineOfAJobReplacesItsVectorAndTheVersionFollowsTheContent() throws {
        let url = TestPaths.tempFolder().appendingPathComponent("segment.jsonl")
        var row = JobRow(jobID: "j-1", title: "Nurse", skills: ["nursing"], embeddingText: "Nurse. Skills: nursing")
        let v1 = IndexSegment.version(of: row)
        #expect(IndexSegment.version(of: row) == v1)
        row.skills.append("triage")
        let v2 = IndexSegment.version(of: row)
        #expect(v2 != v1)
        let lines = try [
            IndexSegment.Entry(job: IndexSegment.job(of: row), version: v1, vector: [1, 0]),
            IndexSegment.Entry(job: JobCatalog.Job(jobID: "j-2", title: "Cook"), version: "x", vector: [0, 1]),
            IndexSegment.Entry(job: IndexSegment.job(of: row), version: v2, vector: [0.6, 0.8]),
        ].map { try JSONEncoder().encode($0) }
        try JSONLinesFile(url: url).append(lines)
        let segment = try IndexSegment(url: url)
        #expect(segment.entries.map(\.job.jobID) == ["j-1", "j-2"])
        #expect(segment.entries[0].version == v2 && segment.entries[0].vector == [0.6, 0.8])
    }

    /// A server on the base a merge folded a version into skips that line (the index has it); a
    /// server still on an older base serves it from the segment; a later unmerged version of the
    /// same job is served by both. Lines of an older segment (no text) are read by title and company.
    @Test func linesAMergeFoldedIntoABaseAreServedOnlyBesideOlderBases() throws {
        let url = TestPaths.tempFolder().appendingPathComponent("segment.jsonl")
        let lines = try [
            IndexSegment.Entry(job: JobCatalog.Job(jobID: "j-1", title: "Nurse"), version: "a", vector: [1, 0], text: "Nurse.", mergedInto: "base-2"),
            IndexSegment.Entry(job: JobCatalog.Job(jobID: "j-2", title: "Cook", company: "Diner"), version: "b", vector: [0, 1], mergedInto: "base-2"),
            IndexSegment.Entry(job: JobCatalog.Job(jobID: "j-2", title: "Head cook", company: "Diner"), version: "c", vector: [0, 1]),
        ].map { try JSONEncoder().encode($0) }
        try JSONLinesFile(url: url).append(lines)
        let segment = try IndexSegment(url: url)
        #expect(segment.additions(base: "base-2").map(\.job.jobID) == ["j-2"])
        #expect(segment.additions(base: "base-2").first?.job.title == "Head cook")
        #expect(segment.additions(base: "base-1").map(\.job.jobID) == ["j-1", "j-2"])
        #expect(segment.additions(base: "base-1").map(\.text) == ["Nurse.", "Head cook at Diner"])
    }
}
