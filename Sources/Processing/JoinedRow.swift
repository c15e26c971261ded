import Ingest
import JobMatchCore

/// The joined posting row, defined once: its columns in order, its binary form in spill files,
/// and its string form for the Spark job (the board postings it reads and the rows it writes).
/// The table writer takes the typed `JobPosting` these decode to.
///
/// | column | `JobPosting` | note |
/// | --- | --- | --- |
/// | job_id, source, url, title, company, location, country, level, type, first_seen, last_processed_time | same names | strings, nil = null |
/// | skills | `skillsListed` | a list in spill files; in Spark's string form the source's comma-separated text, split once by `splitSkillList` |
/// | summary | `summary` | |
enum JoinedRow {
    /// Column names, in order (Spark's boards input and joined output use exactly these).
    static let columns = [
        "job_id", "source", "url", "title", "company", "location", "country", "level", "type",
        "first_seen", "last_processed_time", "skills", "summary",
    ]

    /// Appends `p` in the spill layout (columns in order; skills as a list).
    static func encode(_ p: JobPosting, into e: inout RowEncoder) {
        e.string(p.jobID)
        e.string(p.source.rawValue)
        for s in [p.url, p.title, p.company, p.location, p.country, p.level, p.type, p.firstSeen, p.lastProcessedTime] { e.string(s) }
        e.strings(p.skillsListed)
        e.string(p.summary)
    }

    static func decode(_ d: inout RowDecoder) throws -> JobPosting {
        let id = try d.requiredString()
        guard let source = JobSource(rawValue: try d.requiredString()) else { throw RowDecoder.Truncated() }
        var f: [String?] = []
        for _ in 0..<9 { f.append(try d.string()) }
        let skills = try d.strings()
        let summary = try d.string()
        return JobPosting(jobID: id, source: source, url: f[0], title: f[1] ?? "", company: f[2], location: f[3], country: f[4],
                          level: f[5], type: f[6], firstSeen: f[7], lastProcessedTime: f[8], skillsListed: skills, summary: summary)
    }

    /// The string form, in `columns` order (skills joined by ", ", nil when none).
    static func strings(of p: JobPosting) -> [String?] {
        [p.jobID, p.source.rawValue, p.url, p.title, p.company, p.location, p.country, p.level, p.type,
         p.firstSeen, p.lastProcessedTime, p.skillsListed.isEmpty ? nil : p.skillsListed.joined(separator: ", "), p.summary]
    }

    /// A posting from the string form (as Spark wrote it); the skills text is split here, once.
    static func posting(fromStrings f: [String?], file: String) throws -> JobPosting {
        guard f.count == columns.count, let id = f[0], let source = f[1].flatMap(JobSource.init(rawValue:)) else {
            throw ProcessingError(.schema, "joined row has the wrong shape (job_id and source are required)", file: file)
        }
        return JobPosting(
            jobID: id, source: source, url: f[2], title: f[3] ?? "", company: f[4], location: f[5], country: f[6],
            level: f[7], type: f[8], firstSeen: f[9], lastProcessedTime: f[10],
            skillsListed: f[11].map(splitSkillList) ?? [], summary: f[12])
    }
}
