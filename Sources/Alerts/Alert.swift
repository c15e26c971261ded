import Foundation
import Matching

/// One alert: a new or corrected posting that matches a standing search. The wire type of
/// `alerts/alerts.jsonl` and of `GET /alerts`.
///
/// Its key is (CV id, job id, job version): a posting whose joined content changes (its skills
/// or summary arrive later, a corrected record) is a new version and may alert again; the same
/// version never alerts twice.
public struct Alert: Sendable, Codable, Equatable {
    public var cvID: String
    public var jobID: String
    /// The joined posting's content hash (see ``IndexSegment/version(of:)``).
    public var jobVersion: String
    public var title: String
    public var company: String?
    public var url: String?
    /// Cosine of the CV's and the posting's vectors.
    public var score: Float
    public var matchedSkills: [SkillEvidence]
    public var missingSkills: [SkillRef]
    /// When the alert was written (ISO 8601, UTC).
    public var time: String

    enum CodingKeys: String, CodingKey {
        case title, company, url, score, time
        case cvID = "cv_id", jobID = "job_id", jobVersion = "job_version"
        case matchedSkills = "matched_skills", missingSkills = "missing_skills"
    }

    public struct Key: Hashable, Sendable {
        public var cvID: String
        public var jobID: String
        public var jobVersion: String

        public init(cvID: String, jobID: String, jobVersion: String) {
            self.cvID = cvID
            self.jobID = jobID
            self.jobVersion = jobVersion
        }
    }

    public var key: Key { Key(cvID: cvID, jobID: jobID, jobVersion: jobVersion) }

    public init(cvID: String, jobID: String, jobVersion: String, title: String, company: String?, url: String?, score: Float,
                matchedSkills: [SkillEvidence], missingSkills: [SkillRef], time: String) {
        self.cvID = cvID
        self.jobID = jobID
        self.jobVersion = jobVersion
        self.title = title
        self.company = company
        self.url = url
        self.score = score
        self.matchedSkills = matchedSkills
        self.missingSkills = missingSkills
        self.time = time
    }

    /// Writes every key, nil as `null`, so clients see one shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(cvID, forKey: .cvID)
        try c.encode(jobID, forKey: .jobID)
        try c.encode(jobVersion, forKey: .jobVersion)
        try c.encode(title, forKey: .title)
        try c.encode(company, forKey: .company)
        try c.encode(url, forKey: .url)
        try c.encode(score, forKey: .score)
        try c.encode(matchedSkills, forKey: .matchedSkills)
        try c.encode(missingSkills, forKey: .missingSkills)
        try c.encode(time, forKey: .time)
    }
}
