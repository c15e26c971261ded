import Feedback
import Foundation
import Testing
import TestSupport

/// Recording and reading back, on both engines with one test body each.
@Suite struct FeedbackStoreTests {
    @Test(arguments: StoreKind.allCases)
    func recordsRequestsResultsAndEvents(_ kind: StoreKind) async throws {
        let store = try StoreFixture(kind).store
        let results = shown(["job-a", "job-b", "job-c"])
        let id = try await store.recordRequest(cv: .id("cv-7"), modelVersion: "minilm@1", indexVersion: "flat@1", rankingVersion: "fused@0123",
                                               filters: ["country": "US", "remote": "true"], results: results)
        let event = try await store.recordEvent(requestID: id, jobID: "job-b", event: .like, reason: "right stack")

        let request = try #require(try await store.request(id: id))
        #expect(request.cvID == "cv-7")
        #expect(request.cvSHA256 == nil && request.cvText == nil)
        #expect(request.modelVersion == "minilm@1" && request.indexVersion == "flat@1" && request.rankingVersion == "fused@0123")
        #expect(request.filters == ["country": "US", "remote": "true"])
        #expect(request.createdAt == TickingClock.start)
        #expect(try await store.results(requestID: id) == results)
        #expect(try await store.events(requestID: id) == [event])
        #expect(event.createdAt == TickingClock.start.addingTimeInterval(1))
        #expect(event.reason == "right stack" && event.event == .like && event.jobID == "job-b")
        #expect(try await store.request(id: "nope") == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func pastedTextIsStoredAsItsHashUnlessTheCallerOptsIn(_ kind: StoreKind) async throws {
        let store = try StoreFixture(kind).store
        let text = "Nurse with 5 years in ICU. Skills: triage, BLS."
        let hashed = try await store.recordRequest(cv: .text(text, keepText: false), modelVersion: "m", indexVersion: "i",
                                                   results: shown(["j"]))
        let kept = try await store.recordRequest(cv: .text(text, keepText: true), modelVersion: "m", indexVersion: "i",
                                                 results: shown(["j"]))
        let first = try #require(try await store.request(id: hashed))
        #expect(first.cvSHA256 == SHA256.hex(text))
        #expect(first.cvText == nil && first.cvID == nil)
        #expect(first.cvKey == "sha256:" + SHA256.hex(text))
        #expect(try await store.request(id: kept)?.cvText == text)
    }

    @Test(arguments: StoreKind.allCases)
    func unknownRequestsAndJobsNotShownAreTypedErrors(_ kind: StoreKind) async throws {
        let store = try StoreFixture(kind).store
        let id = try await store.recordRequest(cv: .id("cv"), modelVersion: "m", indexVersion: "i", results: shown(["j1", "j2"]))
        let unknown = await #expect(throws: FeedbackError.self) {
            try await store.recordEvent(requestID: "00000000-dead", jobID: "j1", event: .like)
        }
        #expect(unknown?.kind == .unknownRequest)
        let notShown = await #expect(throws: FeedbackError.self) {
            try await store.recordEvent(requestID: id, jobID: "j3", event: .applied)
        }
        #expect(notShown?.kind == .jobNotShown)
        #expect(notShown?.message.contains("\"j3\"") == true)
        let tooLong = await #expect(throws: FeedbackError.self) {
            try await store.recordEvent(requestID: id, jobID: "j1", event: .dislike, reason: String(repeating: "x", count: 1_001))
        }
        #expect(tooLong?.kind == .invalidArgument)
        #expect(try await store.events().isEmpty, "a refused event must not be stored")
    }

    @Test(arguments: StoreKind.allCases)
    func badResultListsAreRefusedWhole(_ kind: StoreKind) async throws {
        let store = try StoreFixture(kind).store
        let cases: [[ShownResult]] = [
            [ShownResult(jobID: "a", rank: 1, biEncoderScore: 0.5), ShownResult(jobID: "a", rank: 2, biEncoderScore: 0.4)],
            [ShownResult(jobID: "a", rank: 1, biEncoderScore: 0.5), ShownResult(jobID: "b", rank: 1, biEncoderScore: 0.4)],
            [ShownResult(jobID: "a", rank: 0, biEncoderScore: 0.5)],
            [ShownResult(jobID: "a", rank: 1, biEncoderScore: .nan)],
            [ShownResult(jobID: "", rank: 1, biEncoderScore: 0.5)],
        ]
        for results in cases {
            let error = await #expect(throws: FeedbackError.self) {
                try await store.recordRequest(cv: .id("cv"), modelVersion: "m", indexVersion: "i", results: results)
            }
            #expect(error?.kind == .invalidArgument)
        }
        let id = try await store.recordRequest(cv: .id("cv"), modelVersion: "m", indexVersion: "i", results: shown(["a"]), id: "fixed")
        let duplicate = await #expect(throws: FeedbackError.self) {
            try await store.recordRequest(cv: .id("cv"), modelVersion: "m", indexVersion: "i", results: shown(["b"]), id: id)
        }
        #expect(duplicate?.kind == .invalidArgument)
        #expect(try await store.requests().map(\.id) == ["fixed"])
        #expect(try await store.results(requestID: "fixed").map(\.jobID) == ["a"])
    }

    @Test(arguments: StoreKind.allCases)
    func statsCountEventsAndClickThroughByRank(_ kind: StoreKind) async throws {
        let store = try StoreFixture(kind).store
        let r1 = try await store.recordRequest(cv: .id("a"), modelVersion: "m", indexVersion: "i", results: shown(["j1", "j2", "j3"]))
        let r2 = try await store.recordRequest(cv: .id("b"), modelVersion: "m", indexVersion: "i", results: shown(["j4", "j5"]))
        try await store.recordEvent(requestID: r1, jobID: "j1", event: .like)
        try await store.recordEvent(requestID: r1, jobID: "j1", event: .applied)   // same result: counted once per rank
        try await store.recordEvent(requestID: r1, jobID: "j2", event: .dislike)
        try await store.recordEvent(requestID: r2, jobID: "j5", event: .hired)
        let stats = try await store.stats()
        #expect(stats.requests == 2 && stats.resultsShown == 5)
        #expect(stats.events == [.like: 1, .dislike: 1, .applied: 1, .hired: 1])
        #expect(stats.byRank == [
            RankStats(rank: 1, shown: 2, positive: 1, disliked: 0),
            RankStats(rank: 2, shown: 2, positive: 1, disliked: 1),
            RankStats(rank: 3, shown: 1, positive: 0, disliked: 0),
        ])
        #expect(stats.byRank[0].clickThrough == 0.5 && stats.byRank[2].clickThrough == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func concurrentWritersLoseNothing(_ kind: StoreKind) async throws {
        let store = try StoreFixture(kind).store
        let id = try await store.recordRequest(cv: .id("cv"), modelVersion: "m", indexVersion: "i", results: shown(["j1", "j2"]))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<200 {
                group.addTask { try await store.recordEvent(requestID: id, jobID: n % 2 == 0 ? "j1" : "j2", event: .like) }
            }
            try await group.waitForAll()
        }
        let events = try await store.events()
        #expect(events.count == 200)
        #expect(Set(events.map(\.id)).count == 200)
    }

    /// Concurrent writes share transactions (group commit), and a write that fails rolls back
    /// alone: the others of its batch are stored and their callers see success.
    @Test(arguments: StoreKind.allCases)
    func groupCommitKeepsFailuresApart(_ kind: StoreKind) async throws {
        let store = try StoreFixture(kind).store
        let id = try await store.recordRequest(cv: .id("cv"), modelVersion: "m", indexVersion: "i", results: shown(["j1", "j2"]))
        let before = store.commits
        let outcomes = try await withThrowingTaskGroup(of: (Int, FeedbackError.Kind?).self) { group in
            for n in 0..<300 {
                group.addTask {
                    do {
                        // Every third names a job the request did not show.
                        try await store.recordEvent(requestID: id, jobID: n % 3 == 0 ? "j9" : "j1", event: .like, reason: "n\(n)")
                        return (n, nil)
                    } catch let error as FeedbackError {
                        return (n, error.kind)
                    }
                }
            }
            return try await group.reduce(into: [Int: FeedbackError.Kind?]()) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes.count == 300)
        for (n, kind) in outcomes { #expect(kind == (n % 3 == 0 ? .jobNotShown : nil), "write \(n)") }
        let stored = Set(try await store.events().compactMap(\.reason))
        #expect(stored == Set((0..<300).filter { $0 % 3 != 0 }.map { "n\($0)" }))
        let commits = store.commits - before
        if kind == .file { #expect(commits < 150, "300 concurrent writes took \(commits) transactions") }
        print("group commit (\(kind)): 300 concurrent writes in \(commits) transactions")
    }
}
