import Foundation
import Enrichment
import JobMatchCore
import Tables

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

/// Turns a pasted CV, or a row of `tables/cvs.parquet`, into a `CVQuery`: a pasted CV goes
/// through processing's own `CVFinisher` (text normalisation, skill matcher, CV template), so a
/// query is built exactly as the CVs table's rows are.
public final class CVQueryBuilder: @unchecked Sendable {
    let finisher: CVFinisher
    public var matcher: SkillMatcher { finisher.matcher }
    private let lock = NSLock()

    /// - Parameter redact: blank personal data out before matching and encoding (`Redactor`);
    ///   off only to measure what it changes (`jobmatch audit counterfactual`).
    public init(matcher: SkillMatcher, templates: EmbeddingTemplates, redact: Bool = true) {
        finisher = CVFinisher(matcher: matcher, templates: templates, redact: redact)
    }

    public convenience init() throws {
        try self.init(matcher: SkillMatcher(), templates: EmbeddingTemplates())
    }

    /// - Throws: `MatchingError.invalidArgument` for a CV with no text.
    public func query(text raw: String, cvID: String? = nil) throws -> CVQuery {
        lock.lock()
        let finished = finisher.finish(Resume(id: cvID ?? "", text: raw))
        lock.unlock()
        guard case .success(let f) = finished else {
            throw MatchingError(.invalidArgument, "the CV\(cvID.map { " \($0)" } ?? "") has no text")
        }
        return CVQuery(cvID: cvID, text: f.row.text, embeddingText: f.row.embeddingText, skills: f.row.skills,
                       spans: SkillSpan.bySkill(f.row.skillSpans))
    }

    /// The CV with this id from the CVs table.
    /// - Throws: `MatchingError.unknownID` naming the id and the table (`.io`, `.inconsistent` for a
    ///   missing or malformed table).
    public static func query(cvID: String, table url: URL) throws -> CVQuery {
        let row: CVRow
        do { row = try CVsTable.row(id: cvID, url, columns: [.text, .embeddingText, .skills, .skillSpans]) } catch let e as TablesError {
            let kind: MatchingError.Kind = switch e.kind { case .unknownID: .unknownID; case .io: .io; case .schema: .inconsistent }
            throw MatchingError(kind, path: e.path, e.message)
        }
        return CVQuery(cvID: cvID, text: row.text, embeddingText: row.embeddingText.isEmpty ? row.text : row.embeddingText,
                       skills: row.skills, spans: SkillSpan.bySkill(row.skillSpans))
    }
}
