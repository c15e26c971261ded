/// How skills are matched.
public enum SkillMatchMode: String, Sendable, CaseIterable, Codable {
    /// Exactly spaCy's PhraseMatcher(attr="LOWER") + filter_spans on spacy.blank("en") tokens.
    case spacy
    /// `spacy`, then skill words that are also plain words (react, go, swift, R, C, excel,
    /// spring, docker) are kept only with technical context nearby.
    case precise
}

/// Finds the skills of a text: tokens (`SpacyTokenizer`), phrase matches (`PhraseMatcher`) and,
/// in `precise` mode, disambiguation (`AmbiguousSkills`).
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

    /// - Throws: `ProcessingError` if the tokenizer's patterns do not compile.
    public init(mode: SkillMatchMode = .precise, vocabulary: SkillVocabulary = .builtIn) throws {
        self.mode = mode
        self.vocabulary = vocabulary
        tokenizer = try SpacyTokenizer()
        phrases = PhraseMatcher(vocabulary: vocabulary, tokenizer: tokenizer, extraWords: AmbiguousSkills.words)
        ambiguous = AmbiguousSkills(vocabulary: vocabulary, ids: phrases.ids)
        stream = TokenIDStream(tokenizer: tokenizer, ids: phrases.ids)
    }

    /// The skill matches in `text`, sorted by start; offsets count Unicode scalars.
    public func match(_ text: String) -> [SkillMatch] {
        stream.scan(text)
        let found = PhraseMatcher.filterSpans(phrases.allMatches(ids: stream.ids, starts: stream.starts, ends: stream.ends))
        guard mode == .precise else { return found }
        return ambiguous.filter(found, ids: stream.ids)
    }

    /// Canonical ids of the distinct skills in `matches`, in order of first appearance.
    public func skillIDs(_ matches: [SkillMatch]) -> [String] {
        var seen = Set<Int>()
        return matches.compactMap { seen.insert($0.skill).inserted ? vocabulary.skills[$0.skill].id : nil }
    }
}
