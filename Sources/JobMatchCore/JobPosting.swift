/// Where a posting came from.
public enum JobSource: String, Codable, Sendable, CaseIterable {
    case linkedin, indeed, glassdoor
}

/// One job posting as read from a source, before processing.
///
/// LinkedIn postings arrive in three parts (posting row, skills row, summary row) joined on
/// `jobID` (the job_link); a part that is missing stays `nil` / empty here.
public struct JobPosting: Codable, Sendable, Hashable {
    /// Stable id: LinkedIn's job_link, or a source-prefixed id for Indeed / Glassdoor.
    public var jobID: String
    public var source: JobSource
    public var url: String?
    public var title: String
    public var company: String?
    public var location: String?
    public var country: String?
    /// Seniority as the source spells it ("Mid senior", "Associate").
    public var level: String?
    /// Employment type ("Onsite", "Remote", "Full-time").
    public var type: String?
    /// The day the posting was first seen (`YYYY-MM-DD`), as the source gives it.
    public var firstSeen: String?
    /// LinkedIn's last_processed_time, kept verbatim: used to keep the latest of duplicates.
    public var lastProcessedTime: String?
    /// Skills as the source lists them (LinkedIn's job_skills row), not yet canonical.
    public var skillsListed: [String]
    /// The posting's description / summary text.
    public var summary: String?

    public init(
        jobID: String, source: JobSource, url: String? = nil, title: String, company: String? = nil,
        location: String? = nil, country: String? = nil, level: String? = nil, type: String? = nil,
        firstSeen: String? = nil, lastProcessedTime: String? = nil, skillsListed: [String] = [],
        summary: String? = nil
    ) {
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
        self.lastProcessedTime = lastProcessedTime
        self.skillsListed = skillsListed
        self.summary = summary
    }
}
