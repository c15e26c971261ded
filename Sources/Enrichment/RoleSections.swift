import Foundation

/// The roles a CV lists, each as its own text: what a per-role query encodes (a CV that moved
/// from nursing to coding asks for both, where its one vector sits between them).
///
/// A role starts where the CV names a period of work — a date range such as `(2016-Present)` or
/// `2012 – 2016`, or the `company - ` lines of the public resume dataset — and runs to the next
/// one. Dates and the text before the first role (name, headline, summary) are the whole-CV
/// query's business; a CV with fewer than two roles has none.
public enum RoleSections {
    /// Where a role starts: a year range, or a `company - ` line.
    static let marker = try! NSRegularExpression(  // a constant pattern: a bad one is caught by the tests
        pattern: #"(?:\(?\b(?:19|20)\d\d\s*(?:-|–|to)\s*(?:(?:19|20)\d\d|present|current|now|till date)\b\)?)|(?:\bcompany\s*-\s)"#,
        options: [.caseInsensitive])

    /// The role texts, in order, each at most `maxWords` words; empty for fewer than two roles.
    public static func split(_ text: String, maxRoles: Int = 6, maxWords: Int = 120) -> [String] {
        let ns = text as NSString
        let starts = marker.matches(in: text, range: NSRange(location: 0, length: ns.length)).map(\.range)
        guard starts.count >= 2 else { return [] }
        var out: [String] = []
        for (i, start) in starts.enumerated() {
            let from = start.location + start.length
            let to = i + 1 < starts.count ? starts[i + 1].location : ns.length
            guard to > from else { continue }
            let words = ns.substring(with: NSRange(location: from, length: to - from)).split(whereSeparator: \.isWhitespace)
            let chunk = words.prefix(maxWords).joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: " -–—•·:|)"))
            if chunk.split(separator: " ").count >= 3 { out.append(chunk) }
        }
        return out.count >= 2 ? Array(out.prefix(maxRoles)) : []
    }
}
