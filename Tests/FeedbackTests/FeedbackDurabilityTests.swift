import Feedback
import Foundation
import GRDB
import TestSupport
import Testing

/// "On disk when answered", under a simulated power cut (``PowerLossVFS``: each SQLite file
/// goes back to what it held at its last `fsync`). The store is cut while still open, the
/// surviving files are copied to a fresh folder and reopened there, and every write that had
/// returned must be in it. (A killed process is `FeedbackCommandTests.acknowledgedFeedbackSurvivesKillNine`
/// and `ServeFaultTests.sigkillUnderLoadLosesNoAcknowledgedFeedback`; a process crash keeps
/// what the kernel holds, a power cut does not, so this is the stronger claim.)
@Suite(.serialized) struct FeedbackDurabilityTests {
    /// Records request `t-n` with one result and a like of it.
    static func record(_ n: Int, _ store: FeedbackStore) async throws {
        let id = try await store.recordRequest(cv: .id("cv-\(n)"), modelVersion: "m", indexVersion: "i",
                                               results: [ShownResult(jobID: "job-\(n)", rank: 1, biEncoderScore: 0.5)], id: "t-\(n)")
        try await store.recordEvent(requestID: id, jobID: "job-\(n)", event: .like, reason: "n\(n)")
    }

    /// The request numbers whose request and like both survived in `folder`.
    static func survivors(in folder: URL) async throws -> Set<Int> {
        let store = try FeedbackStore(path: folder.appendingPathComponent("feedback.sqlite").path)
        defer { try? store.close() }
        let requests = Set(try await store.requests().map(\.id))
        let liked = try await store.events().compactMap { $0.reason.flatMap { Int($0.dropFirst()) } }
        return Set(liked.filter { requests.contains("t-\($0)") })
    }

    /// Writes one at a time; the power is cut right after the answer to write 0, 1, 2, 9 and 39
    /// (a fresh store each time): the answered write and every one before it are there.
    @Test(arguments: [0, 1, 2, 9, 39])
    func theWriteJustAnsweredSurvivesAPowerCut(_ last: Int) async throws {
        let folder = TestPaths.tempFolder()
        let disk = PowerLossVFS.watch(folder)
        let store = try FeedbackStore(path: folder.appendingPathComponent("feedback.sqlite").path)
        for n in 0...last { try await Self.record(n, store) }
        let after = TestPaths.tempFolder()
        try disk.powerLoss(into: after)
        let survivors = try await Self.survivors(in: after)
        let lost = Set(0...last).subtracting(survivors)
        #expect(lost.isEmpty, "answered before the power cut, then lost: \(lost.sorted()) (\(disk.syncCount) syncs seen)")
        try store.close()
    }

    /// 200 writers at once (the group commit puts them in shared transactions); the power is cut
    /// when all were answered: all 200 are there.
    @Test func concurrentAnsweredWritesSurviveAPowerCut() async throws {
        let folder = TestPaths.tempFolder()
        let disk = PowerLossVFS.watch(folder)
        let store = try FeedbackStore(path: folder.appendingPathComponent("feedback.sqlite").path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<200 { group.addTask { try await Self.record(n, store) } }
            try await group.waitForAll()
        }
        let after = TestPaths.tempFolder()
        try disk.powerLoss(into: after)
        let lost = Set(0..<200).subtracting(try await Self.survivors(in: after))
        #expect(lost.isEmpty, "answered, then lost in the power cut: \(lost.count), e.g. \(lost.sorted().prefix(5))")
        try store.close()
    }

    /// The simulator itself, on a bare WAL table: rows committed with `synchronous = OFF` (SQLite
    /// never syncs) are gone after a power cut though the open connection reads them; with `FULL`
    /// none is. So the tests above pass because the store syncs, not because the simulator keeps
    /// everything. (The level is set on the writer after the pool is open, as the store does.)
    @Test(arguments: ["OFF", "FULL"])
    func thePowerCutKeepsOnlyWhatWasSynced(_ synchronous: String) throws {
        let folder = TestPaths.tempFolder()
        let disk = PowerLossVFS.watch(folder)
        let pool = try DatabasePool(path: folder.appendingPathComponent("t.sqlite").path)
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "CREATE TABLE t (x INTEGER)")
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
        }
        for x in 0..<5 { try pool.write { db in try db.execute(sql: "INSERT INTO t VALUES (?)", arguments: [x]) } }
        #expect(try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") } == 5)
        let after = TestPaths.tempFolder()
        try disk.powerLoss(into: after)
        let reopened = try DatabaseQueue(path: after.appendingPathComponent("t.sqlite").path)
        let kept = try reopened.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") }
        #expect(kept == (synchronous == "OFF" ? 0 : 5))
        try reopened.close()
        try pool.close()
    }
}
