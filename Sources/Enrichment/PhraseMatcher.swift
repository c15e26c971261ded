import Skills

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
    /// Trie over lower-cased token ids; node 0 is the root, whose children are also in `rootChild`.
    private var children: [[Int32: Int32]] = [[:]]
    private var terminal: [Int32] = [-1]
    private var rootChild: [Int32] = []
    /// Id of every lower-cased token text that occurs in a pattern (or in `extraWords`).
    public private(set) var ids: [String: Int32] = [:]

    /// Builds the trie; a phrase already present (after lower-casing) keeps its first skill.
    /// - Parameter extraWords: lower-case words that get ids too (cue words for disambiguation).
    public init(vocabulary: SkillVocabulary, tokenizer: SpacyTokenizer, extraWords: Set<String> = []) {
        for (phrase, skill) in vocabulary.phrases {
            let tokens = tokenizer.tokenize(phrase)
            guard !tokens.isEmpty else { continue }
            var node: Int32 = 0
            for t in tokens {
                let id = intern(t.lower)
                if let next = children[Int(node)][id] {
                    node = next
                } else {
                    children.append([:])
                    terminal.append(-1)
                    children[Int(node)][id] = Int32(children.count - 1)
                    node = Int32(children.count - 1)
                }
            }
            if terminal[Int(node)] < 0 { terminal[Int(node)] = Int32(skill) }
        }
        for w in extraWords.sorted() { _ = intern(w) }
        rootChild = [Int32](repeating: -1, count: ids.count)
        for (id, next) in children[0] { rootChild[Int(id)] = next }
    }

    private mutating func intern(_ s: String) -> Int32 {
        if let id = ids[s] { return id }
        ids[s] = Int32(ids.count)
        return Int32(ids.count - 1)
    }

    /// Every pattern occurrence, before overlap filtering, in (start, length) order.
    public func allMatches(_ tokens: [Token]) -> [SkillMatch] {
        allMatches(ids: tokens.map { ids[$0.lower] ?? -1 }, starts: tokens.map { Int32($0.start) },
                   ends: tokens.map { Int32($0.end) })
    }

    /// Every pattern occurrence over token ids (-1: a token no pattern has) and offsets.
    func allMatches(ids tokenIDs: [Int32], starts: [Int32], ends: [Int32]) -> [SkillMatch] {
        var out: [SkillMatch] = []
        let n = tokenIDs.count
        for start in 0..<n {
            let first = tokenIDs[start]
            guard first >= 0 else { continue }
            var node = rootChild[Int(first)]
            guard node >= 0 else { continue }
            var i = start + 1
            while true {
                if terminal[Int(node)] >= 0 {
                    out.append(SkillMatch(startToken: start, endToken: i, startChar: Int(starts[start]),
                                          endChar: Int(ends[i - 1]), skill: Int(terminal[Int(node)])))
                }
                guard i < n, tokenIDs[i] >= 0, let next = children[Int(node)][tokenIDs[i]] else { break }
                node = next
                i += 1
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
        guard spans.count > 1 else { return spans }
        // Matches come in start order, so a stable sort by length alone gives (length desc, start asc).
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
