/// One ranked job for a CV, with the reasons it fits and what is missing: the one wire type of a
/// match result, in `jobmatch match --json` and in `POST /match` alike.
///
/// JSON: snake_case keys, stable across versions; every key is always present, `null` when a value
/// is unknown (`rerank_score` is null when no cross-encoder ran).
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

    public init(rank: Int, jobID: String, title: String, company: String? = nil, location: String? = nil, country: String? = nil,
                level: String? = nil, url: String? = nil, score: Float, rerankScore: Float? = nil,
                matchedSkills: [SkillEvidence] = [], missingSkills: [SkillRef] = []) {
        self.rank = rank
        self.jobID = jobID
        self.title = title
        self.company = company
        self.location = location
        self.country = country
        self.level = level
        self.url = url
        self.score = score
        self.rerankScore = rerankScore
        self.matchedSkills = matchedSkills
        self.missingSkills = missingSkills
    }

    /// Writes every key, nil as `null`, so clients see one shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rank, forKey: .rank)
        try c.encode(jobID, forKey: .jobID)
        try c.encode(title, forKey: .title)
        try c.encode(company, forKey: .company)
        try c.encode(location, forKey: .location)
        try c.encode(country, forKey: .country)
        try c.encode(level, forKey: .level)
        try c.encode(url, forKey: .url)
        try c.encode(score, forKey: .score)
        try c.encode(rerankScore, forKey: .rerankScore)
        try c.encode(matchedSkills, forKey: .matchedSkills)
        try c.encode(missingSkills, forKey: .missingSkills)
    }
}

/// A skill by canonical id and display name, with its IDF weight.
public struct SkillRef: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    public var idf: Double

    public init(id: String, name: String, idf: Double) {
        self.id = id
        self.name = name
        self.idf = idf
    }
}

/// A matched skill and where the CV mentions it (character ranges into the CV text, at most 3).
public struct SkillEvidence: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    public var idf: Double
    /// [[start, end]] character offsets in the CV's normalised text; empty when the skill came
    /// from the CV's listed skills rather than its text.
    public var cvSpans: [[Int]]

    public init(id: String, name: String, idf: Double, cvSpans: [[Int]] = []) {
        self.id = id
        self.name = name
        self.idf = idf
        self.cvSpans = cvSpans
    }

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
    /// The order the results are in: `retrieval`, `rerank` or `fused`.
    public var ranking: Ranking
    /// The cross-encoder's fingerprint when one ordered them (nil for retrieval).
    public var rerankerFingerprint: String?
    public var results: [MatchResult]

    enum CodingKeys: String, CodingKey {
        case model, index, candidates, ranking, results
        case cvID = "cv_id", modelFingerprint = "model_fingerprint", indexCreated = "index_created"
        case rerankerFingerprint = "reranker_fingerprint"
    }

    /// `retrieval`, or the order and the reranker that made it (`fused@<fingerprint>`): what a
    /// stored request records as its ranking version.
    public var rankingVersion: String {
        rerankerFingerprint.map { "\(ranking.rawValue)@\($0)" } ?? ranking.rawValue
    }

    /// Writes every key, nil as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(cvID, forKey: .cvID)
        try c.encode(model, forKey: .model)
        try c.encode(modelFingerprint, forKey: .modelFingerprint)
        try c.encode(index, forKey: .index)
        try c.encode(indexCreated, forKey: .indexCreated)
        try c.encode(candidates, forKey: .candidates)
        try c.encode(ranking, forKey: .ranking)
        try c.encode(rerankerFingerprint, forKey: .rerankerFingerprint)
        try c.encode(results, forKey: .results)
    }
}
