import Foundation

/// Personal data taken out of a CV before anything is encoded, stored or sent to a reranker:
/// names, e-mail addresses, phone numbers, profile and web addresses, birth dates and ages,
/// gender, marital status, nationality and pronouns. What a CV says about the work stays.
///
/// Each finding is blanked out (replaced by spaces, so the text's lines and the positions of
/// everything else are kept until normalisation). Names are found from the layout — a `Name:`
/// field, or a first line of two to four capitalised words that are not a role — and then every
/// later mention of those words is blanked too (a signature, an e-mail's local part is already
/// gone). Measured, not assumed: `jobmatch audit counterfactual` and `RedactorTests`.
public enum Redactor {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case name, email, phone, url, birthDate = "birth_date", age, gender, maritalStatus = "marital_status", nationality, pronoun
    }

    /// The redacted text and what was found, by kind.
    public struct Redaction: Sendable, Equatable {
        public var text: String
        public var found: [Kind: Int]
    }

    static func regex(_ pattern: String) -> NSRegularExpression {
        // Constant patterns: a bad one fails every test at once.
        try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive, .anchorsMatchLines])
    }

    /// Patterns by kind, applied in this order (a URL before its e-mail-like parts, a birth date
    /// before the phone rule sees its digits).
    static let patterns: [(Kind, NSRegularExpression)] = [
        (.url, regex(#"(?:https?://|www\.)[^\s,;]+|\b(?:linkedin\.com|github\.com|gitlab\.com|behance\.net)/[^\s,;]*"#)),
        (.email, regex(#"[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}"#)),
        (.birthDate, regex(#"\b(?:date of birth|birth ?date|d\.?o\.?b\.?|born(?: on| in)?)\s*[:\-]?\s*(?:\d{1,2}(?:st|nd|rd|th)?[./\- ]+[a-z0-9]{1,9}\.?[./\-, ]+\d{2,4}|[a-z]{3,9}\.? \d{1,2},? \d{4}|\d{4}[./\-]\d{1,2}[./\-]\d{1,2}|\d{4})"#)),
        (.age, regex(#"\bage\s*[:\-]\s*\d{1,2}\b|\b\d{2}\s*(?:years old|yrs old|y/o)\b"#)),
        (.gender, regex(#"\b(?:gender|sex)\s*[:\-]\s*[A-Z]+"#)),
        (.maritalStatus, regex(#"\bmarital status\s*[:\-]\s*[A-Z]+"#)),
        (.nationality, regex(#"\b(?:nationality|citizenship)\s*[:\-]\s*[A-Z][A-Z ]{1,30}"#)),
        (.pronoun, regex(#"\(?\b(?:she/her(?:/hers)?|he/him(?:/his)?|they/them(?:/theirs)?)\b\)?|\b(?:she|he|her|hers|him|his|himself|herself)\b"#)),
        // A name field at the start of a line, and an honorific before a capitalised word
        // (case-sensitive: "MS Excel" is a skill).
        (.name, regex(#"^\s*(?:full name|name)\s*[:\-]\s*[^\n]{2,60}|(?-i:\b(?:Mr|Mrs|Ms|Miss)\.?\s+[A-Z][a-z]+)"#)),
    ]

    /// A phone number: digits with spaces, dots, dashes or brackets between, at least 9 digits,
    /// and not a range of years.
    static let phone = regex(#"\+?\(?\d[\d\s().\-]{7,}\d"#)
    static let yearRange = regex(#"^\s*(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d\s*$"#)

    /// Words a first line holds when it is a title, not a name.
    static let roleWords: Set<String> = [
        "resume", "curriculum", "vitae", "cv", "profile", "summary", "engineer", "developer", "manager", "nurse", "analyst",
        "assistant", "technician", "specialist", "consultant", "designer", "teacher", "driver", "associate", "officer",
        "director", "administrator", "accountant", "architect", "scientist", "lead", "senior", "junior", "intern",
        "representative", "coordinator", "supervisor", "operator", "clerk", "cashier", "server", "chef", "cook", "mechanic",
        "electrician", "plumber", "welder", "pharmacist", "physician", "therapist", "advocate", "lawyer", "sales", "marketing",
        "data", "software", "web", "java", "python", "hr", "it", "experience", "skills", "education", "objective",
    ]

    /// Blanks every finding out of `text`.
    public static func redact(_ text: String) -> Redaction {
        var chars = Array(text.utf16)
        var found: [Kind: Int] = [:]
        func blank(_ r: NSRange, _ kind: Kind) {
            for i in r.location..<min(chars.count, r.location + r.length) where chars[i] != 10 { chars[i] = 32 }
            found[kind, default: 0] += 1
        }
        func current() -> String { String(decoding: chars, as: UTF16.self) }
        var nameWords: [String] = []
        // The name from the layout: the first non-empty line, when it reads as a name.
        if let first = text.split(separator: "\n", omittingEmptySubsequences: true).first {
            let words = first.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init)
            if (2...4).contains(words.count), words.allSatisfy(isNameWord), !words.contains(where: { roleWords.contains($0.lowercased()) }) {
                nameWords = words
            }
        }
        for (kind, pattern) in patterns {
            let s = current()
            for m in pattern.matches(in: s, range: NSRange(location: 0, length: (s as NSString).length)) {
                if kind == .name {
                    // "Name: Dana Okafor" → the words after the colon are the name's.
                    let value = (s as NSString).substring(with: m.range).split(separator: ":", maxSplits: 1).last.map(String.init) ?? ""
                    nameWords += value.split(separator: " ").map(String.init).filter(isNameWord)
                }
                blank(m.range, kind)
            }
        }
        let s = current()
        for m in phone.matches(in: s, range: NSRange(location: 0, length: (s as NSString).length)) {
            let value = (s as NSString).substring(with: m.range)
            guard value.filter(\.isNumber).count >= 9,
                  yearRange.firstMatch(in: value, range: NSRange(location: 0, length: (value as NSString).length)) == nil else { continue }
            blank(m.range, .phone)
        }
        // Every mention of the name's words, anywhere in the text.
        let distinct = Set(nameWords.filter { $0.count >= 2 && !roleWords.contains($0.lowercased()) })
        if !distinct.isEmpty {
            let alternatives = distinct.sorted().map(NSRegularExpression.escapedPattern(for:)).joined(separator: "|")
            let words = try! NSRegularExpression(pattern: "\\b(?:\(alternatives))\\b")  // escaped words: always valid
            let s = current()
            let matches = words.matches(in: s, range: NSRange(location: 0, length: (s as NSString).length))
            for m in matches { blank(m.range, .name) }
        }
        return Redaction(text: current(), found: found)
    }

    /// A word a name is made of: a capital, then letters, apostrophes, dots or hyphens.
    static func isNameWord(_ w: String) -> Bool {
        guard let f = w.first, f.isUppercase, w.count <= 30 else { return false }
        return w.allSatisfy { $0.isLetter || $0 == "'" || $0 == "-" || $0 == "." }
    }
}
