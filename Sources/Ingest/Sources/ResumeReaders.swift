import Foundation
import JobMatchCore

/// Reads CVs from JSON Lines: one object per line with `id` (string or number) and `text`
/// required; `name`, `headline`, `skills` (array of strings), `years_experience`, `education`,
/// `location`, `category` optional. A line that is not such an object is rejected with the reason.
public final class ResumeJSONLReader {
    public let lines: LineReader
    private let decoder = JSONDecoder()

    public init(path: String, rejects: RejectLog) throws {
        lines = try LineReader(path: path, rejects: rejects)
    }

    public func next() throws -> Resume? {
        while try lines.next() {
            do {
                let cv = try decoder.decode(ResumeRecord.self, from: Data(lines.bytes)).resume
                guard !cv.id.isEmpty else { throw ResumeRecord.Problem("empty field 'id'") }
                return cv
            } catch {
                lines.rejects.record(
                    Rejection(source: lines.path, line: lines.line, reason: Self.reason(error)), raw: lines.bytes)
            }
        }
        return nil
    }

    /// A short reason for a decoding failure, naming the field.
    static func reason(_ error: any Error) -> String {
        switch error {
        case let p as ResumeRecord.Problem: return p.message
        case DecodingError.keyNotFound(let key, _): return "missing field '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let ctx), DecodingError.valueNotFound(_, let ctx):
            let field = ctx.codingPath.map(\.stringValue).joined(separator: ".")
            return field.isEmpty ? "not a JSON object" : "field '\(field)' has the wrong type"
        case DecodingError.dataCorrupted(let ctx):
            return ctx.codingPath.isEmpty ? "not valid JSON" : "field '\(ctx.codingPath.map(\.stringValue).joined(separator: "."))' is invalid"
        default: return "not valid JSON"
        }
    }
}

/// The JSON shape of a CV line (id may be a number).
struct ResumeRecord: Decodable {
    struct Problem: Error { let message: String; init(_ m: String) { message = m } }
    let resume: Resume

    enum Keys: String, CodingKey {
        case id, name, headline, text, skills, years_experience, education, location, category, open_to_recruiters
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let id: String
        if let s = try? c.decode(String.self, forKey: .id) { id = s } else if let n = try? c.decode(Int.self, forKey: .id) {
            id = String(n)
        } else if c.contains(.id) { throw Problem("field 'id' is neither a string nor an integer") } else {
            throw Problem("missing field 'id'")
        }
        resume = Resume(
            id: id, name: try c.decodeIfPresent(String.self, forKey: .name),
            headline: try c.decodeIfPresent(String.self, forKey: .headline),
            text: try c.decode(String.self, forKey: .text),
            skills: try c.decodeIfPresent([String].self, forKey: .skills) ?? [],
            yearsExperience: try c.decodeIfPresent(Double.self, forKey: .years_experience),
            education: try c.decodeIfPresent(String.self, forKey: .education),
            location: try c.decodeIfPresent(String.self, forKey: .location),
            category: try c.decodeIfPresent(String.self, forKey: .category),
            openToRecruiters: try c.decodeIfPresent(Bool.self, forKey: .open_to_recruiters))
    }
}

/// Reads CVs from CSV with `Category` and `Resume` columns (UpdatedResumeDataSet.csv). The id is
/// a stable hash of the text (`cv:<hex>`), so duplicated resumes share it.
public final class ResumeCSVReader {
    public let csv: CSVReader
    private let category, text: Int

    public init(path: String, rejects: RejectLog) throws {
        csv = try CSVReader(path: path, rejects: rejects)
        category = try csv.requireColumn("Category")
        text = try csv.requireColumn("Resume")
    }

    public func next() throws -> Resume? {
        while try csv.next() {
            let body = csv.string(text)
            guard body.nonEmpty != nil else {
                csv.rejects.record(Rejection(source: csv.path, line: csv.line, reason: "empty Resume text"))
                continue
            }
            return Resume(id: "cv:" + stableID(body), text: body, category: csv.string(category).nonEmpty)
        }
        return nil
    }
}
