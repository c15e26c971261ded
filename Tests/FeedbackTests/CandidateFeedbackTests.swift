import Feedback
import Foundation
import Testing
import TestSupport

/// Recruiters' feedback on CVs shown for a job: stored with the request, checked against what was
/// shown, and turned into training pairs and judgments.
@Suite struct CandidateFeedbackTests {
    static func candidates(_ cvs: [String]) -> [ShownCandidate] {
        cvs.enumerated().map { ShownCandidate(cvID: $1, rank: $0 + 1, biEncoderScore: 0.9 - 0.1 * Double($0)) }
    }

    @Test(arguments: StoreKind.allCases)
    func reactionsToShownCVsBecomePairsAndJudgments(_ kind: StoreKind) async throws {
        let store = try StoreFixture(kind).store
        let a = try await store.recordCandidateRequest(job: .id("j1"), modelVersion: "m", indexVersion: "cvs", results: Self.candidates(["c1", "c2", "c3"]))
        try await store.recordCandidateEvent(requestID: a, cvID: "c2", event: .contacted)
        try await store.recordCandidateEvent(requestID: a, cvID: "c2", event: .dislike)   // contacted stands
        try await store.recordCandidateEvent(requestID: a, cvID: "c3", event: .like)
        try await store.recordCandidateEvent(requestID: a, cvID: "c1", event: .dislike)
        // A pasted posting: kept as its hash, never a pair (no job text to train on).
        let b = try await store.recordCandidateRequest(job: .text("Nurse, nights"), modelVersion: "m", indexVersion: "cvs", results: Self.candidates(["c4"]))
        try await store.recordCandidateEvent(requestID: b, cvID: "c4", event: .hired)

        let export = try await FeedbackExport(store: store)
        #expect(export.pairs.map { "\($0.cvKey) \($0.positiveJobID) \($0.negativeJobID ?? "-")" } == ["c2 j1 -", "c3 j1 -"])
        let qrels = try await FeedbackQrels(store: store)
        #expect(qrels.text == "c1 0 j1 0\nc2 0 j1 2\nc3 0 j1 1\n")

        await #expect(throws: FeedbackError.self) { try await store.recordCandidateEvent(requestID: a, cvID: "c9", event: .like) }
        await #expect(throws: FeedbackError.self) { try await store.recordCandidateEvent(requestID: "nope", cvID: "c1", event: .like) }
        await #expect(throws: FeedbackError.self) {
            try await store.recordCandidateRequest(job: .id("j1"), modelVersion: "m", indexVersion: "cvs", results: Self.candidates(["c1", "c1"]))
        }
    }
}
