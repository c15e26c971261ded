/// One ranked CV for a job, seen from the job's side: the job's skills the CV shows (with where
/// the CV says so) and those it lacks. The wire type of `match --job-id --json` and
/// `POST /match/job`. No name, no contact: a recruiter sees the CV id, headline and place until
/// the person answers.
///
/// JSON: snake_case keys; every key always present, `null` when unknown.
public struct CandidateResult: Sendable, Codable, Equatable {
    public var rank: Int
    public var cvID: String
    public var headline: String?
    public var location: String?
    public var yearsExperience: Double?
    /// Bi-encoder cosine: the same number `match --cv-id` gives this (CV, job) pair.
    public var score: Float
    /// Cross-encoder score, when a reranker ran.
    public var rerankScore: Float?
    /// The job's skills the CV shows, most specific first, with spans in the CV's text.
    public var matchedSkills: [SkillEvidence]
    /// The job's skills the CV does not show, most specific first.
    public var missingSkills: [SkillRef]

    enum CodingKeys: String, CodingKey {
        case rank, headline, location, score
        case cvID = "cv_id", yearsExperience = "years_experience", rerankScore = "rerank_score"
        case matchedSkills = "matched_skills", missingSkills = "missing_skills"
    }

    public init(rank: Int, cvID: String, headline: String?, location: String?, yearsExperience: Double?, score: Float,
                rerankScore: Float?, matchedSkills: [SkillEvidence], missingSkills: [SkillRef]) {
        self.rank = rank
        self.cvID = cvID
        self.headline = headline
        self.location = location
        self.yearsExperience = yearsExperience
        self.score = score
        self.rerankScore = rerankScore
        self.matchedSkills = matchedSkills
        self.missingSkills = missingSkills
    }

    /// Writes every key, nil as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rank, forKey: .rank)
        try c.encode(cvID, forKey: .cvID)
        try c.encode(headline, forKey: .headline)
        try c.encode(location, forKey: .location)
        try c.encode(yearsExperience, forKey: .yearsExperience)
        try c.encode(score, forKey: .score)
        try c.encode(rerankScore, forKey: .rerankScore)
        try c.encode(matchedSkills, forKey: .matchedSkills)
        try c.encode(missingSkills, forKey: .missingSkills)
    }
}

/// The answer to one request for candidates.
public struct CandidateResponse: Sendable, Codable, Equatable {
    /// The job asked about: its id (nil for a pasted posting) and title.
    public var jobID: String?
    public var title: String
    public var model: String
    public var modelFingerprint: String
    /// `cvs.faiss`, and how many CVs it holds (those open to recruiters).
    public var index: String
    public var indexCVs: Int
    public var candidates: Int
    public var ranking: Ranking
    public var rerankerFingerprint: String?
    public var results: [CandidateResult]

    public init(jobID: String?, title: String, model: String, modelFingerprint: String, index: String, indexCVs: Int, candidates: Int,
                ranking: Ranking, rerankerFingerprint: String?, results: [CandidateResult]) {
        self.jobID = jobID
        self.title = title
        self.model = model
        self.modelFingerprint = modelFingerprint
        self.index = index
        self.indexCVs = indexCVs
        self.candidates = candidates
        self.ranking = ranking
        self.rerankerFingerprint = rerankerFingerprint
        self.results = results
    }

    enum CodingKeys: String, CodingKey {
        case title, model, index, candidates, ranking, results
        case jobID = "job_id", modelFingerprint = "model_fingerprint", indexCVs = "index_cvs", rerankerFingerprint = "reranker_fingerprint"
    }

    /// Writes every key, nil as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(jobID, forKey: .jobID)
        try c.encode(title, forKey: .title)
        try c.encode(model, forKey: .model)
        try c.encode(modelFingerprint, forKey: .modelFingerprint)
        try c.encode(index, forKey: .index)
        try c.encode(indexCVs, forKey: .indexCVs)
        try c.encode(candidates, forKey: .candidates)
        try c.encode(ranking, forKey: .ranking)
        try c.encode(rerankerFingerprint, forKey: .rerankerFingerprint)
        try c.encode(results, forKey: .results)
    }
}
