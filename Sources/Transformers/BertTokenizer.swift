/// One tokenised input: ids, token types and attention mask, all the same length.
public struct Encoding: Sendable, Equatable {
    public var ids: [Int32]
    public var typeIds: [Int32]
    public var attentionMask: [Int32]
    /// Number of real (non-padding) tokens.
    public var length: Int { attentionMask.reduce(0) { $0 + Int($1) } }
}

/// The BERT WordPiece tokenizer of Hugging Face `tokenizers` (BertNormalizer, BertPreTokenizer,
/// WordPiece, `[CLS] A [SEP] (B [SEP])` post-processing, longest-first truncation, padding).
///
/// ```swift
/// let tok = try BertTokenizer(directory: URL(fileURLWithPath: "models/all-MiniLM-L6-v2"))
/// let e = tok.encode("Senior Data Scientist", maxLength: 128)
/// e.ids   // [101, 3026, 2951, 7155, 102]
/// ```
public struct BertTokenizer: Sendable {
    public let normalizer: BertNormalizer
    public let preTokenizer = BertPreTokenizer()
    public let wordPiece: WordPiece
    public let clsId: Int32
    public let sepId: Int32
    public let padId: Int32
    /// Tokens matched verbatim in the raw text before normalisation (`[CLS]`, `[SEP]`, `[MASK]`…).
    public let addedTokens: [(content: [Unicode.Scalar], id: Int32)]

    public init(normalizer: BertNormalizer, wordPiece: WordPiece, clsId: Int32, sepId: Int32, padId: Int32,
                addedTokens: [(content: String, id: Int32)]) {
        self.normalizer = normalizer
        self.wordPiece = wordPiece
        self.clsId = clsId
        self.sepId = sepId
        self.padId = padId
        self.addedTokens = addedTokens.filter { !$0.content.isEmpty }
            .map { (Array($0.content.unicodeScalars), $0.id) }
            .sorted { $0.content.count > $1.content.count }
    }

    /// The ids of `text` without special tokens, truncation or padding.
    public func tokenize(_ text: String) -> [Int32] {
        var ids: [Int32] = []
        for segment in splitOnAddedTokens(text) {
            switch segment {
            case .added(let id): ids.append(id)
            case .text(let t):
                let normalized = normalizer.normalize(t)
                for word in preTokenizer.split(normalized) { wordPiece.tokenize(word, into: &ids) }
            }
        }
        return ids
    }

    /// `[CLS] text [SEP]`, truncated to `maxLength` tokens in all, not padded.
    public func encode(_ text: String, maxLength: Int? = nil) -> Encoding {
        var ids = tokenize(text)
        if let maxLength { ids = Array(ids.prefix(max(0, maxLength - 2))) }
        let all = [clsId] + ids + [sepId]
        return Encoding(ids: all, typeIds: [Int32](repeating: 0, count: all.count),
                        attentionMask: [Int32](repeating: 1, count: all.count))
    }

    /// `[CLS] a [SEP] b [SEP]` with token types 0 for `a` and its separators, 1 for `b` and the last
    /// `[SEP]`; truncated longest-first to `maxLength` tokens in all (for cross-encoders).
    public func encode(_ a: String, pair b: String, maxLength: Int? = nil) -> Encoding {
        var ia = tokenize(a), ib = tokenize(b)
        if let maxLength { Self.truncateLongestFirst(&ia, &ib, budget: max(0, maxLength - 3)) }
        let ids = [clsId] + ia + [sepId] + ib + [sepId]
        let types = [Int32](repeating: 0, count: ia.count + 2) + [Int32](repeating: 1, count: ib.count + 1)
        return Encoding(ids: ids, typeIds: types, attentionMask: [Int32](repeating: 1, count: ids.count))
    }

    /// Pads every encoding on the right to the longest one (or `length` if given) with `[PAD]`,
    /// type 0 and mask 0.
    public func pad(_ encodings: [Encoding], to length: Int? = nil) -> [Encoding] {
        let target = length ?? encodings.map(\.ids.count).max() ?? 0
        return encodings.map { e in
            let n = max(0, target - e.ids.count)
            return Encoding(ids: e.ids + [Int32](repeating: padId, count: n),
                            typeIds: e.typeIds + [Int32](repeating: 0, count: n),
                            attentionMask: e.attentionMask + [Int32](repeating: 0, count: n))
        }
    }

    /// Longest-first truncation of a pair to `budget` tokens, as `tokenizers`' `LongestFirst`:
    /// the shorter sequence keeps what it can up to half the budget, the longer one the rest.
    static func truncateLongestFirst(_ a: inout [Int32], _ b: inout [Int32], budget: Int) {
        guard a.count + b.count > budget else { return }
        var n1 = a.count, n2 = b.count
        let swap = n1 > n2
        if swap { (n1, n2) = (n2, n1) }
        if n1 > budget { n2 = n1 } else { n2 = max(n1, budget - n1) }
        if n1 + n2 > budget {
            n1 = budget / 2
            n2 = n1 + budget % 2
        }
        if swap { (n1, n2) = (n2, n1) }
        a = Array(a.prefix(n1))
        b = Array(b.prefix(n2))
    }

    enum Segment { case text(String), added(Int32) }

    /// Splits the raw text around verbatim added tokens (longest first, leftmost match).
    func splitOnAddedTokens(_ text: String) -> [Segment] {
        guard !addedTokens.isEmpty, text.unicodeScalars.contains("[") || addedTokens.contains(where: { $0.content.first != "[" }) else {
            return [.text(text)]
        }
        let scalars = Array(text.unicodeScalars)
        var segments: [Segment] = []
        var current = String.UnicodeScalarView()
        var i = 0
        outer: while i < scalars.count {
            for token in addedTokens where token.content.first == scalars[i] && i + token.content.count <= scalars.count {
                if scalars[i..<(i + token.content.count)].elementsEqual(token.content) {
                    if !current.isEmpty { segments.append(.text(String(current))); current = String.UnicodeScalarView() }
                    segments.append(.added(token.id))
                    i += token.content.count
                    continue outer
                }
            }
            current.append(scalars[i])
            i += 1
        }
        if !current.isEmpty { segments.append(.text(String(current))) }
        return segments
    }
}
