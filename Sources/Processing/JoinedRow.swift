import Enrichment
import Foundation
import Ingest
import JobMatchCore

/// The joined posting row, defined once: its columns in order, its binary form in spill files,
/// and its string form for the Spark job (the board postings it reads and the rows it writes).
/// The table writer takes the typed `JobPosting` these decode to.
///
/// | column | `JobPosting` | note |
/// | --- | --- | --- |
/// | job_id, source, url, title, company, location, country, level, type, first_seen, last_processed_time | same names | strings, nil = null |
/// | skills | `skillsListed` | a list in spill files; in Spark's string form either the source's comma-separated text, split once by `splitSkillList` (raw files), or the list as a JSON array, kept exactly (the event log's records: `SkillsForm`) |
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

    /// How the skills column is spelled in the string form.
    enum SkillsForm {
        /// Comma-separated text (the LinkedIn CSV's own form), nil when none; split by `splitSkillList`.
        case text
        /// A JSON array of strings, `[]` when empty: the list exactly (what the event log's records hold).
        case jsonArray
    }

    /// The string form, in `columns` order.
    static func strings(of p: JobPosting, skills form: SkillsForm = .text) -> [String?] {
        [p.jobID, p.source.rawValue, p.url, p.title, p.company, p.location, p.country, p.level, p.type,
         p.firstSeen, p.lastProcessedTime, skillsString(p.skillsListed, form), p.summary]
    }

    static func skillsString(_ skills: [String], _ form: SkillsForm) -> String? {
        switch form {
        case .text: return skills.isEmpty ? nil : skills.joined(separator: ", ")
        case .jsonArray:
            let data = (try? JSONEncoder().encode(skills)) ?? Data("[]".utf8)
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// A posting from the string form (as Spark wrote it); the skills are split or decoded here, once.
    static func posting(fromStrings f: [String?], file: String, skills form: SkillsForm = .text) throws -> JobPosting {
        guard f.count == columns.count, let id = f[0], let source = f[1].flatMap(JobSource.init(rawValue:)) else {
            throw ProcessingError(.schema, "joined row has the wrong shape (job_id and source are required)", file: file)
        }
        var skills: [String] = []
        if let text = f[11] {
            switch form {
            case .text: skills = splitSkillList(text)
            case .jsonArray:
                guard let list = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else {
                    throw ProcessingError(.schema, "joined row \(id): skills is not a JSON array of strings", file: file)
                }
                skills = list
            }
        }
        return JobPosting(
            jobID: id, source: source, url: f[2], title: f[3] ?? "", company: f[4], location: f[5], country: f[6],
            level: f[7], type: f[8], firstSeen: f[9], lastProcessedTime: f[10],
            skillsListed: skills, summary: f[12])
    }
}
