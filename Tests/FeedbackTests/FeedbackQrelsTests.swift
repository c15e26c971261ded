import Feedback
import Foundation
import Testing
import TestSupport

/// Feedback as relevance judgments: grades, what is judged, and the qrels file.
@Suite struct FeedbackQrelsTests {
    @Test(arguments: StoreKind.allCases)
    func gradesWhatPeopleDidWithTheirMatches(_ kind: StoreKind) async throws {
        let store = try StoreFixture(kind).store
        try await FeedbackExportTests.record(store)
        let qrels = try await FeedbackQrels(store: store)
        // r1: j1 disliked 0, j2 skipped above a positive 0, j3 liked 1, j4 applied 2, j5 below
        // every positive: not judged. r4 repeats cv-1's j2/j3. r2, r3: pasted, left out.
        // r5: cv-2 liked j9 and j8. r6: no events.
        #expect(qrels.text == """
            cv-1 0 j1 0
            cv-1 0 j2 0
            cv-1 0 j3 1
            cv-1 0 j4 2
            cv-2 0 j8 1
            cv-2 0 j9 1

            """)
        #expect(qrels.leftOutPasted == 2)
        #expect(qrels.leftOutNotJudged == 0)
        #expect(qrels.judgedCVs == ["cv-1", "cv-2"])
    }

    @Test func theLatestLikeOrDislikeDecidesAcrossRequestsButApplyingStands() async throws {
        let store = try StoreFixture(.memory).store
        let a = try await store.recordRequest(cv: .id("cv-3"), modelVersion: "m", indexVersion: "i", results: shown(["j1", "j2", "j3"]), id: "a")
        try await store.recordEvent(requestID: a, jobID: "j1", event: .like)
        try await store.recordEvent(requestID: a, jobID: "j2", event: .applied)
        try await store.recordEvent(requestID: a, jobID: "j3", event: .hired)
        let b = try await store.recordRequest(cv: .id("cv-3"), modelVersion: "m", indexVersion: "i", results: shown(["j4", "j1", "j2"]), id: "b")
        try await store.recordEvent(requestID: b, jobID: "j1", event: .dislike)
        try await store.recordEvent(requestID: b, jobID: "j2", event: .dislike)
        let c = try await store.recordRequest(cv: .id("cv-4"), modelVersion: "m", indexVersion: "i", results: shown(["j5", "j6"]), id: "c")
        try await store.recordEvent(requestID: c, jobID: "j6", event: .like)
        let d = try await store.recordRequest(cv: .id("cv-4"), modelVersion: "m", indexVersion: "i", results: shown(["j5"]), id: "d")
        try await store.recordEvent(requestID: d, jobID: "j5", event: .like)
        let qrels = try await FeedbackQrels(store: store)
        // j4 was above no positive of b: not judged. j5, skipped in c, liked in d: 1.
        #expect(qrels.text == "cv-3 0 j1 0\ncv-3 0 j2 2\ncv-3 0 j3 3\ncv-4 0 j5 1\ncv-4 0 j6 1\n")

        let heldOut = try await FeedbackQrels(store: store) { $0 == "cv-4" }
        #expect(heldOut.text == "cv-4 0 j5 1\ncv-4 0 j6 1\n")
        #expect(heldOut.leftOutNotJudged == 2)
    }

    @Test func writesTheFileDurablyAndRefusesIdsAQrelsLineCannotCarry() async throws {
        let store = try StoreFixture(.memory).store
        let r = try await store.recordRequest(cv: .id("cv-1"), modelVersion: "m", indexVersion: "i", results: shown(["j1", "j 2"]), id: "r")
        try await store.recordEvent(requestID: r, jobID: "j1", event: .like)
        let url = TestPaths.tempFolder().appendingPathComponent("qrels.txt")
        try await FeedbackQrels(store: store).write(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "cv-1 0 j1 1\n")
        #expect(!FileManager.default.fileExists(atPath: url.path + ".partial"))

        try await store.recordEvent(requestID: r, jobID: "j 2", event: .dislike)
        let spaced = try await FeedbackQrels(store: store)
        #expect(throws: FeedbackError.self) { try spaced.write(to: url) }
        #expect(try String(contentsOf: url, encoding: .utf8) == "cv-1 0 j1 1\n", "the old file is kept")
    }
}
