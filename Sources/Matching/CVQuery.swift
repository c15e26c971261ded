import Foundation
import Parquet
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

    /// Parses processing's span strings `"start:end:skill_id"`.
    static func parseSpans(_ raw: [String]) -> [String: [Range<Int>]] {
        var out: [String: [Range<Int>]] = [:]
        for s in raw {
            let parts = s.split(separator: ":", maxSplits: 2)
            guard parts.count == 3, let a = Int(parts[0]), let b = Int(parts[1]), a <= b else { continue }
            out[String(parts[2]), default: []].append(a..<b)
        }
        return out
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
    /// - Throws: `MatchingError.unknownID` naming the id and the table.
    public static func query(cvID: String, table url: URL) throws -> CVQuery {
        let reader: ParquetReader
        do { reader = try ParquetReader(url: url) } catch {
            throw MatchingError(.io, path: url.path, "cannot read the CVs table: \(error) (run `jobmatch process` first)")
        }
        let cols = ["cv_id", "text", "embedding_text", "skills", "skill_spans"]
        for c in cols where reader.schema.index(of: c) == nil { throw MatchingError(.inconsistent, path: url.path, "no column '\(c)'") }
        do {
            for g in reader.rowGroups.indices {
                let ids = try reader.readColumn("cv_id", rowGroup: g).strings()
                guard let r = ids.firstIndex(of: cvID) else { continue }
                let b = try reader.readRowGroup(g, columns: cols)
                let text = try b["text"]!.strings()[r] ?? ""
                return CVQuery(cvID: cvID, text: text, embeddingText: try b["embedding_text"]!.strings()[r] ?? text,
                               skills: (try b["skills"]!.stringLists()[r] ?? []).compactMap { $0 },
                               spans: CVQuery.parseSpans((try b["skill_spans"]!.stringLists()[r] ?? []).compactMap { $0 }))
            }
        } catch let e as MatchingError { throw e } catch {
            throw MatchingError(.io, path: url.path, "\(error)")
        }
        throw MatchingError(.unknownID, path: url.path, "no CV with id '\(cvID)'")
    }
}

/// The ids of a CVs table, in order.
public enum CVTableIDs {
    public static func first(_ n: Int, table url: URL) throws -> [String] {
        do {
            let r = try ParquetReader(url: url)
            var out: [String] = []
            for g in r.rowGroups.indices where out.count < n {
                out += try r.readColumn("cv_id", rowGroup: g).strings().compactMap { $0 }.prefix(n - out.count)
            }
            return out
        } catch {
            throw MatchingError(.io, path: url.path, "cannot read the CVs table: \(error)")
        }
    }
}
