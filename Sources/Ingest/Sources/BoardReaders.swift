import JobMatchCore

/// Reads Glassdoor exports (the schema of `glassdoor_jobs.csv`: Job Title, Job Description,
/// Rating, Company Name, Location, Headquarters, Size, Founded, Type of ownership, Industry,
/// Sector, Revenue, Competitors) into `JobPosting`s.
///
/// Glassdoor rows have no id: the id is a stable hash of title, company, location and
/// description (`glassdoor:<hex>`), so duplicates share it. `-1` means unknown. Company names
/// carry the rating on a new line ("Tecolote Research\n3.8"); it is cut off.
public final class GlassdoorReader {
    static let columns = ["Job Title", "Job Description", "Company Name", "Location"]
    public let csv: CSVReader
    private let title, description, company, location: Int
    private let type: Int?

    public init(path: String, rejects: RejectLog) throws {
        csv = try CSVReader(path: path, rejects: rejects)
        title = try csv.requireColumn("Job Title")
        description = try csv.requireColumn("Job Description")
        company = try csv.requireColumn("Company Name")
        location = try csv.requireColumn("Location")
        type = csv.column("Type of ownership")
    }

    public func next() throws -> JobPosting? {
        guard try csv.next() else { return nil }
        let companyName = csv.string(company).split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        let t = csv.string(title), loc = csv.string(location), text = csv.string(description)
        return JobPosting(
            jobID: "glassdoor:" + stableID(t, companyName, loc, text), source: .glassdoor,
            title: t, company: companyName.nonEmpty, location: loc.nonEmpty,
            country: loc.nonEmpty.map(countryOf), type: type.flatMap { csv.string($0).nonEmpty },
            summary: text.nonEmpty)
    }
}

/// Reads Indeed exports in JobMatch's Indeed schema: job_id, job_title, company, location,
/// country, job_type, date_posted, salary, job_url, job_description.
public final class IndeedReader {
    static let columns = ["job_id", "job_title", "company", "location", "job_description"]
    public let csv: CSVReader
    private let id, title, company, location, description: Int
    private let country, type, date, url: Int?

    public init(path: String, rejects: RejectLog) throws {
        csv = try CSVReader(path: path, rejects: rejects)
        id = try csv.requireColumn("job_id")
        title = try csv.requireColumn("job_title")
        company = try csv.requireColumn("company")
        location = try csv.requireColumn("location")
        description = try csv.requireColumn("job_description")
        country = csv.column("country")
        type = csv.column("job_type")
        date = csv.column("date_posted")
        url = csv.column("job_url")
    }

    public func next() throws -> JobPosting? {
        while try csv.next() {
            guard let jobID = csv.key(id) else { continue }
            let loc = csv.string(location)
            return JobPosting(
                jobID: "indeed:" + jobID, source: .indeed, url: url.flatMap { csv.string($0).nonEmpty },
                title: csv.string(title), company: csv.string(company).nonEmpty, location: loc.nonEmpty,
                country: country.flatMap { csv.string($0).nonEmpty } ?? loc.nonEmpty.map(countryOf),
                type: type.flatMap { csv.string($0).nonEmpty }, firstSeen: date.flatMap { csv.string($0).nonEmpty },
                summary: csv.string(description).nonEmpty)
        }
        return nil
    }
}

/// The country a free-text location names: its last comma-separated part when that is a known
/// country, "United States" for "City, ST" (two capital letters), else the last part as given.
func countryOf(_ location: String) -> String {
    let last = location.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? location
    if last.count == 2, last.allSatisfy({ $0.isUppercase }) {
        return ["ON", "BC", "QC", "AB", "NS", "MB", "SK", "NB", "NL", "PE"].contains(last) ? "Canada" : "United States"
    }
    return last
}
