import Foundation
import JobMatchCore
import Tables

/// Finishes CVs: text normalised, canonical skills (listed, then found in the text) with spans,
/// and the embedding text. Not thread-safe (the matcher caches): one per worker.
public final class CVFinisher {
    public let matcher: SkillMatcher
    public let templates: EmbeddingTemplates

    public init(matcher: SkillMatcher, templates: EmbeddingTemplates) {
        self.matcher = matcher
        self.templates = templates
    }

    public func finish(_ cv: Resume) -> Result<Finished<CVRow>, DropReason> {
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
