/// One ranked job for a CV, with the reasons it fits and what is missing.
///
/// JSON (`jobmatch match --json`, `POST /match`): snake_case keys, stable across versions;
/// `rerank_score` is null when no cross-encoder ran.
public struct MatchResult: Sendable, Codable, Equatable {
    public var rank: Int
    public var jobID: String
    public var title: String
    public var company: String?
    public var location: String?
    public var country: String?
    public var level: String?
    public var url: String?
    /// Bi-encoder cosine similarity (inner product of unit vectors).
    public var score: Float
    /// Cross-encoder score, when a reranker ran.
    public var rerankScore: Float?
    /// Skills in both the CV and the job, most specific (highest IDF) first.
    public var matchedSkills: [SkillEvidence]
    /// Skills the job asks for that the CV does not show, most specific first.
    public var missingSkills: [SkillRef]

    enum CodingKeys: String, CodingKey {
        case rank, title, company, location, country, level, url, score
        case jobID = "job_id", rerankScore = "rerank_score", matchedSkills = "matched_skills", missingSkills = "missing_skills"
    }
}

/// A skill by canonical id and display name, with its IDF weight.
public struct SkillRef: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    public var idf: Double
}

/// A matched skill and where the CV mentions it (character ranges into the CV text, at most 3).
public struct SkillEvidence: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    public var idf: Double
    /// [[start, end]] character offsets in the CV's normalised text; empty when the skill came
    /// from the CV's listed skills rather than its text.
    public var cvSpans: [[Int]]

    enum CodingKeys: String, CodingKey {
        case id, name, idf
        case cvSpans = "cv_spans"
    }
}

/// The answer to one match request.
public struct MatchResponse: Sendable, Codable, Equatable {
    public var cvID: String?
    public var model: String
    public var modelFingerprint: String
    public var index: String
    public var indexCreated: String
    public var candidates: Int
    public var results: [MatchResult]

    enum CodingKeys: String, CodingKey {
        case model, index, candidates, results
        case cvID = "cv_id", modelFingerprint = "model_fingerprint", indexCreated = "index_created"
    }
}
