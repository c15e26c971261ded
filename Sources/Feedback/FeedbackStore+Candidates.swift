import Foundation
import GRDB

/// A recruiter's reaction to a CV shown for a job.
public enum CandidateEventKind: String, Sendable, CaseIterable, Codable {
    case like, dislike, contacted, hired

    /// Whether the event makes the CV a positive for the job (all but dislike).
    public var isPositive: Bool { self != .dislike }

    /// What decides a (CV, job) once `next` is recorded after `current`: contacted and hired
    /// stand for good; otherwise the latest like or dislike.
    static func deciding(_ current: Self?, _ next: Self) -> Self {
        if let current, current == .contacted || current == .hired { return current }
        return next
    }
}

/// Which job a request for CVs was about: a job of the jobs table, or a pasted posting (stored
/// as its SHA-256 only).
public enum JobReference: Sendable, Equatable {
    case id(String)
    case text(String)
}

/// One CV a request for candidates showed.
public struct ShownCandidate: Sendable, Equatable {
    public var cvID: String
    public var rank: Int
    public var biEncoderScore: Double
    public var rerankScore: Double?

    public init(cvID: String, rank: Int, biEncoderScore: Double, rerankScore: Double? = nil) {
        self.cvID = cvID
        self.rank = rank
        self.biEncoderScore = biEncoderScore
        self.rerankScore = rerankScore
    }
}

/// A stored reaction to a shown CV.
public struct CandidateEventRecord: Sendable, Equatable {
    public var id: Int64
    public var requestID: String
    public var cvID: String
    public var event: CandidateEventKind
    /// The job the request was about (nil for a pasted posting).
    public var jobID: String?
}

/// The other direction's feedback: what a recruiter was shown for a job and how they reacted
/// (`candidate_*` tables, schema v4), with the same rules as ``recordRequest`` / ``recordEvent``.
extension FeedbackStore {
    /// Records a request for candidates and the CVs it showed, in one transaction.
    /// - Throws: `invalidArgument` for an empty id, a duplicate CV or rank, a rank below 1, a
    ///   score that is not finite, more than ``maxResults`` CVs, or a request id already stored.
    @discardableResult
    public func recordCandidateRequest(job: JobReference, modelVersion: String, indexVersion: String, rankingVersion: String? = nil,
                                       results: [ShownCandidate], id: String? = nil) async throws -> String {
        let requestID = id ?? UUID().uuidString.lowercased()
        guard !requestID.isEmpty else { throw FeedbackError(.invalidArgument, "request id is empty") }
        let (jobID, sha): (String?, String?) = switch job {
        case .id(let value): (value, nil)
        case .text(let value): (nil, SHA256.hex(value))
        }
        if jobID?.isEmpty == true { throw FeedbackError(.invalidArgument, "job id is empty") }
        guard results.count <= Self.maxResults else {
            throw FeedbackError(.invalidArgument, "\(results.count) results; at most \(Self.maxResults) may be recorded")
        }
        guard Set(results.map(\.cvID)).count == results.count, Set(results.map(\.rank)).count == results.count,
              results.allSatisfy({ !$0.cvID.isEmpty && $0.rank >= 1 && $0.biEncoderScore.isFinite && ($0.rerankScore?.isFinite ?? true) }) else {
            throw FeedbackError(.invalidArgument, "CV ids and ranks must be distinct and non-empty, ranks at least 1, scores finite")
        }
        let now = clock()
        try await run { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM candidate_request WHERE id = ?)", arguments: [requestID]) == true {
                throw FeedbackError(.invalidArgument, "request \(requestID) is already recorded")
            }
            try db.execute(sql: """
                INSERT INTO candidate_request (id, job_id, job_sha256, created_at, model_version, index_version, ranking_version)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [requestID, jobID, sha, now, modelVersion, indexVersion, rankingVersion])
            let insert = try db.makeStatement(sql: """
                INSERT INTO candidate_result (request_id, cv_id, rank, bi_encoder_score, rerank_score) VALUES (?, ?, ?, ?, ?)
                """)
            for r in results { try insert.execute(arguments: [requestID, r.cvID, r.rank, r.biEncoderScore, r.rerankScore]) }
        }
        return requestID
    }

    /// Records a recruiter's reaction to a CV that `requestID` showed.
    /// - Throws: `unknownRequest`, `cvNotShown` (the CV was not among the request's results),
    ///   `invalidArgument` for a reason over ``maxReasonLength``.
    @discardableResult
    public func recordCandidateEvent(requestID: String, cvID: String, event: CandidateEventKind,
                                     reason: String? = nil) async throws -> CandidateEventRecord {
        if let reason, reason.count > Self.maxReasonLength {
            throw FeedbackError(.invalidArgument, "reason is longer than \(Self.maxReasonLength) characters")
        }
        let now = clock()
        return try await run { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT job_id FROM candidate_request WHERE id = ?", arguments: [requestID]) else {
                throw FeedbackError(.unknownRequest, "no candidate request with id \(Self.quoted(requestID))")
            }
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM candidate_result WHERE request_id = ? AND cv_id = ?)",
                                    arguments: [requestID, cvID]) == true else {
                throw FeedbackError(.cvNotShown, "CV \(Self.quoted(cvID)) was not shown in request \(requestID)")
            }
            try db.execute(sql: "INSERT INTO candidate_event (request_id, cv_id, event, created_at, reason) VALUES (?, ?, ?, ?, ?)",
                           arguments: [requestID, cvID, event.rawValue, now, reason])
            return CandidateEventRecord(id: db.lastInsertedRowID, requestID: requestID, cvID: cvID, event: event, jobID: row["job_id"])
        }
    }

    /// Every recruiter reaction to a CV shown for a job of the jobs table, in the order recorded.
    public func candidateEvents() async throws -> [CandidateEventRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT e.id, e.request_id, e.cv_id, e.event, r.job_id FROM candidate_event e
                JOIN candidate_request r ON r.id = e.request_id ORDER BY e.id
                """).compactMap { row in
                CandidateEventKind(rawValue: row["event"]).map {
                    CandidateEventRecord(id: row["id"], requestID: row["request_id"], cvID: row["cv_id"], event: $0, jobID: row["job_id"])
                }
            }
        }
    }
}
