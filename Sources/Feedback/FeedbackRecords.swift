import Foundation

/// A reaction to a shown job.
public enum FeedbackEventKind: String, Sendable, CaseIterable, Codable, Hashable {
    case like, dislike, applied, hired

    /// Whether the event makes the job a positive for the CV (like, applied, hired).
    public var isPositive: Bool { self != .dislike }

    /// What decides a (CV, job) once `next` is recorded after `current`: applied and hired stand
    /// for good; otherwise the latest like or dislike (export and judgments share the rule).
    static func deciding(_ current: Self?, _ next: Self) -> Self {
        if let current, current == .applied || current == .hired { return current }
        return next
    }
}

/// Who a match request was for: a known CV, or pasted text.
///
/// Pasted text is stored as its SHA-256 only, unless `keepText` is true (the user opted in, so
/// the request can become a training pair without a CV id).
public enum CVReference: Sendable, Equatable {
    case id(String)
    case text(String, keepText: Bool)
}

/// One job shown by a request, at its rank (1 is the top).
public struct ShownResult: Sendable, Equatable, Codable {
    public var jobID: String
    public var rank: Int
    /// The bi-encoder (retrieval) score.
    public var biEncoderScore: Double
    /// The cross-encoder score; nil when no reranker ran.
    public var rerankScore: Double?
    /// The explanation shown with it (skill ids and spans, no text); nil in rows stored before
    /// schema v5 or by callers that showed none.
    public var explanation: StoredExplanation?

    public init(jobID: String, rank: Int, biEncoderScore: Double, rerankScore: Double? = nil, explanation: StoredExplanation? = nil) {
        self.jobID = jobID
        self.rank = rank
        self.biEncoderScore = biEncoderScore
        self.rerankScore = rerankScore
        self.explanation = explanation
    }
}

/// The explanation a result was shown with, as stored (EU AI Act Art. 12-style logging): the
/// matched skills with their character spans in the CV's text, and the missing skills, by
/// canonical id. No CV text: spans point into a text the store keeps only with consent.
public struct StoredExplanation: Sendable, Equatable, Codable {
    public struct Matched: Sendable, Equatable, Codable {
        public var id: String
        public var cvSpans: [[Int]]
        public init(id: String, cvSpans: [[Int]]) { self.id = id; self.cvSpans = cvSpans }
        enum CodingKeys: String, CodingKey { case id, cvSpans = "cv_spans" }
    }

    public var matched: [Matched]
    public var missing: [String]

    public init(matched: [Matched], missing: [String]) {
        self.matched = matched
        self.missing = missing
    }
}

/// A stored match request (a row of `match_request`).
public struct MatchRequestRecord: Sendable, Equatable {
    public var id: String
    /// The caller's CV id, when the request named one.
    public var cvID: String?
    /// The hex SHA-256 of the pasted CV text, when the request had no CV id.
    public var cvSHA256: String?
    /// The pasted text, only when the caller opted in.
    public var cvText: String?
    public var createdAt: Date
    public var modelVersion: String
    public var indexVersion: String
    /// The order the results were shown in (`retrieval`, `fused@<reranker fingerprint>` …);
    /// nil for requests recorded before it was kept.
    public var rankingVersion: String?
    /// The filters the request applied (name → value).
    public var filters: [String: String]

    /// The value of the export's `cv_id` column: the CV id, else `sha256:<hex>`.
    public var cvKey: String { cvID ?? "sha256:" + (cvSHA256 ?? "") }
}

/// A stored reaction (a row of `feedback_event`).
public struct FeedbackEventRecord: Sendable, Equatable {
    public var id: Int64
    public var requestID: String
    public var jobID: String
    public var event: FeedbackEventKind
    public var createdAt: Date
    public var reason: String?
}
