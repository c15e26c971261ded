import Foundation
import JobMatchCore
import Parquet

/// Writes `tables/cvs.parquet`: CVs deduplicated by id (first kept), text normalised, canonical
/// skills (listed, then found in the text) with spans, and the embedding text.
public final class CVTableWriter {
    public static let schema = ParquetSchema([
        .column("cv_id", .string, nullable: false), .column("name", .string), .column("headline", .string),
        .column("location", .string), .column("education", .string), .column("years_experience", .double),
        .column("category", .string),
        .list("skills_listed", of: .string, nullable: false, elementNullable: false),
        .list("skills", of: .string, nullable: false, elementNullable: false),
        .list("skill_spans", of: .string, nullable: false, elementNullable: false),
        .column("text", .string, nullable: false), .column("embedding_text", .string, nullable: false),
    ])

    private let writer: ParquetWriter
    private let matcher: SkillMatcher
    private let templates: EmbeddingTemplates
    private var seen = Set<String>()
    public private(set) var written = 0
    public private(set) var dropped: [String: Int] = [:]

    public init(url: URL, matcher: SkillMatcher, templates: EmbeddingTemplates) throws {
        writer = try ParquetWriter(url: url, schema: Self.schema)
        self.matcher = matcher
        self.templates = templates
    }

    public func add(_ cv: Resume) throws {
        guard seen.insert(cv.id).inserted else {
            dropped["cv: duplicate id", default: 0] += 1
            return
        }
        let text = TextNormalizer.normalize(cv.text)
        guard !text.isEmpty else {
            dropped["cv: empty text", default: 0] += 1
            return
        }
        let matches = matcher.match(text)
        var skills: [String] = []
        var ids = Set<String>()
        for listed in cv.skills {
            if let i = matcher.listedSkill(listed), ids.insert(matcher.vocabulary.skills[i].id).inserted {
                skills.append(matcher.vocabulary.skills[i].id)
            }
        }
        for id in matcher.skillIDs(matches) where ids.insert(id).inserted { skills.append(id) }
        let spans = matches.map { "\($0.startChar):\($0.endChar):\(matcher.vocabulary.skills[$0.skill].id)" }
        let names = skills.prefix(20).map { matcher.vocabulary.skills[matcher.vocabulary.indexByID[$0]!].name }
        let headline = cv.headline.map(TextNormalizer.normalize)
        let embedding = templates.renderCV([
            "headline": headline, "name": cv.name, "location": cv.location, "education": cv.education,
            "skills": names.joined(separator: ", "), "text": text,
        ])
        func str(_ s: String?) -> ParquetValue { s.map { .string($0) } ?? .null }
        try writer.append(row: [
            .string(cv.id), str(cv.name), str(headline), str(cv.location), str(cv.education),
            cv.yearsExperience.map { .double($0) } ?? .null, str(cv.category),
            .list(cv.skills.map { .string($0) }), .list(skills.map { .string($0) }), .list(spans.map { .string($0) }),
            .string(text), .string(embedding),
        ])
        written += 1
    }

    public func close() throws { try writer.close() }
}
