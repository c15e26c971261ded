import Foundation
import JobMatchCore
import Tables

/// A finished jobs or CVs row, ready to append, with the figures the report adds up.
public struct Finished<Row: Sendable>: Sendable {
    public var row: Row
    /// Canonical skills of the row and skill matches found in its text.
    public var skills = 0
    public var matches = 0

    public init(row: Row, skills: Int = 0, matches: Int = 0) {
        self.row = row
        self.skills = skills
        self.matches = matches
    }
}

/// Finishes joined postings: text normalisation, the language filter, canonical skills (listed
/// ones looked up in the vocabulary, then those found in the summary) with their spans, and the
/// embedding text. Both engines end here. Not thread-safe (the matcher caches): one per worker.
public final class JobFinisher {
    public let matcher: SkillMatcher
    public let templates: EmbeddingTemplates
    public let language: String?

    public init(matcher: SkillMatcher, templates: EmbeddingTemplates, language: String?) {
        self.matcher = matcher
        self.templates = templates
        self.language = language?.lowercased()
    }

    /// The finished row, or why the posting is dropped.
    public func finish(_ p: JobPosting) -> Result<Finished<JobRow>, DropReason> {
        let title = TextNormalizer.normalize(p.title)
        guard !title.isEmpty else { return .failure(DropReason("missing title")) }
        let summary = p.summary.map(TextNormalizer.normalize).flatMap { $0.isEmpty ? nil : $0 }
        let lang = LanguageGuesser.guess(summary ?? title)
        if let language, lang != language, !(lang == "unknown" && summary == nil) {
            return .failure(DropReason("other language"))
        }
        let matches = summary.map(matcher.match) ?? []
        let canonical = matcher.canonical(listed: p.skillsListed, matches: matches)
        let skills = canonical.ids, spans = canonical.spans, skillNames = canonical.names
        let company = p.company.map(TextNormalizer.normalize), location = p.location.map(TextNormalizer.normalize)
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
public struct DropReason: Error, Hashable, Sendable {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
}
