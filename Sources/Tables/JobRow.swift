/// One row of `tables/jobs.parquet`: a joined, filtered posting with its canonical skills, where
/// the summary names them, and the text the encoder sees.
///
/// A projected read (`JobsTable.read(_:columns:)`) fills only the asked fields; the others keep
/// their empty defaults.
public struct JobRow: Sendable, Equatable {
    public var jobID: String
    /// The source's name (`linkedin`, `indeed`, `glassdoor`).
    public var source: String
    public var url: String?
    public var title: String
    public var company: String?
    public var location: String?
    public var country: String?
    public var level: String?
    public var type: String?
    public var firstSeen: String?
    /// The guessed language (`en`, …, `unknown`).
    public var language: String
    /// Skills as the source listed them.
    public var skillsListed: [String]
    /// Canonical skill ids: listed ones found in the vocabulary, then those found in the summary.
    public var skills: [String]
    /// Where the summary names each skill.
    public var skillSpans: [SkillSpan]
    public var summary: String?
    /// The template-rendered text the encoder sees.
    public var embeddingText: String

    public init(jobID: String = "", source: String = "", url: String? = nil, title: String = "", company: String? = nil,
                location: String? = nil, country: String? = nil, level: String? = nil, type: String? = nil,
                firstSeen: String? = nil, language: String = "", skillsListed: [String] = [], skills: [String] = [],
                skillSpans: [SkillSpan] = [], summary: String? = nil, embeddingText: String = "") {
        self.jobID = jobID
        self.source = source
        self.url = url
        self.title = title
        self.company = company
        self.location = location
        self.country = country
        self.level = level
        self.type = type
        self.firstSeen = firstSeen
        self.language = language
        self.skillsListed = skillsListed
        self.skills = skills
        self.skillSpans = skillSpans
        self.summary = summary
        self.embeddingText = embeddingText
    }
}
