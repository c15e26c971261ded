import Feedback
import Foundation
import Testing

/// What the bias audit reads from the store: both directions of a period, ids and scores only.
@Suite struct FeedbackStoreAuditTests {
    @Test(arguments: StoreKind.allCases)
    func auditLogReadsBothDirectionsOfAPeriod(kind: StoreKind) async throws {
        let store = try StoreFixture(kind).store  // one second per row written, from 2026-01-01T00:00:00Z
        let early = try await store.recordRequest(cv: .id("cv-1"), modelVersion: "m", indexVersion: "i",
                                                  results: [ShownResult(jobID: "j1", rank: 1, biEncoderScore: 0.4),
                                                            ShownResult(jobID: "j2", rank: 2, biEncoderScore: 0.7)])  // t = 0
        try await store.recordEvent(requestID: early, jobID: "j1", event: .like)                                  // t = 1
        try await store.recordEvent(requestID: early, jobID: "j2", event: .like)                                  // t = 2
        try await store.recordEvent(requestID: early, jobID: "j2", event: .applied)                               // t = 3
        try await store.recordRequest(cv: .text("pasted", keepText: false), modelVersion: "m", indexVersion: "i", results: [])  // t = 4
        let recruiter = try await store.recordCandidateRequest(job: .id("j9"), modelVersion: "m2", indexVersion: "c", rankingVersion: "retrieval",
                                                               results: [ShownCandidate(cvID: "cv-1", rank: 1, biEncoderScore: 0.8),
                                                                         ShownCandidate(cvID: "cv-2", rank: 2, biEncoderScore: 0.3)])  // t = 5
        try await store.recordCandidateEvent(requestID: recruiter, cvID: "cv-2", event: .contacted)               // t = 6
        try await store.recordCandidateEvent(requestID: recruiter, cvID: "cv-2", event: .contacted)               // t = 7

        let all = try await store.auditLog()
        #expect(all.seekerRequests.count == 2)
        let first = try #require(all.seekerRequests.first)
        #expect(first.cvID == "cv-1" && first.topScore == 0.7 && first.events == [.like, .applied], "the best score shown; each kind once")
        let pasted = try #require(all.seekerRequests.last)
        #expect(pasted.cvID == nil && pasted.cvSHA256?.count == 64 && pasted.topScore == nil && pasted.events.isEmpty)
        #expect(all.candidateRequests.map(\.modelVersion) == ["m2"] && all.candidateRequests.first?.rankingVersion == "retrieval")
        #expect(all.candidatesShown.map(\.cvID) == ["cv-1", "cv-2"] && all.candidatesShown.map(\.rank) == [1, 2])
        #expect(all.candidatesShown[0].events.isEmpty && all.candidatesShown[1].events == [.contacted])

        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let later = try await store.auditLog(since: start.addingTimeInterval(4))
        #expect(later.seekerRequests.map(\.cvID) == [nil] && later.candidateRequests.count == 1, "since is inclusive")
        let before = try await store.auditLog(until: start.addingTimeInterval(5))
        #expect(before.seekerRequests.count == 2 && before.candidateRequests.isEmpty && before.candidatesShown.isEmpty, "until is exclusive")
        #expect(try await store.auditLog(since: start.addingTimeInterval(5)).candidatesShown[1].events == [.contacted],
                "reactions count whenever they were recorded")
    }
}
