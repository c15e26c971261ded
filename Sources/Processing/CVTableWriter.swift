import Foundation
import JobMatchCore
import Parquet

/// Finishes CVs: text normalised, canonical skills (listed, then found in the text) with spans,
/// and the embedding text. Not thread-safe (the matcher caches): one per worker.
final class CVFinisher {
    let matcher: SkillMatcher
    let templates: EmbeddingTemplates

    init(matcher: SkillMatcher, templates: EmbeddingTemplates) {
        self.matcher = matcher
        self.templates = templates
    }

    func finish(_ cv: Resume) -> Result<FinishedRow, DropReason> {
        let text = TextNormalizer.normalize(cv.text)
        guard !text.isEmpty else { return .failure(DropReason("cv: empty text")) }
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
        return .success(FinishedRow(values: [
            .string(cv.id), str(cv.name), str(headline), str(cv.location), str(cv.education),
            cv.yearsExperience.map { .double($0) } ?? .null, str(cv.category),
            .list(cv.skills.map { .string($0) }), .list(skills.map { .string($0) }), .list(spans.map { .string($0) }),
            .string(text), .string(embedding),
        ], skills: skills.count, matches: matches.count))
    }
}

/// Writes `tables/cvs.parquet` from finished rows, in the order given (CVs are deduplicated by id
/// before, in the join: the last record of an id wins, see `JoinRules`).
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
    public private(set) var written = 0
    public private(set) var dropped: [String: Int] = [:]

    public init(url: URL) throws {
        writer = try ParquetWriter(url: url, schema: Self.schema)
    }

    func append(_ finished: Result<FinishedRow, DropReason>) throws {
        switch finished {
        case .failure(let drop): dropped[drop.reason, default: 0] += 1
        case .success(let row):
            try writer.append(row: row.values)
            written += 1
        }
    }

    func countDropped(_ reason: String, _ n: Int) {
        if n > 0 { dropped[reason, default: 0] += n }
    }

    public func close() throws { try writer.close() }
}
