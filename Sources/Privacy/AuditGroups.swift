import Foundation

/// The self-reported categories an auditor supplies for the bias audit, one row per CV id.
///
/// Nothing is inferred: a CV's sex and race/ethnicity are what this file says, and a CV it does
/// not list, or lists with an empty value or `unknown`, is in the "unknown" category of that
/// dimension (counted, never guessed). The file is CSV (RFC 4180 quoting, UTF-8, LF or CRLF):
///
/// ```
/// cv_id,sex,race_ethnicity
/// cv-17,Female,Hispanic or Latino
/// cv-18,Male,"Black or African American"
/// cv-19,,unknown
/// ```
///
/// The header names exactly these three columns, in any order. Every other problem stops the
/// audit with `FILE:LINE: reason` (``PrivacyError/Kind/badGroupsFile``): another column, a line
/// with a different number of fields, a broken quote, an empty or repeated CV id, or one category
/// written in two cases ("Female" and "female" would silently split a category). Empty lines are
/// not records and are passed over. Categories are kept as written; EEO-1's (the ones Local Law
/// 144's rules name) are expected but not enforced.
public struct AuditGroups: Sendable, Equatable {
    /// One CV's categories; nil is unknown.
    public struct Person: Sendable, Equatable {
        public var sex: String?
        public var raceEthnicity: String?

        public init(sex: String?, raceEthnicity: String?) {
            self.sex = sex
            self.raceEthnicity = raceEthnicity
        }
    }

    /// The columns, as the header must name them.
    public static let columns = ["cv_id", "sex", "race_ethnicity"]

    /// Categories by CV id.
    public var people: [String: Person]

    public init(people: [String: Person]) { self.people = people }

    /// Reads and checks the file at `path`.
    /// - Throws: ``PrivacyError`` `io` when it cannot be read, `badGroupsFile` with line and reason.
    public static func read(path: String) throws -> AuditGroups {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PrivacyError(.io, "\(path): cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PrivacyError(.badGroupsFile, "\(path): is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// Parses the file's text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws -> AuditGroups {
        var body = Substring(text)
        if body.first == "\u{FEFF}" { body = body.dropFirst() }
        var header: [String]?
        var people: [String: Person] = [:]
        var lineOf: [String: Int] = [:]
        // The first spelling of each category, lowercased → (spelling, line), per column.
        var spellings: [String: [String: (String, Int)]] = [:]
        // "\r\n" is one Character in Swift, so both line ends are named.
        for (index, line) in body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let number = index + 1
            func fail(_ reason: String) -> PrivacyError { PrivacyError(.badGroupsFile, "\(file):\(number): \(reason)") }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let fields = try fields(of: line).get(orThrow: fail)
            guard let columns = header else {
                header = try checkedHeader(fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }, fail: fail)
                continue
            }
            guard fields.count == columns.count else {
                throw fail("\(fields.count) fields; the header has \(columns.count) (\(columns.joined(separator: ",")))")
            }
            var values: [String: String?] = [:]
            for (column, raw) in zip(columns, fields) {
                let value = raw.trimmingCharacters(in: .whitespaces)
                values[column] = value.isEmpty || value.lowercased() == "unknown" ? nil : value
            }
            guard let id = values["cv_id"] ?? nil else { throw fail("empty cv_id") }
            if let first = lineOf[id] { throw fail("cv_id \(quoted(id)) is listed again (first on line \(first))") }
            for column in ["sex", "race_ethnicity"] {
                guard let value = values[column] ?? nil else { continue }
                let key = value.lowercased()
                if let (spelling, at) = spellings[column]?[key], spelling != value {
                    throw fail("\(column) \(quoted(value)) differs from \(quoted(spelling)) (line \(at)) only in case; write each category one way")
                }
                if spellings[column]?[key] == nil { spellings[column, default: [:]][key] = (value, number) }
            }
            lineOf[id] = number
            people[id] = Person(sex: values["sex"] ?? nil, raceEthnicity: values["race_ethnicity"] ?? nil)
        }
        guard header != nil else { throw PrivacyError(.badGroupsFile, "\(file):1: empty file; the header is \(columns.joined(separator: ","))") }
        return AuditGroups(people: people)
    }

    private static func checkedHeader(_ names: [String], fail: (String) -> PrivacyError) throws -> [String] {
        var seen = Set<String>()
        for name in names {
            guard columns.contains(name) else {
                throw fail("unknown column \(quoted(name)); the columns are \(columns.joined(separator: ", ")) (nothing else is read, nothing is inferred)")
            }
            guard seen.insert(name).inserted else { throw fail("column \(quoted(name)) appears twice") }
        }
        let missing = columns.filter { !seen.contains($0) }
        guard missing.isEmpty else { throw fail("missing column \(missing.joined(separator: ", ")); the header is \(columns.joined(separator: ","))") }
        return names
    }

    /// The fields of one CSV line: commas separate, a field may be quoted with `"` (`""` inside
    /// is a quote). Quoted newlines are not supported: such a quote is unterminated.
    static func fields(of line: Substring) -> Result<[String], FieldError> {
        var fields: [String] = []
        var field = ""
        var chars = line.makeIterator()
        var quoted = false, wasQuoted = false, column = 0
        while let c = chars.next() {
            column += 1
            if quoted {
                if c == "\"" {
                    // A doubled quote is a quote; a single one ends the field's quoted part.
                    var lookahead = chars
                    if lookahead.next() == "\"" { field.append("\""); chars = lookahead; column += 1 } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else if c == "," {
                fields.append(field); field = ""; wasQuoted = false
            } else if c == "\"" {
                guard field.trimmingCharacters(in: .whitespaces).isEmpty, !wasQuoted else { return .failure(FieldError("stray quote at column \(column)")) }
                field = ""; quoted = true; wasQuoted = true
            } else {
                if wasQuoted, c != " " && c != "\t" { return .failure(FieldError("text after a closing quote at column \(column)")) }
                field.append(c)
            }
        }
        if quoted { return .failure(FieldError("unterminated quote")) }
        fields.append(field)
        return .success(fields)
    }

    struct FieldError: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// An id or category for a message: JSON-style quotes, cut at 80 characters.
    static func quoted(_ s: String) -> String {
        let cut = s.count > 80 ? String(s.prefix(80)) + "…" : s
        return "\"" + cut.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

extension Result where Failure == AuditGroups.FieldError {
    func get(orThrow fail: (String) -> PrivacyError) throws -> Success {
        switch self {
        case .success(let value): return value
        case .failure(let error): throw fail(error.reason)
        }
    }
}
