import Feedback
import Foundation
import Testing
import TestSupport

/// The right to erasure: `forget` removes a person's rows, one request, or old ones, and leaves no
/// copy of an erased text in the database files.
@Suite struct FeedbackForgetTests {
    static let secret = "Zebulon Quigley-Farnsworth, zq@example.org, +44 7700 900123: ICU nurse, 9 years."

    static func record(_ store: FeedbackStore) async throws {
        let a = try await store.recordRequest(cv: .id("cv-1"), modelVersion: "m", indexVersion: "i", results: shown(["j1", "j2"]), id: "a")
        try await store.recordEvent(requestID: a, jobID: "j2", event: .like)
        let b = try await store.recordRequest(cv: .id("cv-2"), modelVersion: "m", indexVersion: "i", results: shown(["j1"]), id: "b")
        try await store.recordEvent(requestID: b, jobID: "j1", event: .applied)
        let c = try await store.recordCandidateRequest(job: .id("j1"), modelVersion: "m", indexVersion: "cvs",
                                                       results: [ShownCandidate(cvID: "cv-1", rank: 1, biEncoderScore: 0.9),
                                                                 ShownCandidate(cvID: "cv-2", rank: 2, biEncoderScore: 0.8)], id: "c")
        try await store.recordCandidateEvent(requestID: c, cvID: "cv-1", event: .contacted)
        try await store.recordCandidateEvent(requestID: c, cvID: "cv-2", event: .like)
    }

    @Test(arguments: StoreKind.allCases)
    func aCVsRowsGoEverywhereAndOthersStay(_ kind: StoreKind) async throws {
        let store = try StoreFixture(kind).store
        try await Self.record(store)
        let report = try await store.forget(.cv("cv-1"))
        #expect(report == ForgetReport(matchRequests: 1, candidateRequests: 0, candidateResults: 1))
        #expect(try await store.requests().map(\.id) == ["b"])
        #expect(try await store.events().map(\.requestID) == ["b"])
        #expect(try await store.candidateEvents().map(\.cvID) == ["cv-2"], "the recruiter's reaction to cv-1 goes with it")
        let export = try await FeedbackExport(store: store)
        #expect(!export.pairs.contains { $0.cvKey == "cv-1" })
        #expect(try await store.forget(.cv("cv-1")).isEmpty, "twice erases nothing more")
    }

    @Test func oneRequestOrEverythingOlderThanADate() async throws {
        let clock = Clock(Date(timeIntervalSince1970: 1_000_000))
        let store = try FeedbackStore(.inMemory, clock: { clock.now })
        try await Self.record(store)
        clock.now = Date(timeIntervalSince1970: 2_000_000)
        try await store.recordRequest(cv: .id("cv-3"), modelVersion: "m", indexVersion: "i", results: shown(["j9"]), id: "late")
        #expect(try await store.forget(.request("c")) == ForgetReport(matchRequests: 0, candidateRequests: 1, candidateResults: 0))
        #expect(try await store.candidateEvents().isEmpty)
        #expect(try await store.forget(.olderThan(Date(timeIntervalSince1970: 1_500_000))).matchRequests == 2)
        #expect(try await store.requests().map(\.id) == ["late"])
    }

    /// The consented text of a pasted CV is in the database file before, and in none of its files
    /// after (seen red with `PRAGMA secure_delete = OFF`: the deleted row stayed in a free page;
    /// Debian's SQLite is built with it on, the pragma keeps it on under other builds).
    @Test func anErasedTextLeavesNoCopyInTheFiles() async throws {
        let folder = TestPaths.tempFolder()
        let path = folder.appendingPathComponent("feedback.sqlite").path
        let store = try FeedbackStore(path: path)
        let r = try await store.recordRequest(cv: .text(Self.secret, keepText: true), modelVersion: "m", indexVersion: "i", results: shown(["j1"]))
        try await store.recordEvent(requestID: r, jobID: "j1", event: .like)
        for i in 0..<50 { try await store.recordRequest(cv: .id("cv-\(i)"), modelVersion: "m", indexVersion: "i", results: shown(["j1"])) }
        func filesHold(_ text: String) throws -> Bool {
            let needle = Data(text.utf8)
            return try FileManager.default.contentsOfDirectory(atPath: folder.path).contains { name in
                (try? Data(contentsOf: folder.appendingPathComponent(name)))?.range(of: needle) != nil
            }
        }
        #expect(try filesHold(Self.secret), "the text is stored before")
        #expect(try await store.forget(.request(r)).matchRequests == 1)
        #expect(try !filesHold(Self.secret), "no copy in the database, its WAL or shared memory after")
        try store.close()
    }
}

/// A clock a test moves.
final class Clock: @unchecked Sendable {
    var now: Date
    init(_ now: Date) { self.now = now }
}
