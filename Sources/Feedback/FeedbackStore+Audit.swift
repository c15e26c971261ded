import Foundation
import GRDB

/// What the bias audit reads (`jobmatch audit groups`): the requests of a period in both
/// directions, what each showed and what people did with it. Ids, scores, ranks and event kinds
/// only; no text.
public struct AuditLog: Sendable, Equatable {
    /// A request's time and versions.
    public struct Request: Sendable, Equatable {
        public var id: String
        public var createdAt: Date
        public var modelVersion: String
        public var indexVersion: String
        public var rankingVersion: String?
    }

    /// A job seeker's request (`POST /match`): the CV it was for, its best score, the reactions.
    public struct SeekerRequest: Sendable, Equatable {
        public var request: Request
        /// The CV id; nil for a pasted CV.
        public var cvID: String?
        /// The pasted CV's SHA-256 when there is no CV id.
        public var cvSHA256: String?
        /// The highest bi-encoder score among the jobs shown; nil when none was shown.
        public var topScore: Double?
        /// The kinds of reaction recorded on any job it showed.
        public var events: Set<FeedbackEventKind>
    }

    /// One CV shown by a recruiter's request (`POST /match/job`), with the reactions to it.
    public struct CandidateShown: Sendable, Equatable {
        public var requestID: String
        public var cvID: String
        public var rank: Int
        public var biEncoderScore: Double
        public var events: Set<CandidateEventKind>
    }

    public var seekerRequests: [SeekerRequest]
    public var candidateRequests: [Request]
    public var candidatesShown: [CandidateShown]
}

extension FeedbackStore {
    /// The requests recorded at or after `since` and before `until` (nil: unbounded), in both
    /// directions, oldest first; reactions are read whenever they were recorded.
    public func auditLog(since: Date? = nil, until: Date? = nil) async throws -> AuditLog {
        try await read { db in
            let window = "(:since IS NULL OR r.created_at >= :since) AND (:until IS NULL OR r.created_at < :until)"
            let arguments: StatementArguments = ["since": since, "until": until]
            let seekers = try Row.fetchAll(db, sql: """
                SELECT r.*, (SELECT MAX(m.bi_encoder_score) FROM match_result m WHERE m.request_id = r.id) AS top_score,
                  (SELECT group_concat(DISTINCT e.event) FROM feedback_event e WHERE e.request_id = r.id) AS events
                FROM match_request r WHERE \(window) ORDER BY r.created_at, r.id
                """, arguments: arguments).map { row in
                AuditLog.SeekerRequest(
                    request: Self.auditRequest(row), cvID: row["cv_id"], cvSHA256: row["cv_sha256"], topScore: row["top_score"],
                    events: Set(Self.kinds(row["events"]).compactMap(FeedbackEventKind.init(rawValue:))))
            }
            let candidateRequests = try Row.fetchAll(db, sql: "SELECT r.* FROM candidate_request r WHERE \(window) ORDER BY r.created_at, r.id",
                                                     arguments: arguments).map(Self.auditRequest)
            let shown = try Row.fetchAll(db, sql: """
                SELECT c.request_id, c.cv_id, c.rank, c.bi_encoder_score,
                  (SELECT group_concat(DISTINCT e.event) FROM candidate_event e WHERE e.request_id = c.request_id AND e.cv_id = c.cv_id) AS events
                FROM candidate_result c JOIN candidate_request r ON r.id = c.request_id WHERE \(window)
                ORDER BY r.created_at, c.request_id, c.rank
                """, arguments: arguments).map { row in
                AuditLog.CandidateShown(requestID: row["request_id"], cvID: row["cv_id"], rank: row["rank"], biEncoderScore: row["bi_encoder_score"],
                                        events: Set(Self.kinds(row["events"]).compactMap(CandidateEventKind.init(rawValue:))))
            }
            return AuditLog(seekerRequests: seekers, candidateRequests: candidateRequests, candidatesShown: shown)
        }
    }

    static func auditRequest(_ row: Row) -> AuditLog.Request {
        AuditLog.Request(id: row["id"], createdAt: row["created_at"], modelVersion: row["model_version"],
                         indexVersion: row["index_version"], rankingVersion: row["ranking_version"])
    }

    /// SQLite's `group_concat` of event kinds, split.
    static func kinds(_ list: String?) -> [String] {
        (list ?? "").split(separator: ",").map(String.init)
    }
}
