import Foundation
import GRDB

/// Reading back what was recorded.
extension FeedbackStore {
    /// The request with `id`, or nil when none was recorded.
    public func request(id: String) async throws -> MatchRequestRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM match_request WHERE id = ?", arguments: [id]).map(Self.request(from:))
        }
    }

    /// Every request, oldest first (ties by id).
    public func requests() async throws -> [MatchRequestRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM match_request ORDER BY created_at, id").map(Self.request(from:))
        }
    }

    /// The results a request showed, by rank; empty when the request is unknown.
    public func results(requestID: String) async throws -> [ShownResult] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT job_id, rank, bi_encoder_score, rerank_score, explanation FROM match_result WHERE request_id = ? ORDER BY rank
                """, arguments: [requestID]).map(Self.result(from:))
        }
    }

    /// One result a request showed, with the request (nil when either is unknown): what
    /// `GET /explain` answers from.
    public func shown(requestID: String, jobID: String) async throws -> (MatchRequestRecord, ShownResult)? {
        try await read { db in
            guard let request = try Row.fetchOne(db, sql: "SELECT * FROM match_request WHERE id = ?", arguments: [requestID]),
                  let result = try Row.fetchOne(db, sql: """
                      SELECT job_id, rank, bi_encoder_score, rerank_score, explanation FROM match_result WHERE request_id = ? AND job_id = ?
                      """, arguments: [requestID, jobID]) else { return nil }
            return (try Self.request(from: request), Self.result(from: result))
        }
    }

    /// The results of every request that has at least one event, by request id, each by rank.
    public func resultsOfRequestsWithEvents() async throws -> [String: [ShownResult]] {
        try await read { db in
            var out: [String: [ShownResult]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT request_id, job_id, rank, bi_encoder_score, rerank_score FROM match_result
                WHERE request_id IN (SELECT DISTINCT request_id FROM feedback_event) ORDER BY request_id, rank
                """)
            while let row = try rows.next() { out[row["request_id"], default: []].append(Self.result(from: row)) }
            return out
        }
    }

    /// Every recorded event in the order recorded, or those of one request.
    public func events(requestID: String? = nil) async throws -> [FeedbackEventRecord] {
        try await read { db in
            let rows = if let requestID {
                try Row.fetchAll(db, sql: "SELECT * FROM feedback_event WHERE request_id = ? ORDER BY id", arguments: [requestID])
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM feedback_event ORDER BY id")
            }
            return try rows.map(Self.event(from:))
        }
    }

    /// Counts per event kind and click-through by rank.
    public func stats() async throws -> FeedbackStats {
        try await read { db in
            let requests = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM match_request") ?? 0
            let shown = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM match_result") ?? 0
            var events = Dictionary(uniqueKeysWithValues: FeedbackEventKind.allCases.map { ($0, 0) })
            for row in try Row.fetchAll(db, sql: "SELECT event, COUNT(*) AS n FROM feedback_event GROUP BY event") {
                let name: String = row["event"]
                guard let kind = FeedbackEventKind(rawValue: name) else { continue }
                events[kind] = row["n"]
            }
            let ranks = try Row.fetchAll(db, sql: """
                SELECT r.rank AS rank, COUNT(*) AS shown,
                  SUM(EXISTS(SELECT 1 FROM feedback_event e WHERE e.request_id = r.request_id AND e.job_id = r.job_id
                             AND e.event IN ('like', 'applied', 'hired'))) AS positive,
                  SUM(EXISTS(SELECT 1 FROM feedback_event e WHERE e.request_id = r.request_id AND e.job_id = r.job_id
                             AND e.event = 'dislike')) AS disliked
                FROM match_result r GROUP BY r.rank ORDER BY r.rank
                """).map { row in
                RankStats(rank: row["rank"], shown: row["shown"], positive: row["positive"], disliked: row["disliked"])
            }
            return FeedbackStats(requests: requests, resultsShown: shown, events: events, byRank: ranks)
        }
    }

    // MARK: Rows to values

    static func request(from row: Row) throws -> MatchRequestRecord {
        let filtersJSON: String = row["filters"]
        let filters: [String: String]
        do {
            filters = try JSONDecoder().decode([String: String].self, from: Data(filtersJSON.utf8))
        } catch {
            throw FeedbackError(.database, "match_request \(row["id"] as String): column filters is not a JSON object of strings")
        }
        return MatchRequestRecord(
            id: row["id"], cvID: row["cv_id"], cvSHA256: row["cv_sha256"], cvText: row["cv_text"],
            createdAt: row["created_at"], modelVersion: row["model_version"], indexVersion: row["index_version"],
            rankingVersion: row["ranking_version"], filters: filters)
    }

    static func result(from row: Row) -> ShownResult {
        let explanation = (row["explanation"] as String?).flatMap { try? JSONDecoder().decode(StoredExplanation.self, from: Data($0.utf8)) }
        return ShownResult(jobID: row["job_id"], rank: row["rank"], biEncoderScore: row["bi_encoder_score"], rerankScore: row["rerank_score"],
                           explanation: explanation)
    }

    static func event(from row: Row) throws -> FeedbackEventRecord {
        let name: String = row["event"]
        guard let kind = FeedbackEventKind(rawValue: name) else {
            throw FeedbackError(.database, "feedback_event \(row["id"] as Int64): unknown event kind")
        }
        return FeedbackEventRecord(id: row["id"], requestID: row["request_id"], jobID: row["job_id"], event: kind,
                                   createdAt: row["created_at"], reason: row["reason"])
    }
}
