/// Greedy longest-match-first subword split, as `tokenizers.models.WordPiece`.
///
/// A word longer than `maxInputCharsPerWord` scalars, or one that cannot be covered by vocabulary
/// pieces, becomes the single unknown token.
public struct WordPiece: Sendable {
    /// Token → id.
    public let vocab: [String: Int32]
    public let unkId: Int32
    public let continuingSubwordPrefix: String
    public let maxInputCharsPerWord: Int

    public init(vocab: [String: Int32], unkId: Int32, continuingSubwordPrefix: String = "##", maxInputCharsPerWord: Int = 100) {
        self.vocab = vocab
        self.unkId = unkId
        self.continuingSubwordPrefix = continuingSubwordPrefix
        self.maxInputCharsPerWord = maxInputCharsPerWord
    }

    /// Appends the ids of one word to `ids`.
    public func tokenize(_ word: ArraySlice<Unicode.Scalar>, into ids: inout [Int32]) {
        if word.count > maxInputCharsPerWord { ids.append(unkId); return }
        if let whole = vocab[String(String.UnicodeScalarView(word))] { ids.append(whole); return }
        let mark = ids.count
        var start = word.startIndex
        while start < word.endIndex {
            var end = word.endIndex
            var found: Int32?
            while start < end {
                var piece = start == word.startIndex ? "" : continuingSubwordPrefix
                piece.unicodeScalars.append(contentsOf: word[start..<end])
                if let id = vocab[piece] { found = id; break }
                end -= 1
            }
            guard let id = found else {
                ids.removeSubrange(mark...)
                ids.append(unkId)
                return
            }
            ids.append(id)
            start = end
        }
    }
}
