import Foundation

/// Precision and recall of `Redactor` against labelled personal data.
///
/// A labelled item is a value in a text (every occurrence of it counts, e.g. a name in the header
/// and again in a signature) and its kind. An occurrence is **redacted** when all its letters and
/// digits are blanked, **partly** when some are, **missed** when none are. A finding (a blanked
/// stretch) is **right** when it overlaps a labelled occurrence, of whatever kind, and **wrong**
/// otherwise: precision is right findings over all findings, per the finding's kind.
public struct RedactionScore: Sendable {
    public struct Label: Sendable, Equatable {
        public var kind: Redactor.Kind
        public var value: String
        /// Where in the text (UTF-16 ranges) the value is personal data; nil: anywhere. A short
        /// value ("Single", "British") labelled in a header is not also every such word of the body.
        public var regions: [Range<Int>]?
        public init(kind: Redactor.Kind, value: String, regions: [Range<Int>]? = nil) {
            self.kind = kind
            self.value = value
            self.regions = regions
        }
    }

    /// Per kind: labelled occurrences by outcome, and findings by verdict.
    public struct Counts: Sendable, Equatable, Codable {
        public var labelled = 0, redacted = 0, partly = 0, missed = 0
        public var findings = 0, right = 0
        public var recall: Double? { labelled > 0 ? Double(redacted) / Double(labelled) : nil }
        public var precision: Double? { findings > 0 ? Double(right) / Double(findings) : nil }
        public var wrong: Int { findings - right }
    }

    public var byKind: [Redactor.Kind: Counts] = [:]
    /// Labelled values that do not occur in their text (a labelling error, reported, not scored).
    public var absentLabels: [String] = []
    /// Wrong findings as (kind, the text blanked), for reading.
    public var wrongFindings: [(kind: Redactor.Kind, text: String)] = []
    /// Labelled values missed or only partly redacted, as (kind, value, what was left).
    public var misses: [(kind: Redactor.Kind, value: String, left: String)] = []

    public init() {}

    public var total: Counts {
        byKind.values.reduce(into: Counts()) { t, c in
            t.labelled += c.labelled; t.redacted += c.redacted; t.partly += c.partly; t.missed += c.missed
            t.findings += c.findings; t.right += c.right
        }
    }

    /// Scores one text: redacts it and compares with its labels.
    public mutating func add(text: String, labels: [Label], id: String) {
        let r = Redactor.redact(text)
        let before = Array(text.utf16), after = Array(r.text.utf16)
        var occurrences: [Range<Int>] = []
        for label in labels {
            let found = Self.occurrences(of: label.value, in: text).filter { o in
                label.regions.map { $0.contains { $0.contains(o.lowerBound) && $0.upperBound >= o.upperBound } } ?? true
            }
            if found.isEmpty { absentLabels.append("\(id): \(label.kind.rawValue) '\(label.value)'") }
            for o in found {
                occurrences.append(o)
                let significant = o.filter { Self.isSignificant(before[$0]) }
                let blanked = significant.filter { after[$0] == 32 }.count
                var c = byKind[label.kind, default: Counts()]
                c.labelled += 1
                if blanked == significant.count { c.redacted += 1 } else if blanked > 0 { c.partly += 1 } else { c.missed += 1 }
                if blanked < significant.count { misses.append((label.kind, label.value, String(decoding: after[o], as: UTF16.self))) }
                byKind[label.kind] = c
            }
        }
        for f in r.findings where f.range.contains(where: { Self.isSignificant(before[$0]) }) {
            var c = byKind[f.kind, default: Counts()]
            c.findings += 1
            if occurrences.contains(where: { $0.overlaps(f.range) }) {
                c.right += 1
            } else {
                wrongFindings.append((f.kind, String(decoding: before[f.range], as: UTF16.self)))
            }
            byKind[f.kind] = c
        }
    }

    /// UTF-16 ranges of every occurrence of `value` in `text`.
    static func occurrences(of value: String, in text: String) -> [Range<Int>] {
        guard !value.isEmpty else { return [] }
        let ns = text as NSString
        var out: [Range<Int>] = []
        var from = 0
        while from < ns.length {
            let r = ns.range(of: value, options: [], range: NSRange(location: from, length: ns.length - from))
            guard r.location != NSNotFound else { break }
            out.append(r.location..<(r.location + r.length))
            from = r.location + max(1, r.length)
        }
        return out
    }

    /// A letter or digit (what blanking must remove; punctuation and spaces do not count).
    static func isSignificant(_ u: UInt16) -> Bool {
        (48...57).contains(u) || (65...90).contains(u) || (97...122).contains(u) || u >= 128
    }
}
