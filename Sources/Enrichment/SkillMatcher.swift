import Skills

/// How skills are matched.
public enum SkillMatchMode: String, Sendable, CaseIterable, Codable {
    /// Exactly spaCy's PhraseMatcher(attr="LOWER") + filter_spans on spacy.blank("en") tokens.
    case spacy
    /// `spacy`, then skill words that are also plain words (react, go, swift, R, C, excel,
    /// spring, docker) are kept only with technical context nearby.
    case precise
}

/// Finds the skills of a text: tokens (`SpacyTokenizer`), phrase matches (`PhraseMatcher`) and,
/// in `precise` mode, disambiguation (`AmbiguousSkills`); then matches of non-skills (benefits,
/// titles, generic words: `SkillCategory`) are dropped unless `includeNonSkills` is set. Non-skill
/// phrases still take part in the longest-match choice, so "Paid Time Off" is one (dropped)
/// match, not "Time" plus "Off".
///
/// ```swift
/// let matcher = try SkillMatcher(mode: .precise)
/// for m in matcher.match("Build UIs in React and TypeScript") {
///     print(m.startChar, m.endChar, matcher.vocabulary.skills[m.skill].id)
/// }
/// ```
/// Not thread-safe (the tokenizer caches); make one per thread.
public final class SkillMatcher {
    public let mode: SkillMatchMode
    public let vocabulary: SkillVocabulary
    public let tokenizer: SpacyTokenizer
    private let phrases: PhraseMatcher
    private let ambiguous: AmbiguousSkills
    private let stream: TokenIDStream
    /// Whether matches of non-skill entries are reported too.
    public let includeNonSkills: Bool

    /// - Parameters:
    ///   - vocabulary: nil for `SkillVocabulary.builtIn`.
    ///   - includeNonSkills: report non-skill matches too (spaCy parity, reports).
    /// - Throws: `EnrichmentError` if the tokenizer's patterns do not compile; `SkillsError` if
    ///   the built-in vocabulary cannot be read.
    public init(mode: SkillMatchMode = .precise, vocabulary: SkillVocabulary? = nil, includeNonSkills: Bool = false) throws {
        self.mode = mode
        self.vocabulary = try vocabulary ?? SkillVocabulary.builtIn
        self.includeNonSkills = includeNonSkills
        tokenizer = try SpacyTokenizer()
        phrases = PhraseMatcher(vocabulary: self.vocabulary, tokenizer: tokenizer, extraWords: AmbiguousSkills.words)
        ambiguous = AmbiguousSkills(vocabulary: self.vocabulary, ids: phrases.ids)
        stream = TokenIDStream(tokenizer: tokenizer, ids: phrases.ids)
    }

    /// The skill matches in `text`, sorted by start; offsets count Unicode scalars.
    public func match(_ text: String) -> [SkillMatch] {
        stream.scan(text)
        var found = PhraseMatcher.filterSpans(phrases.allMatches(ids: stream.ids, starts: stream.starts, ends: stream.ends))
        if mode == .precise { found = ambiguous.filter(found, ids: stream.ids) }
        return includeNonSkills ? found : found.filter { vocabulary.skills[$0.skill].isSkill }
    }

    /// The entry a source's listed skill names, if it is one this matcher reports.
    public func listedSkill(_ listed: String) -> Int? {
        guard let i = vocabulary.lookup(listed), includeNonSkills || vocabulary.skills[i].isSkill else { return nil }
        return i
    }

    /// Canonical ids of the distinct skills in `matches`, in order of first appearance.
    public func skillIDs(_ matches: [SkillMatch]) -> [String] {
        var seen = Set<Int>()
        return matches.compactMap { seen.insert($0.skill).inserted ? vocabulary.skills[$0.skill].id : nil }
    }
}
