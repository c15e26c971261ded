/// A match of a vocabulary phrase: token range, character range (Unicode scalars) and skill.
public struct SkillMatch: Sendable, Hashable, Codable {
    /// First token and one past the last token.
    public var startToken: Int
    public var endToken: Int
    /// Character offsets (Unicode scalars, as Python `str` indices) into the matched text.
    public var startChar: Int
    public var endChar: Int
    /// Index of the skill in the vocabulary.
    public var skill: Int
}

/// spaCy's `PhraseMatcher(attr="LOWER")` over token sequences, followed by `filter_spans`.
///
/// Patterns are the vocabulary's phrases tokenized by the same tokenizer; every occurrence of
/// every pattern is found (a trie walk from each token), then overlaps are resolved as
/// spacy.util.filter_spans does: longest first, earlier start first among equals, a span kept
/// only if neither its first nor its last token is already taken.
public struct PhraseMatcher: Sendable {
    /// Trie over lower-cased token ids; node 0 is the root.
    private var children: [[Int: Int]] = [[:]]
    private var terminal: [Int] = [-1]
    private var ids: [String: Int] = [:]

    /// Builds the trie; a phrase already present (after lower-casing) keeps its first skill.
    public init(vocabulary: SkillVocabulary, tokenizer: SpacyTokenizer) {
        for (phrase, skill) in vocabulary.phrases {
            let tokens = tokenizer.tokenize(phrase)
            guard !tokens.isEmpty else { continue }
            var node = 0
            for t in tokens {
                let id = intern(t.lower)
                if let next = children[node][id] {
                    node = next
                } else {
                    children.append([:])
                    terminal.append(-1)
                    children[node][id] = children.count - 1
                    node = children.count - 1
                }
            }
            if terminal[node] < 0 { terminal[node] = skill }
        }
    }

    private mutating func intern(_ s: String) -> Int {
        if let id = ids[s] { return id }
        ids[s] = ids.count
        return ids.count - 1
    }

    /// Every pattern occurrence, before overlap filtering, in (start, length) order.
    public func allMatches(_ tokens: [Token]) -> [SkillMatch] {
        let tokenIDs = tokens.map { ids[$0.lower] ?? -1 }
        var out: [SkillMatch] = []
        for start in tokenIDs.indices where tokenIDs[start] >= 0 {
            var node = 0
            var i = start
            while i < tokenIDs.count, tokenIDs[i] >= 0, let next = children[node][tokenIDs[i]] {
                node = next
                i += 1
                if terminal[node] >= 0 {
                    out.append(SkillMatch(startToken: start, endToken: i, startChar: tokens[start].start,
                                          endChar: tokens[i - 1].end, skill: terminal[node]))
                }
            }
        }
        return out
    }

    /// The matches after spacy.util.filter_spans, sorted by start.
    public func matches(_ tokens: [Token]) -> [SkillMatch] {
        Self.filterSpans(allMatches(tokens))
    }

    /// spacy.util.filter_spans: longest first (earlier start among equals); a span is kept when
    /// neither its first nor its last token is taken by a kept span.
    public static func filterSpans(_ spans: [SkillMatch]) -> [SkillMatch] {
        let sorted = spans.enumerated().sorted { a, b in
            let la = a.element.endToken - a.element.startToken, lb = b.element.endToken - b.element.startToken
            if la != lb { return la > lb }
            if a.element.startToken != b.element.startToken { return a.element.startToken < b.element.startToken }
            return a.offset < b.offset
        }
        var seen = Set<Int>()
        var result: [SkillMatch] = []
        for (_, span) in sorted where !seen.contains(span.startToken) && !seen.contains(span.endToken - 1) {
            result.append(span)
            for t in span.startToken..<span.endToken { seen.insert(t) }
        }
        return result.sorted { $0.startToken < $1.startToken }
    }
}
