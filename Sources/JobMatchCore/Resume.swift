/// One CV as read from a source (JSONL or CSV).
public struct Resume: Codable, Sendable, Hashable {
    public var id: String
    public var name: String?
    public var headline: String?
    /// The full CV text.
    public var text: String
    /// Skills the CV lists explicitly (not yet canonical).
    public var skills: [String]
    public var yearsExperience: Double?
    public var education: String?
    public var location: String?
    /// A category label where the source has one (UpdatedResumeDataSet's `Category`).
    public var category: String?
    /// Whether the person lets recruiters find this CV (`jobmatch match --job-id`): only such CVs
    /// enter the CV index. Nil — the source did not say — counts as no.
    public var openToRecruiters: Bool?

    public init(
        id: String, name: String? = nil, headline: String? = nil, text: String, skills: [String] = [],
        yearsExperience: Double? = nil, education: String? = nil, location: String? = nil,
        category: String? = nil, openToRecruiters: Bool? = nil
    ) {
        self.id = id
        self.name = name
        self.headline = headline
        self.text = text
        self.skills = skills
        self.yearsExperience = yearsExperience
        self.education = education
        self.location = location
        self.category = category
        self.openToRecruiters = openToRecruiters
    }

    enum CodingKeys: String, CodingKey {
        case id, name, headline, text, skills
        case yearsExperience = "years_experience"
        case education, location, category
        case openToRecruiters = "open_to_recruiters"
    }
}
