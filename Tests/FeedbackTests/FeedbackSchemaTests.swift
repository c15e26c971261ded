import Feedback
import Foundation
import Testing
import TestSupport

/// Migrations, WAL, durability across reopening, and the file as `sqlite3` sees it.
@Suite struct FeedbackSchemaTests {
    static let migrations = ["v1: match_request, match_result, feedback_event", "v2: indexes for export and stats",
                             "v3: the ranking version of each request", "v4: candidate_request, candidate_result, candidate_event",
                             "v5: the explanation shown with each result"]

    @Test(arguments: StoreKind.allCases)
    func migrationsAreNamedAndApplied(_ kind: StoreKind) async throws {
        let store = try StoreFixture(kind).store
        #expect(try await store.appliedMigrations() == Self.migrations)
        #expect(try await store.journalMode() == (kind == .file ? "wal" : "memory"))
    }

    @Test func reopeningMigratesNothingAndKeepsEveryAcknowledgedRow() async throws {
        let path = TestPaths.tempFolder().appendingPathComponent("feedback.sqlite").path
        var ids: [String] = []
        for round in 0..<3 {
            let store = try FeedbackStore(path: path)
            #expect(try await store.appliedMigrations() == Self.migrations)
            #expect(try await store.requests().map(\.id) == ids, "round \(round): rows from earlier opens are missing")
            let id = try await store.recordRequest(cv: .id("cv-\(round)"), modelVersion: "m", indexVersion: "i", results: shown(["j"]))
            try await store.recordEvent(requestID: id, jobID: "j", event: .like)
            ids.append(id)
            if round == 1 { try store.close() }  // closed cleanly once, left to deinit otherwise
        }
        let store = try FeedbackStore(path: path)
        #expect(try await store.events().count == 3)
        let migrationRows = try await sqlite(path, "SELECT COUNT(*) FROM grdb_migrations")
        #expect(migrationRows == "\(Self.migrations.count)\n")
    }

    @Test func theFileOpensInSQLite3() async throws {
        let path = TestPaths.tempFolder().appendingPathComponent("feedback.sqlite").path
        let store = try FeedbackStore(path: path)
        let id = try await store.recordRequest(cv: .id("cv-1"), modelVersion: "m", indexVersion: "i",
                                               filters: ["country": "DE"], results: shown(["j1", "j2"]), id: "req-1")
        try await store.recordEvent(requestID: id, jobID: "j2", event: .applied, reason: "it's '; DROP TABLE x; --")
        // The WAL is still open here: sqlite3 reads it as a second process would.
        let tables = try await sqlite(path, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        #expect(tables == "candidate_event\ncandidate_request\ncandidate_result\nfeedback_event\ngrdb_migrations\nmatch_request\nmatch_result\n")
        let joined = try await sqlite(path, """
            SELECT q.cv_id, q.filters, r.rank, r.job_id, e.event, e.reason, e.created_at >= q.created_at
            FROM feedback_event e JOIN match_result r USING (request_id, job_id) JOIN match_request q ON q.id = e.request_id
            """)
        #expect(joined == "cv-1|{\"country\":\"DE\"}|2|j2|applied|it's '; DROP TABLE x; --|1\n")
        #expect(try await sqlite(path, "PRAGMA journal_mode") == "wal\n")
        // The CHECK constraint holds for writers other than us.
        let bad = try await TestProcess.run("/usr/bin/sqlite3", [path, "INSERT INTO feedback_event (request_id, job_id, event, created_at) VALUES ('req-1', 'j1', 'love', '2026-01-01')"])
        #expect(bad.status != 0 && bad.stderr.contains("CHECK constraint failed"))
    }

    private func sqlite(_ path: String, _ sql: String) async throws -> String {
        let result = try await TestProcess.run("/usr/bin/sqlite3", [path, sql])
        #expect(result.status == 0, "sqlite3: \(result.stderr)")
        return result.stdout
    }
}
