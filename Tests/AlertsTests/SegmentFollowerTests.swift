import Foundation
import Matching
import TestSupport
import Testing
@testable import Alerts

#if canImport(Glibc)
import Glibc
#endif

/// `SegmentFollower`: what `serve` reads of the segment, only what is new.
@Suite struct SegmentFollowerTests {
    func line(_ id: String, _ version: String, mergedInto: String? = nil) throws -> Data {
        try JSONEncoder().encode(IndexSegment.Entry(job: JobCatalog.Job(jobID: id, title: "T \(version)"), version: version, vector: [1, 0],
                                                    text: "text \(version)", mergedInto: mergedInto)) + Data([0x0A])
    }

    func append(_ data: Data, to url: URL) throws {
        let h = try FileHandle(forWritingTo: url)
        try h.seekToEnd()
        try h.write(contentsOf: data)
        try h.close()
    }

    /// Appended lines are parsed from where the last look stopped (one whole read for the file's
    /// life), a torn last line waits, a file renamed into place (a merge) is read whole, and a bad
    /// line leaves what was read before served, with the line named. Seen red with every look
    /// reading the whole file.
    @Test func appendsAreReadIncrementallyAndARewrittenFileWhole() throws {
        let url = TestPaths.tempFolder().appendingPathComponent("segment.jsonl")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let follower = SegmentFollower(url: url)
        #expect(follower.current().entries.isEmpty && follower.fullReads == 0)
        try (try line("j1", "a") + line("j2", "b")).write(to: url)
        #expect(follower.current().entries.map(\.version) == ["a", "b"])
        #expect(follower.additions(base: "base-1").map(\.text) == ["text a", "text b"])

        // A newer version of j1 and half of the next line: the half waits.
        let next = try line("j3", "d")
        try append(try line("j1", "c") + next.prefix(10), to: url)
        #expect(follower.current().entries.map(\.version) == ["c", "b"])
        #expect(follower.additions(base: "base-1").map(\.text) == ["text c", "text b"])
        try append(next.dropFirst(10), to: url)
        #expect(follower.current().entries.map(\.version) == ["c", "b", "d"])
        #expect(follower.fullReads == 1, "the file was read whole \(follower.fullReads) times")

        // A merge renames a rewritten segment into place: read whole; tagged lines are skipped on their base.
        let rewritten = url.deletingLastPathComponent().appendingPathComponent("segment.next")
        try (try line("j1", "c", mergedInto: "base-2") + line("j3", "d")).write(to: rewritten)
        #expect(rename(rewritten.path, url.path) == 0)
        #expect(follower.current().entries.map(\.version) == ["c", "d"])
        #expect(follower.additions(base: "base-2").map(\.job.jobID) == ["j3"])
        #expect(follower.additions(base: "base-1").map(\.job.jobID) == ["j1", "j3"])
        #expect(follower.fullReads == 2)

        // A bad line: what was read stays served, the line is named.
        try append(Data("{not an entry}\n".utf8), to: url)
        #expect(follower.current().entries.map(\.version) == ["c", "d"])
        let error = try #require(follower.lastError)
        #expect("\(error)".contains("line 3") && "\(error)".contains(url.path))
        // `serve` logs it once, not at every request.
        #expect(follower.newError() != nil)
        _ = follower.current()
        #expect(follower.newError() == nil)
    }
}
