import JobMatchCore

/// Reads `linkedin_job_postings.csv` (the public "1.3M LinkedIn Jobs & Skills (2024)" schema)
/// into `JobPosting`s without skills or summary (those come from the other two files).
public final class LinkedInPostingsReader {
    static let columns = [
        "job_link", "last_processed_time", "got_summary", "got_ner", "is_being_worked", "job_title",
        "company", "job_location", "first_seen", "search_city", "search_country", "search_position",
        "job_level", "job_type",
    ]
    public let csv: CSVReader
    private let link, processed, title, company, location, firstSeen, country, level, type: Int

    /// - Throws: `JobMatchError` if the file cannot be read or lacks a column of the schema.
    public init(path: String, rejects: RejectLog) throws {
        csv = try CSVReader(path: path, rejects: rejects)
        link = try csv.requireColumn("job_link")
        processed = try csv.requireColumn("last_processed_time")
        title = try csv.requireColumn("job_title")
        company = try csv.requireColumn("company")
        location = try csv.requireColumn("job_location")
        firstSeen = try csv.requireColumn("first_seen")
        country = try csv.requireColumn("search_country")
        level = try csv.requireColumn("job_level")
        type = try csv.requireColumn("job_type")
    }

    /// The next posting, or nil at the end; rows without a job_link are rejected.
    public func next() throws -> JobPosting? {
        while try csv.next() {
            guard let jobLink = csv.key(link) else { continue }
            return JobPosting(
                jobID: jobLink, source: .linkedin, url: jobLink, title: csv.string(title),
                company: csv.string(company).nonEmpty, location: csv.string(location).nonEmpty,
                country: csv.string(country).nonEmpty, level: csv.string(level).nonEmpty,
                type: csv.string(type).nonEmpty, firstSeen: csv.string(firstSeen).nonEmpty,
                lastProcessedTime: csv.string(processed).nonEmpty)
        }
        return nil
    }
}

/// One row of `job_skills.csv`.
public struct LinkedInSkillsRow: Sendable, Hashable {
    public var jobLink: String
    public var skills: [String]
}

/// One row of `job_summary.csv`.
public struct LinkedInSummaryRow: Sendable, Hashable {
    public var jobLink: String
    public var summary: String
}

/// Reads `job_skills.csv` (job_link, job_skills) or `job_summary.csv` (job_link, job_summary).
public final class LinkedInPartReader {
    public let csv: CSVReader
    private let link, value: Int

    /// - Parameter valueColumn: `job_skills` or `job_summary`.
    public init(path: String, valueColumn: String, rejects: RejectLog) throws {
        csv = try CSVReader(path: path, rejects: rejects)
        link = try csv.requireColumn("job_link")
        value = try csv.requireColumn(valueColumn)
    }

    /// The next (job_link, value) pair; rows without a job_link are rejected.
    public func next() throws -> (jobLink: String, value: String)? {
        while try csv.next() {
            guard let jobLink = csv.key(link) else { continue }
            return (jobLink, csv.string(value))
        }
        return nil
    }

    public func nextSkills() throws -> LinkedInSkillsRow? {
        try next().map { LinkedInSkillsRow(jobLink: $0.jobLink, skills: splitSkillList($0.value)) }
    }

    public func nextSummary() throws -> LinkedInSummaryRow? {
        try next().map { LinkedInSummaryRow(jobLink: $0.jobLink, summary: $0.value) }
    }
}
