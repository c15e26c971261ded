import Foundation
import Ingest
import JobMatchCore
import Parquet

/// A finished jobs or CVs row, ready to append, with the figures the report adds up.
struct FinishedRow {
    var values: [ParquetValue]
    /// Canonical skills of the row and skill matches found in its text.
    var skills = 0
    var matches = 0
}

/// Finishes joined postings: text normalisation, the language filter, canonical skills (listed
/// ones looked up in the vocabulary, then those found in the summary) with their spans, and the
/// embedding text. Both engines end here. Not thread-safe (the matcher caches): one per worker.
final class JobFinisher {
    let matcher: SkillMatcher
    let templates: EmbeddingTemplates
    let language: String?

    init(matcher: SkillMatcher, templates: EmbeddingTemplates, language: String?) {
        self.matcher = matcher
        self.templates = templates
        self.language = language?.lowercased()
    }

    /// The finished row, or why the posting is dropped.
    func finish(_ p: JobPosting) -> Result<FinishedRow, DropReason> {
        let title = TextNormalizer.normalize(p.title)
        guard !title.isEmpty else { return .failure(DropReason("missing title")) }
        let summary = p.summary.map(TextNormalizer.normalize).flatMap { $0.isEmpty ? nil : $0 }
        let lang = LanguageGuesser.guess(summary ?? title)
        if let language, lang != language, !(lang == "unknown" && summary == nil) {
            return .failure(DropReason("other language"))
        }
        let matches = summary.map(matcher.match) ?? []
        var skills: [String] = []
        var seen = Set<String>()
        for listed in p.skillsListed {
            if let i = matcher.listedSkill(listed), seen.insert(matcher.vocabulary.skills[i].id).inserted {
                skills.append(matcher.vocabulary.skills[i].id)
            }
        }
        for id in matcher.skillIDs(matches) where seen.insert(id).inserted { skills.append(id) }
        let spans = matches.map { "\($0.startChar):\($0.endChar):\(matcher.vocabulary.skills[$0.skill].id)" }
        let company = p.company.map(TextNormalizer.normalize), location = p.location.map(TextNormalizer.normalize)
        let skillNames = skills.prefix(20).map { matcher.vocabulary.skills[matcher.vocabulary.indexByID[$0]!].name }
        let text = templates.renderJob([
            "title": title, "level": p.level, "type": p.type, "company": company, "location": location,
            "country": p.country, "skills": skillNames.joined(separator: ", "), "summary": summary,
        ])
        func str(_ s: String?) -> ParquetValue { s.map { .string($0) } ?? .null }
        let values: [ParquetValue] = [
            .string(p.jobID), .string(p.source.rawValue), str(p.url), .string(title), str(company), str(location),
            str(p.country), str(p.level), str(p.type), str(p.firstSeen), .string(lang),
            .list(p.skillsListed.map { .string($0) }), .list(skills.map { .string($0) }),
            .list(spans.map { .string($0) }), str(summary), .string(text),
        ]
        return .success(FinishedRow(values: values, skills: skills.count, matches: matches.count))
    }
}

/// Why a row was dropped (the report's key).
struct DropReason: Error, Hashable {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// Writes `tables/jobs.parquet` from finished rows, in the order given, and counts them.
public final class JobTableWriter {
    public static let schema = ParquetSchema([
        .column("job_id", .string, nullable: false), .column("source", .string, nullable: false),
        .column("url", .string), .column("title", .string, nullable: false), .column("company", .string),
        .column("location", .string), .column("country", .string), .column("level", .string),
        .column("type", .string), .column("first_seen", .string), .column("language", .string, nullable: false),
        .list("skills_listed", of: .string, nullable: false, elementNullable: false),
        .list("skills", of: .string, nullable: false, elementNullable: false),
        .list("skill_spans", of: .string, nullable: false, elementNullable: false),
        .column("summary", .string), .column("embedding_text", .string, nullable: false),
    ])

    private let writer: ParquetWriter
    private let finisher: JobFinisher
    public private(set) var report: ProcessingReport

    /// - Parameter language: keep only postings guessed to be in this language (`en`, …); nil keeps all.
    public init(url: URL, matcher: SkillMatcher, templates: EmbeddingTemplates, language: String?,
                report: ProcessingReport) throws {
        writer = try ParquetWriter(url: url, schema: Self.schema,
                                   options: ParquetWriterOptions(rowGroupSize: 16_384, metadata: ["jobmatch.skill_mode": matcher.mode.rawValue]))
        finisher = JobFinisher(matcher: matcher, templates: templates, language: language)
        self.report = report
    }

    /// Finishes one joined posting on this thread and appends it (or counts why it was dropped).
    public func add(_ p: JobPosting) throws {
        try append(finisher.finish(p))
    }

    /// Appends a row finished elsewhere (or counts why it was dropped).
    func append(_ finished: Result<FinishedRow, DropReason>) throws {
        switch finished {
        case .failure(let drop):
            report.dropped[drop.reason, default: 0] += 1
        case .success(let row):
            try writer.append(row: row.values)
            report.jobsOut += 1
            report.skillMatches += row.matches
            report.countSkills(row.skills)
        }
    }

    /// Adds what a worker counted to the report.
    func merge(_ counts: JoinCounts) {
        report.join.add(counts)
    }

    public func close() throws { try writer.close() }
}
