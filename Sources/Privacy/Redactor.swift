import Foundation

/// Personal data taken out of a CV before anything is encoded, stored or sent to a reranker:
/// names (the person's and, in a personal-details block, a parent's or spouse's), e-mail
/// addresses, phone numbers, postal addresses, profile and web addresses, national ids (passport,
/// PAN, Aadhaar, social security numbers), birth dates and ages, gender, marital status,
/// nationality, pronouns and photos' captions. What a CV says about the work stays.
///
/// Each finding is blanked out (replaced by spaces, so the text's lines and the positions of
/// everything else are kept until normalisation). Names are found from the layout — a `Name:`
/// field, or a first line of two to four capitalised words that are not a role — and then every
/// later mention of those words is blanked too (a signature, an e-mail's local part is already
/// gone). Measured, not assumed: `jobmatch audit counterfactual` and `RedactorTests`.
public enum Redactor {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case name, email, phone, address, url, nationalID = "national_id", birthDate = "birth_date", age, gender,
             maritalStatus = "marital_status", nationality, pronoun, photo
    }

    /// One blanked stretch of the text: its kind and its UTF-16 range (the same in the text given
    /// and in the redacted text, which keeps every position).
    public struct Finding: Sendable, Equatable {
        public var kind: Kind
        public var range: Range<Int>
    }

    /// The redacted text and what was found, by kind and where.
    public struct Redaction: Sendable, Equatable {
        public var text: String
        public var found: [Kind: Int]
        public var findings: [Finding]
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
        // An id's field, or the shapes of an Indian PAN (AAAAA9999A), an Aadhaar number (three
        // groups of four digits) and a US social security number (999-99-9999).
        (.nationalID, regex(#"\b(?:passport(?: no\.?| number)?|pan(?: no\.?| number| card)?|aadhaa?r(?: no\.?| number| card)?|national id(?: no\.?| number)?|id (?:no\.?|number)|social security(?: no\.?| number)?|ssn)\s*[:\-#]\s*[A-Z0-9](?:[A-Z0-9\-]|\s(?=\d)){4,20}|(?-i:\b[A-Z]{5}\d{4}[A-Z]\b)|\b\d{4} \d{4} \d{4}\b|\b\d{3}-\d{2}-\d{4}\b"#)),
        // An address field: the rest of its line.
        (.address, regex(#"\b(?:(?:permanent|present|current|postal|home|residential|mailing) )?address\s*[:\-]\s*[^\s][^\n]{2,120}"#)),
        (.birthDate, regex(#"\b(?:date of birth|birth ?date|d\.?o\.?b\.?|born(?: on| in)?)\s*(?:\([a-z ]{1,20}\))?\s*[:\-]?\s*(?:\d{1,2}(?:st|nd|rd|th)?[./\- ]+[a-z0-9]{1,9}\.?[./\-, ]+\d{2,4}|[a-z]{3,9}\.? \d{1,2},? \d{4}|\d{4}[./\-]\d{1,2}[./\-]\d{1,2}|\d{4})"#)),
        (.age, regex(#"\bage\s*[:\-]\s*\d{1,2}\b|\b\d{2}\s*(?:years old|yrs old|y/o)\b"#)),
        (.gender, regex(#"\b(?:gender|sex)\s*[:\-]\s*(?:male|female|man|woman|non-binary|nonbinary|transgender|other|m|f)\b"#)),
        (.maritalStatus, regex(#"\bmarital status\s*[:\-]\s*[A-Z]+"#)),
        (.nationality, regex(#"\b(?:nationality|citizenship)\s*[:\-]\s*[A-Z][A-Z ]{1,30}"#)),
        // A photo's caption or placeholder, as CVs converted from PDF or Word keep them: the line.
        (.photo, regex(#"^\s*[\[(]?\s*(?:photo(?:graph)?|picture|passport[- ]size photo(?:graph)?)\b\s*(?:[:\-\])]|attached|of\b)[^\n]{0,80}"#)),
        (.pronoun, regex(#"\(?\b(?:she/her(?:/hers)?|he/him(?:/his)?|they/them(?:/theirs)?)\b\)?|\b(?:she|he|her|hers|him|his|himself|herself)\b"#)),
        // A name field at the start of a line, and an honorific before a capitalised word
        // (case-sensitive: "MS Excel" is a skill).
        (.name, regex(#"(?:^|(?<=[^\w\s])|(?<=[^\w\s]\s))\s*(?:full name|name)\s*[:\-]\s*[^\n]{2,60}|\b(?:father|mother|spouse|husband|wife|guardian)(?:'s|’s|s|\S{1,3}s)?\s+name\s*[:\-]\s*(?-i:\p{Lu}[\p{L}.'\-]+(?: (?:(?:da|de|di|do|dos|du|van|von|der|den|del|la|le|bin|al) )?\p{Lu}[\p{L}.'\-]+){0,3})|(?-i:\b(?:Mr|Mrs|Ms|Miss)\.?\s+(?!(?:Office|Excel|Word|Access|Outlook|Project|Visio|PowerPoint|Teams|Dynamics|Windows|Paint|Sql|SQL|Azure))\p{Lu}\p{Ll}+)"#)),
    ]

    /// A phone number: digits with spaces, dots, dashes or brackets between, at least 9 digits,
    /// and not a range of years.
    static let phone = regex(#"\+?\(?\d[\d\s().\-]{7,}\d(?:\s*(?:x|ext\.?)\s*\d{1,6})?"#)
    /// Years and small numbers only (2006-2007 2008-2009, "2016 - 2017. 3"): dates, not a phone.
    static func isYears(_ value: String) -> Bool {
        let groups = value.split(whereSeparator: { !$0.isNumber })
        func year(_ g: Substring) -> Bool { g.count == 4 && (g.hasPrefix("19") || g.hasPrefix("20")) }
        return groups.contains(where: year) && groups.allSatisfy { $0.count <= 2 || year($0) }
    }

    /// Words a first line holds when it is a title, not a name.
    static let roleWords: Set<String> = [
        "resume", "curriculum", "vitae", "cv", "profile", "summary", "engineer", "developer", "manager", "nurse", "analyst",
        "assistant", "technician", "specialist", "consultant", "designer", "teacher", "driver", "associate", "officer",
        "director", "administrator", "accountant", "architect", "scientist", "lead", "senior", "junior", "intern",
        "representative", "coordinator", "supervisor", "operator", "clerk", "cashier", "server", "chef", "cook", "mechanic",
        "electrician", "plumber", "welder", "pharmacist", "physician", "therapist", "advocate", "lawyer", "sales", "marketing",
        "data", "software", "web", "java", "python", "hr", "it", "experience", "skills", "education", "objective",
        "details", "personal", "declaration", "signature", "place", "date", "project", "company", "languages", "hobbies",
    ]

    /// Blanks every finding out of `text`.
    public static func redact(_ text: String) -> Redaction {
        var chars = Array(text.utf16)
        var found: [Kind: Int] = [:]
        var findings: [Finding] = []
        func blank(_ r: NSRange, _ kind: Kind) {
            let end = min(chars.count, r.location + r.length)
            for i in r.location..<end where chars[i] != 10 { chars[i] = 32 }
            found[kind, default: 0] += 1
            findings.append(Finding(kind: kind, range: r.location..<end))
        }
        func current() -> String { String(decoding: chars, as: UTF16.self) }
        var nameWords: [String] = []
        // The name from the layout: the first of the first three non-empty lines that reads as a
        // name (a title line such as "CURRICULUM VITAE" before it is passed over).
        for line in text.split(separator: "\n", omittingEmptySubsequences: true).prefix(3) {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init)
            if titleLines.contains(words.joined(separator: " ").lowercased()) { continue }
            let named = words.filter { !nameParticles.contains($0) }
            if (2...4).contains(named.count), named.allSatisfy(isNameWord), !named.contains(where: { roleWords.contains($0.lowercased()) }) {
                nameWords = named
            }
            break
        }
        for (kind, pattern) in patterns {
            let s = current()
            for m in pattern.matches(in: s, range: NSRange(location: 0, length: (s as NSString).length)) {
                var range = m.range
                if kind == .name {
                    // "Name: Dana Okafor", "Father's Name - Ravi Rao" → the words after the separator,
                    // up to the first word that is not part of a name ("Signature:", "Education"),
                    // which is where the blanking stops too.
                    let field = (s as NSString).substring(with: m.range)
                    if let sep = field.firstIndex(where: { $0 == ":" || $0 == "-" }) {
                        var words: [String] = [], end = field.endIndex
                        var i = field.index(after: sep)
                        while i < field.endIndex {
                            guard let start = field[i...].firstIndex(where: { $0 != " " }) else { break }
                            let stop = field[start...].firstIndex(of: " ") ?? field.endIndex
                            let word = String(field[start..<stop])
                            if isNameWord(word) || (!words.isEmpty && nameParticles.contains(word)) {
                                words.append(word)
                                end = stop
                            } else if !words.isEmpty {
                                break
                            }
                            i = stop
                        }
                        if !words.isEmpty {
                            range.length = field[..<end].utf16.count
                            nameWords += words.filter(isNameWord)
                        }
                    } else {
                        nameWords += field.split(separator: " ").map(String.init).filter(isNameWord)
                    }
                }
                blank(range, kind)
            }
        }
        let s = current()
        for m in phone.matches(in: s, range: NSRange(location: 0, length: (s as NSString).length)) {
            let value = (s as NSString).substring(with: m.range)
            guard value.filter(\.isNumber).count >= 9, !Self.isYears(value) else { continue }
            blank(m.range, .phone)
        }
        // Postal addresses without a field name: a segment of the first six lines (between
        // separators such as "|") with a comma and a postcode, or what follows "based at".
        let head = current()
        let ns = head as NSString
        var lineStart = 0
        for _ in 0..<6 where lineStart < ns.length {
            let line = ns.lineRange(for: NSRange(location: lineStart, length: 0))
            for m in addressSegment.matches(in: head, range: line) {
                let value = ns.substring(with: m.range)
                guard value.contains(","), !value.contains("@"),
                      postcode.firstMatch(in: value, range: NSRange(location: 0, length: (value as NSString).length)) != nil else { continue }
                blank(m.range, .address)
            }
            lineStart = line.location + line.length
        }
        for m in livesAt.matches(in: head, range: NSRange(location: 0, length: ns.length)) where m.range(at: 1).length > 0 {
            blank(m.range(at: 1), .address)
        }
        // Every mention of the name's words, anywhere in the text, and a particle ("da", "van")
        // before one of them.
        let distinct = Set(nameWords.filter { $0.count >= 2 && !roleWords.contains($0.lowercased()) && !honorifics.contains($0.lowercased()) })
        if !distinct.isEmpty {
            let alternatives = distinct.sorted().map(NSRegularExpression.escapedPattern(for:)).joined(separator: "|")
            let particles = nameParticles.sorted().joined(separator: "|")
            // Escaped words: always valid.
            let words = try! NSRegularExpression(pattern: "\\b(?:\(alternatives))\\b|\\b(?:\(particles))\\b(?=\\s+(?:\(alternatives))\\b)")
            let s = current()
            let matches = words.matches(in: s, range: NSRange(location: 0, length: (s as NSString).length))
            for m in matches { blank(m.range, .name) }
        }
        return Redaction(text: current(), found: found, findings: findings.sorted { $0.range.lowerBound < $1.range.lowerBound })
    }

    /// Titles before a name: not words of the name (they would blank every "Mr." of the text).
    static let honorifics: Set<String> = ["mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "prof", "prof.", "shri", "smt", "smt."]

    /// Lines that title a CV rather than name its owner.
    static let titleLines: Set<String> = ["resume", "résumé", "curriculum vitae", "cv", "bio-data", "biodata", "bio data", "profile"]

    /// Lower-case words inside names (da Cunha, van Dam, bin Salem).
    static let nameParticles: Set<String> = ["da", "de", "di", "do", "dos", "das", "du", "van", "von", "der", "den", "del", "la", "le", "bin", "al"]

    /// A stretch of a line between separators (|, •, ·, ;), where an address may stand alone.
    static let addressSegment = regex(#"[^|•·;\n]{8,120}"#)
    /// Postcodes: five digits (US, DE, FR, IT, ES), Brazil's 99999-999, Poland's 99-999, India's six digits,
    /// the Netherlands' 9999 AA, the UK's.
    static let postcode = regex(#"\b\d{5}(?:-\d{3})?\b|\b\d{2}-\d{3}\b|\b\d{3} ?\d{3}\b|-\d{6}\b|\b(?!19|20)\d{4} ?(?-i:[A-Z]{2})\b|(?-i:\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b)"#)
    /// "Based at …", "lives in …": the rest of the line (a final full stop left).
    static let livesAt = regex(#"\b(?:based at|lives at|lives in|living at|residing at|resides at|located at)\s+([^\n]{5,120}?)\.?\s*$"#)

    /// A word a name is made of: a capital, then letters, apostrophes, dots or hyphens.
    static func isNameWord(_ w: String) -> Bool {
        guard let f = w.first, f.isUppercase, w.count <= 30 else { return false }
        return w.allSatisfy { $0.isLetter || $0 == "'" || $0 == "-" || $0 == "." }
    }
}
