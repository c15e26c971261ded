import Foundation
import Ingest
import JobMatchCore
import Tables

/// A finished jobs or CVs row, ready to append, with the figures the report adds up.
struct Finished<Row: Sendable>: Sendable {
    var row: Row
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
    func finish(_ p: JobPosting) -> Result<Finished<JobRow>, DropReason> {
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
        let spans = matches.map { SkillSpan(start: $0.startChar, end: $0.endChar, skillID: matcher.vocabulary.skills[$0.skill].id) }
        let company = p.company.map(TextNormalizer.normalize), location = p.location.map(TextNormalizer.normalize)
        let skillNames = skills.prefix(20).map { matcher.vocabulary.skills[matcher.vocabulary.indexByID[$0]!].name }
        let text = templates.renderJob([
            "title": title, "level": p.level, "type": p.type, "company": company, "location": location,
            "country": p.country, "skills": skillNames.joined(separator: ", "), "summary": summary,
        ])
        let row = JobRow(
            jobID: p.jobID, source: p.source.rawValue, url: p.url, title: title, company: company, location: location,
            country: p.country, level: p.level, type: p.type, firstSeen: p.firstSeen, language: lang,
            skillsListed: p.skillsListed, skills: skills, skillSpans: spans, summary: summary, embeddingText: text)
        return .success(Finished(row: row, skills: skills.count, matches: matches.count))
    }
}

/// Why a row was dropped (the report's key).
struct DropReason: Error, Hashable {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// Writes `tables/jobs.parquet` (`JobsTable`) from finished rows, in the order given, and counts them.
public final class JobTableWriter {
    private let writer: JobsTable.Writer
    private let finisher: JobFinisher
    public private(set) var report: ProcessingReport

    /// - Parameter language: keep only postings guessed to be in this language (`en`, …); nil keeps all.
    public init(url: URL, matcher: SkillMatcher, templates: EmbeddingTemplates, language: String?,
                report: ProcessingReport) throws {
        writer = try JobsTable.Writer(url: url, metadata: ["jobmatch.skill_mode": matcher.mode.rawValue])
        finisher = JobFinisher(matcher: matcher, templates: templates, language: language)
        self.report = report
    }

    /// Finishes one joined posting on this thread and appends it (or counts why it was dropped).
    public func add(_ p: JobPosting) throws {
        try append(finisher.finish(p))
    }

    /// Appends a row finished elsewhere (or counts why it was dropped).
    func append(_ finished: Result<Finished<JobRow>, DropReason>) throws {
        switch finished {
        case .failure(let drop):
            report.dropped[drop.reason, default: 0] += 1
        case .success(let row):
            try writer.append(row.row)
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
