/// Splits normalised text into words: on whitespace (dropped) and around punctuation (kept as
/// one-character words), as `tokenizers.pre_tokenizers.BertPreTokenizer`.
public struct BertPreTokenizer: Sendable {
    public init() {}

    /// The words of `text`, each as Unicode scalars; empty when the text is empty or blank.
    public func split(_ text: [Unicode.Scalar]) -> [ArraySlice<Unicode.Scalar>] {
        var words: [ArraySlice<Unicode.Scalar>] = []
        var start = -1
        for (i, s) in text.enumerated() {
            if BertNormalizer.isWhitespace(s) {
                if start >= 0 { words.append(text[start..<i]); start = -1 }
            } else if Self.isPunctuation(s) {
                if start >= 0 { words.append(text[start..<i]); start = -1 }
                words.append(text[i..<(i + 1)])
            } else if start < 0 {
                start = i
            }
        }
        if start >= 0 { words.append(text[start..<text.count]) }
        return words
    }

    /// ASCII punctuation (`!`…`/`, `:`…`@`, `[`…`` ` ``, `{`…`~`) or Unicode category P*.
    @inlinable
    public static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) {
            return true
        }
        if s.isASCII { return false }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }
}
