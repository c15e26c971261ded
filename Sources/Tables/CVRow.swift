/// One row of `tables/cvs.parquet`: a CV with its canonical skills, where its text names them,
/// and the text the encoder sees.
///
/// A projected read (`CVsTable.read(_:columns:)`) fills only the asked fields.
public struct CVRow: Sendable, Equatable {
    public var cvID: String
    public var name: String?
    public var headline: String?
    public var location: String?
    public var education: String?
    public var yearsExperience: Double?
    /// The source's category label, when it has one (evaluation only: never trained or tuned on).
    public var category: String?
    public var skillsListed: [String]
    /// Canonical skill ids: listed ones found in the vocabulary, then those found in the text.
    public var skills: [String]
    /// Where `text` names each skill.
    public var skillSpans: [SkillSpan]
    /// The normalised CV text (spans index into it).
    public var text: String
    /// The template-rendered text the encoder sees.
    public var embeddingText: String
    /// Whether the person lets recruiters find this CV: only such CVs enter the CV index.
    public var openToRecruiters: Bool

    public init(cvID: String = "", name: String? = nil, headline: String? = nil, location: String? = nil,
                education: String? = nil, yearsExperience: Double? = nil, category: String? = nil,
                skillsListed: [String] = [], skills: [String] = [], skillSpans: [SkillSpan] = [],
                text: String = "", embeddingText: String = "", openToRecruiters: Bool = false) {
        self.cvID = cvID
        self.name = name
        self.headline = headline
        self.location = location
        self.education = education
        self.yearsExperience = yearsExperience
        self.category = category
        self.skillsListed = skillsListed
        self.skills = skills
        self.skillSpans = skillSpans
        self.text = text
        self.embeddingText = embeddingText
        self.openToRecruiters = openToRecruiters
    }
}
