import Feedback
import Foundation
import Parquet
import Tables
import Testing
import TestSupport

/// Mining pairs from feedback and writing them in the `pairs.parquet` contract.
@Suite struct FeedbackExportTests {
    static let pasted = "Pasted CV: welder, TIG and MIG, 8 years."
    static let jobTexts = (1...8).reduce(into: [String: String]()) { $0["j\($1)"] = "passage: job \($1)" }
    static let cvTexts = ["cv-1": "query: CV one", "cv-2": "query: CV two"]

    /// Five requests covering every rule (see the comments), recorded on `store`.
    static func record(_ store: FeedbackStore) async throws {
        // r1: j1 disliked, j2 skipped, j3 liked, j4 applied, j5 skipped below every positive.
        let r1 = try await store.recordRequest(cv: .id("cv-1"), modelVersion: "m", indexVersion: "i",
                                               results: shown(["j1", "j2", "j3", "j4", "j5"]), id: "r1")
        try await store.recordEvent(requestID: r1, jobID: "j3", event: .like)
        try await store.recordEvent(requestID: r1, jobID: "j1", event: .dislike)
        try await store.recordEvent(requestID: r1, jobID: "j4", event: .applied)
        // r2: pasted without opt-in: no anchor text, left out.
        let r2 = try await store.recordRequest(cv: .text(pasted, keepText: false), modelVersion: "m", indexVersion: "i",
                                               results: shown(["j1"]), id: "r2")
        try await store.recordEvent(requestID: r2, jobID: "j1", event: .like)
        // r3: pasted with opt-in; j6 hired then disliked stays positive; j7 liked then disliked is a negative.
        let r3 = try await store.recordRequest(cv: .text(pasted, keepText: true), modelVersion: "m", indexVersion: "i",
                                               results: shown(["j6", "j7"]), id: "r3")
        try await store.recordEvent(requestID: r3, jobID: "j6", event: .hired)
        try await store.recordEvent(requestID: r3, jobID: "j7", event: .like)
        try await store.recordEvent(requestID: r3, jobID: "j7", event: .dislike)
        try await store.recordEvent(requestID: r3, jobID: "j6", event: .dislike)
        // r4: cv-1 again; its one pair (j3 over skipped j2) repeats r1's and is written once.
        let r4 = try await store.recordRequest(cv: .id("cv-1"), modelVersion: "m", indexVersion: "i",
                                               results: shown(["j2", "j3"]), id: "r4")
        try await store.recordEvent(requestID: r4, jobID: "j3", event: .like)
        // r5: cv-2 likes j9, whose text is unknown, and j8 over j9 (a negative without text).
        let r5 = try await store.recordRequest(cv: .id("cv-2"), modelVersion: "m", indexVersion: "i",
                                               results: shown(["j9", "j8"]), id: "r5")
        try await store.recordEvent(requestID: r5, jobID: "j9", event: .like)
        try await store.recordEvent(requestID: r5, jobID: "j8", event: .like)
        // r6: shown but never reacted to: nothing.
        try await store.recordRequest(cv: .id("cv-2"), modelVersion: "m", indexVersion: "i", results: shown(["j1"]), id: "r6")
    }

    @Test(arguments: StoreKind.allCases)
    func minesPositivesAndHardNegatives(_ kind: StoreKind) async throws {
        let store = try StoreFixture(kind).store
        try await Self.record(store)
        let export = try await FeedbackExport(store: store)
        let summary = export.pairs.map { "\($0.requestID) \($0.positiveJobID) \($0.negativeJobID ?? "-") \($0.negativeKind?.rawValue ?? "-")" }
        #expect(summary == [
            "r1 j3 j1 disliked", "r1 j3 j2 skipped_above",
            "r1 j4 j1 disliked", "r1 j4 j2 skipped_above",
            "r2 j1 - -",
            "r3 j6 j7 disliked",
            "r5 j9 - -", "r5 j8 - -",
        ])
        #expect(export.cvIDs == ["cv-1", "cv-2"])
        #expect(export.jobIDs == ["j1", "j2", "j3", "j4", "j6", "j7", "j8", "j9"])
    }

    @Test(arguments: StoreKind.allCases)
    func writesThePairsContract(_ kind: StoreKind) async throws {
        let store = try StoreFixture(kind).store
        try await Self.record(store)
        let export = try await FeedbackExport(store: store)
        let url = TestPaths.tempFolder().appendingPathComponent("feedback_pairs.parquet")
        let report = try export.write(to: url, cvText: { Self.cvTexts[$0] }, jobText: { Self.jobTexts[$0] })
        #expect(report == FeedbackExportReport(rows: 6, positives: 4, disliked: 3, skippedAbove: 2,
                                               missingCVText: 1, missingJobText: 1, missingNegativeText: 0))

        let reader = try ParquetReader(url: url)
        #expect(reader.schema == PairsTable.schema(.feedback))
        #expect(reader.schema.fields.map(\.name) == ["cv_id", "job_id", "anchor", "positive", "negative"])
        let batch = try reader.readRowGroup(0)
        let rows = try (0..<batch.rowCount).map { row in
            try batch.columns.map { try $0.strings()[row] ?? "NULL" }.joined(separator: " | ")
        }
        let hash = "sha256:" + SHA256.hex(Self.pasted)
        #expect(rows == [
            "cv-1 | j3 | query: CV one | passage: job 3 | passage: job 1",
            "cv-1 | j3 | query: CV one | passage: job 3 | passage: job 2",
            "cv-1 | j4 | query: CV one | passage: job 4 | passage: job 1",
            "cv-1 | j4 | query: CV one | passage: job 4 | passage: job 2",
            "\(hash) | j6 | \(Self.pasted) | passage: job 6 | passage: job 7",
            "cv-2 | j8 | query: CV two | passage: job 8 | NULL",
        ])
        #expect(!FileManager.default.fileExists(atPath: url.path + ".partial"))
    }

    @Test func anEmptyStoreWritesAnEmptyTable() async throws {
        let store = try FeedbackStore(.inMemory)
        let export = try await FeedbackExport(store: store)
        let url = TestPaths.tempFolder().appendingPathComponent("empty.parquet")
        #expect(try export.write(to: url, cvText: { _ in nil }, jobText: { _ in nil }) == FeedbackExportReport())
        let reader = try ParquetReader(url: url)
        #expect(reader.rowCount == 0 && reader.schema == PairsTable.schema(.feedback))
    }

    @Test func anUnwritableFileIsAnIOError() async throws {
        let store = try FeedbackStore(.inMemory)
        try await Self.record(store)
        let export = try await FeedbackExport(store: store)
        let url = URL(fileURLWithPath: "/proc/no-such-dir/pairs.parquet")
        let error = #expect(throws: FeedbackError.self) {
            try export.write(to: url, cvText: { Self.cvTexts[$0] }, jobText: { Self.jobTexts[$0] })
        }
        #expect(error?.kind == .io)
        #expect(error?.message.contains("/proc/no-such-dir/pairs.parquet") == true)
    }
}
