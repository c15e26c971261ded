import Foundation
import JobMatchCore
import Privacy
import Tables

/// Finishes CVs: text normalised, canonical skills (listed, then found in the text) with spans,
/// and the embedding text. Not thread-safe (the matcher caches): one per worker.
public final class CVFinisher {
    public let matcher: SkillMatcher
    public let templates: EmbeddingTemplates
    /// Whether personal data is blanked out of the text (`Redactor`) and the name left out of the
    /// row before anything is matched, encoded or stored; on by default.
    public let redact: Bool

    public init(matcher: SkillMatcher, templates: EmbeddingTemplates, redact: Bool = true) {
        self.matcher = matcher
        self.templates = templates
        self.redact = redact
    }

    public func finish(_ cv: Resume) -> Result<Finished<CVRow>, DropReason> {
        var cv = cv
        if redact {
            cv.text = Redactor.redact(cv.text).text
            cv.headline = cv.headline.map { Redactor.redact($0).text.trimmingCharacters(in: .whitespaces) }
            cv.name = nil
        }
        let text = TextNormalizer.normalize(cv.text)
        guard !text.isEmpty else { return .failure(DropReason("cv: empty text")) }
        let matches = matcher.match(text)
        let canonical = matcher.canonical(listed: cv.skills, matches: matches)
        let skills = canonical.ids, spans = canonical.spans, names = canonical.names
        let headline = cv.headline.map(TextNormalizer.normalize)
        let embedding = templates.renderCV([
            "headline": headline, "name": cv.name, "location": cv.location, "education": cv.education,
            "skills": names.joined(separator: ", "), "text": text,
        ])
        let row = CVRow(
            cvID: cv.id, name: cv.name, headline: headline, location: cv.location, education: cv.education,
            yearsExperience: cv.yearsExperience, category: cv.category, skillsListed: cv.skills, skills: skills,
            skillSpans: spans, text: text, embeddingText: embedding, openToRecruiters: cv.openToRecruiters == true)
        return .success(Finished(row: row, skills: skills.count, matches: matches.count))
    }
}
