import Matching

/// The JSON bodies of the HTTP API. Wire names are snake_case (the `CodingKeys`);
/// `OpenAPIDocument` documents them.

/// `filters` of `POST /match`; every field optional.
public struct MatchFilters: Codable, Sendable, Equatable {
    public var country: String?
    public var level: String?
    public var remote: Bool?

    public init(country: String? = nil, level: String? = nil, remote: Bool? = nil) {
        self.country = country
        self.level = level
        self.remote = remote
    }

    /// As stored with the request in the feedback database.
    var stored: [String: String] {
        var out: [String: String] = [:]
        if let country { out["country"] = country }
        if let level { out["level"] = level }
        if let remote { out["remote"] = remote ? "true" : "false" }
        return out
    }
}

/// `POST /match`: exactly one of `text`, `cv_id` and `cv_file`.
struct MatchRequestBody: Decodable, Sendable {
    var text: String?
    var cvID: String?
    /// A CV file as sent (PDF, DOCX or text), read by Documents into `text` before validation.
    var cvFile: UploadedCVFile?
    var filters: MatchFilters?
    var top: Int?
    /// Store the pasted text with the request (so it can become training data); default false.
    var keepText: Bool?

    enum CodingKeys: String, CodingKey {
        case text, cvID = "cv_id", cvFile = "cv_file", filters, top, keepText = "keep_text"
    }
}

/// `POST /match/job`: CVs for a job, by job id or a posting's text (first line: its title).
struct CandidateRequestBody: Decodable, Sendable {
    var jobID: String?
    var jobText: String?
    var top: Int?

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id", jobText = "job_text", top
    }
}

/// The answer to `POST /match/job`: `jobmatch match --job-id --json`'s results, with versions.
struct CandidateResponseBody: Encodable, Sendable {
    var requestID: String
    var jobID: String?
    var title: String
    var modelVersion: String
    var indexVersion: String
    var rankingVersion: String
    var results: [CandidateResult]

    enum CodingKeys: String, CodingKey {
        case requestID = "request_id", jobID = "job_id", title, modelVersion = "model_version", indexVersion = "index_version"
        case rankingVersion = "ranking_version", results
    }

    /// Writes every key, `job_id` as `null` for a pasted posting.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(requestID, forKey: .requestID)
        try c.encode(jobID, forKey: .jobID)
        try c.encode(title, forKey: .title)
        try c.encode(modelVersion, forKey: .modelVersion)
        try c.encode(indexVersion, forKey: .indexVersion)
        try c.encode(rankingVersion, forKey: .rankingVersion)
        try c.encode(results, forKey: .results)
    }
}

/// `cv_file` of `POST /match`: the file's name (for the user's eyes only) and its bytes in base64.
struct UploadedCVFile: Decodable, Sendable {
    var name: String
    var contentBase64: String

    enum CodingKeys: String, CodingKey {
        case name, contentBase64 = "content_base64"
    }
}

/// The answer of `POST /match`; each result is Matching's `MatchResult`, the wire type `jobmatch
/// match --json` prints too.
struct MatchResponse: Codable, Sendable {
    var requestID: String
    var modelVersion: String
    var indexVersion: String
    /// The order shown (`retrieval`, `fused@<reranker fingerprint>` …), stored with the request.
    var rankingVersion: String?
    var results: [MatchResult]

    enum CodingKeys: String, CodingKey {
        case requestID = "request_id", modelVersion = "model_version", indexVersion = "index_version"
        case rankingVersion = "ranking_version", results
    }

    /// Writes every key, `ranking_version` as `null` when the service did not say.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(requestID, forKey: .requestID)
        try c.encode(modelVersion, forKey: .modelVersion)
        try c.encode(indexVersion, forKey: .indexVersion)
        try c.encode(rankingVersion, forKey: .rankingVersion)
        try c.encode(results, forKey: .results)
    }
}

/// `GET /jobs/{id}`.
public struct JobDetail: Codable, Sendable, Equatable {
    public var jobID: String
    public var title: String
    public var company: String
    public var location: String
    public var country: String?
    public var level: String?
    public var remote: Bool?
    public var url: String?
    public var skills: [String]
    public var summary: String?

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id", title, company, location, country, level, remote, url, skills, summary
    }

    public init(jobID: String, title: String, company: String, location: String, country: String? = nil,
                level: String? = nil, remote: Bool? = nil, url: String? = nil, skills: [String] = [], summary: String? = nil) {
        self.jobID = jobID
        self.title = title
        self.company = company
        self.location = location
        self.country = country
        self.level = level
        self.remote = remote
        self.url = url
        self.skills = skills
        self.summary = summary
    }
}

/// `POST /feedback`.
struct FeedbackRequestBody: Decodable, Sendable {
    var requestID: String
    var jobID: String
    var event: String
    var reason: String?

    enum CodingKeys: String, CodingKey {
        case requestID = "request_id", jobID = "job_id", event, reason
    }
}

/// `GET /explain`: one shown result as recorded, with its evidence.
struct ExplainResponse: Encodable, Sendable {
    /// The query parameters that name the result.
    static let requestParameter = "request_id", jobParameter = "job_id"

    struct Matched: Encodable, Sendable {
        var id: String
        var name: String?
        var cvSpans: [[Int]]
        enum CodingKeys: String, CodingKey { case id, name, cvSpans = "cv_spans" }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(name, forKey: .name)
            try c.encode(cvSpans, forKey: .cvSpans)
        }
    }
    struct Missing: Encodable, Sendable {
        var id: String
        var name: String?
        enum CodingKeys: String, CodingKey { case id, name }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(name, forKey: .name)
        }
    }
    var requestID: String
    var jobID: String
    var rank: Int
    var shownAt: String
    var biEncoderScore: Double
    var rerankScore: Double?
    var rankingVersion: String?
    var modelVersion: String
    var indexVersion: String
    var filters: [String: String]
    /// Nil for results stored before explanations were kept.
    var matchedSkills: [Matched]?
    var missingSkills: [Missing]?

    enum CodingKeys: String, CodingKey {
        case requestID = "request_id", jobID = "job_id", rank, shownAt = "shown_at", biEncoderScore = "bi_encoder_score"
        case rerankScore = "rerank_score", rankingVersion = "ranking_version", modelVersion = "model_version"
        case indexVersion = "index_version", filters, matchedSkills = "matched_skills", missingSkills = "missing_skills"
    }

    /// Writes every key, nil as `null`.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(requestID, forKey: .requestID)
        try c.encode(jobID, forKey: .jobID)
        try c.encode(rank, forKey: .rank)
        try c.encode(shownAt, forKey: .shownAt)
        try c.encode(biEncoderScore, forKey: .biEncoderScore)
        try c.encode(rerankScore, forKey: .rerankScore)
        try c.encode(rankingVersion, forKey: .rankingVersion)
        try c.encode(modelVersion, forKey: .modelVersion)
        try c.encode(indexVersion, forKey: .indexVersion)
        try c.encode(filters, forKey: .filters)
        try c.encode(matchedSkills, forKey: .matchedSkills)
        try c.encode(missingSkills, forKey: .missingSkills)
    }
}

/// `POST /feedback/candidate`: a recruiter's reaction to a CV a `POST /match/job` request showed.
struct CandidateFeedbackRequestBody: Decodable, Sendable {
    var requestID: String
    var cvID: String
    var event: String
    var reason: String?

    enum CodingKeys: String, CodingKey {
        case requestID = "request_id", cvID = "cv_id", event, reason
    }
}

/// The answer of `POST /feedback/candidate` (201).
struct CandidateFeedbackResponse: Codable, Sendable {
    var id: Int64
    var requestID: String
    var cvID: String
    var event: String

    enum CodingKeys: String, CodingKey {
        case id, requestID = "request_id", cvID = "cv_id", event
    }
}

/// The answer of `POST /feedback` (201).
struct FeedbackResponse: Codable, Sendable {
    var id: Int64
    var requestID: String
    var jobID: String
    var event: String

    enum CodingKeys: String, CodingKey {
        case id, requestID = "request_id", jobID = "job_id", event
    }
}

/// `GET /health`.
struct HealthResponse: Codable, Sendable {
    var status: String
    var modelVersion: String
    var indexVersion: String
    var indexSize: Int

    enum CodingKeys: String, CodingKey {
        case status, modelVersion = "model_version", indexVersion = "index_version", indexSize = "index_size"
    }
}

/// Every 4xx and 5xx body: `{"error": {"status": 422, "code": "job_not_shown", "message": "…"}}`.
struct ErrorBody: Codable, Sendable {
    struct Detail: Codable, Sendable {
        var status: Int
        var code: String
        var message: String
    }

    var error: Detail
}
