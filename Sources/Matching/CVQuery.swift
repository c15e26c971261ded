import Foundation
import Tables
import Processing

/// A CV as the matcher needs it: the text the encoder sees, its canonical skills, and where each
/// skill occurs in the CV text (for explanations).
public struct CVQuery: Sendable {
    public var cvID: String?
    /// Normalised CV text (spans index into it, in characters).
    public var text: String
    /// The text the encoder sees (template-rendered, with the query prompt).
    public var embeddingText: String
    /// Canonical skill ids, in the order processing found them.
    public var skills: [String]
    /// Character ranges of each skill's mentions in `text`.
    public var spans: [String: [Range<Int>]]

    public init(cvID: String?, text: String, embeddingText: String, skills: [String], spans: [String: [Range<Int>]]) {
        self.cvID = cvID
        self.text = text
        self.embeddingText = embeddingText
        self.skills = skills
        self.spans = spans
    }
}

/// Turns a pasted CV, or a row of `tables/cvs.parquet`, into a `CVQuery` the same way processing
/// builds the CVs table (text normalisation, skill matcher, CV template).
public final class CVQueryBuilder: @unchecked Sendable {
    let matcher: SkillMatcher
    let templates: EmbeddingTemplates
    private let lock = NSLock()

    public init(matcher: SkillMatcher, templates: EmbeddingTemplates) {
        self.matcher = matcher
        self.templates = templates
    }

    public convenience init() throws {
        try self.init(matcher: SkillMatcher(), templates: EmbeddingTemplates())
    }

    /// - Throws: `MatchingError.invalidArgument` for a CV with no text.
    public func query(text raw: String, cvID: String? = nil) throws -> CVQuery {
        let text = TextNormalizer.normalize(raw)
        guard !text.isEmpty else { throw MatchingError(.invalidArgument, "the CV\(cvID.map { " \($0)" } ?? "") has no text") }
        lock.lock()
        let matches = matcher.match(text)
        let ids = matcher.skillIDs(matches)
        let vocab = matcher.vocabulary
        lock.unlock()
        var spans: [String: [Range<Int>]] = [:]
        for m in matches { spans[vocab.skills[m.skill].id, default: []].append(m.startChar..<m.endChar) }
        let names = ids.prefix(20).compactMap { vocab.indexByID[$0].map { vocab.skills[$0].name } }
        let embedding = templates.renderCV(["skills": names.joined(separator: ", "), "text": text])
        return CVQuery(cvID: cvID, text: text, embeddingText: embedding, skills: ids, spans: spans)
    }

    /// The CV with this id from the CVs table.
    /// - Throws: `TablesError.unknownID` naming the id and the table.
    public static func query(cvID: String, table url: URL) throws -> CVQuery {
        let row = try CVsTable.row(id: cvID, url, columns: [.text, .embeddingText, .skills, .skillSpans])
        return CVQuery(cvID: cvID, text: row.text, embeddingText: row.embeddingText.isEmpty ? row.text : row.embeddingText,
                       skills: row.skills, spans: SkillSpan.bySkill(row.skillSpans))
    }
}
