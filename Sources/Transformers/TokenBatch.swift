/// Token ids of several sequences packed end to end, without padding.
///
/// Sequence `b` holds tokens `offsets[b] ..< offsets[b] + lengths[b]`. Activations follow the
/// same layout as `[tokens, hidden]` matrices, so no work is spent on padding; attention is
/// computed per sequence over its own keys, which is what the padding mask does in PyTorch.
public struct TokenBatch: Sendable, Equatable {
    public var ids: [Int32]
    public var typeIds: [Int32]
    public var lengths: [Int]
    public var offsets: [Int]

    /// Total number of tokens.
    public var tokenCount: Int { ids.count }
    public var count: Int { lengths.count }
    public var maxLength: Int { lengths.max() ?? 0 }

    /// Packs encodings; padding (mask 0) must come after the real tokens (right padding).
    ///
    /// - Throws: `TransformersError.invalidArgument` for an empty sequence or left/inner padding.
    public init(_ encodings: [Encoding]) throws {
        ids = []; typeIds = []; lengths = []; offsets = []
        for (i, e) in encodings.enumerated() {
            let n = e.length
            guard n > 0, e.attentionMask.prefix(n).allSatisfy({ $0 == 1 }) else {
                throw TransformersError.invalidArgument("sequence \(i): attention mask must be 1s then 0s, with at least one 1")
            }
            offsets.append(ids.count)
            lengths.append(n)
            ids += e.ids.prefix(n)
            typeIds += e.typeIds.prefix(n)
        }
    }
}
