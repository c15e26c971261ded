import Tensor
import Transformers

/// One training step's loss and parameter gradient for a batch of text columns (anchors,
/// positives, optional negatives), either directly or with GradCache.
///
/// Direct: each column runs forward keeping activations, the loss takes all embeddings, each
/// column runs backward. Cached (`miniBatch`, as sentence-transformers'
/// `CachedMultipleNegativesRankingLoss`): every mini-batch is embedded without activations, the
/// loss and its embedding gradients are taken on the full batch, then each mini-batch runs forward
/// again with activations (same dropout masks) and backward with its slice of the embedding
/// gradient. Memory is bounded by the mini-batch; the result equals the direct one.
public struct GradientComputation: Sendable {
    public var loss: MatryoshkaLoss
    /// Sequences per forward pass for GradCache; `nil` runs each column whole.
    public var miniBatch: Int?

    public init(loss: MatryoshkaLoss, miniBatch: Int? = nil) {
        self.loss = loss
        self.miniBatch = miniBatch
    }

    public struct Result: Sendable {
        public var loss: Double
        public var perDimension: [Double]
        public var gradient: BertModel
    }

    /// - Parameters:
    ///   - columns: encodings per column; column 0 anchors, column 1 positives (same count), then negatives.
    ///   - dropout: the step's dropout plan (`nil`: eval-mode gradients).
    public func compute(_ embedder: SentenceEmbedder, columns: [[Encoding]], dropout: DropoutPlan?) throws -> Result {
        if let m = miniBatch { return try cached(embedder, columns: columns, dropout: dropout, miniBatch: m) }
        var embeddings: [Tensor] = [], caches: [SentenceEmbedder.Cache?] = []
        for (j, col) in columns.enumerated() {
            let (e, c) = try embedder.forward(col, cache: true, dropout: dropout?.derived(UInt64(j)))
            embeddings.append(e)
            caches.append(c)
        }
        let (l, per, dEmb) = try loss.lossAndGradient(embeddings)
        var grad: BertModel?
        for j in columns.indices.reversed() {
            if grad == nil {
                grad = try embedder.backward(dEmb[j], cache: caches[j])
            } else {
                try embedder.backward(dEmb[j], cache: caches[j], accumulatingInto: &grad!)
            }
            caches[j] = nil  // free this column's activations before the next backward
        }
        return Result(loss: l, perDimension: per, gradient: grad!)
    }

    func cached(_ embedder: SentenceEmbedder, columns: [[Encoding]], dropout: DropoutPlan?, miniBatch m: Int) throws -> Result {
        guard m >= 1 else { throw TrainingError.invalidSetting("mini-batch must be at least 1, is \(m)") }
        func plan(_ j: Int, _ start: Int) -> DropoutPlan? { dropout?.derived(UInt64(j) << 32 | UInt64(start)) }
        var embeddings: [Tensor] = []
        for (j, col) in columns.enumerated() {
            var parts: [Float] = []
            var width = 0
            for start in stride(from: 0, to: col.count, by: m) {
                let (e, _) = try embedder.forward(Array(col[start..<min(start + m, col.count)]), cache: false, dropout: plan(j, start))
                parts += e.data
                width = e.shape[1]
            }
            embeddings.append(try Tensor(shape: [col.count, width], data: parts))
        }
        let (l, per, dEmb) = try loss.lossAndGradient(embeddings)
        var grad: BertModel?
        for (j, col) in columns.enumerated() {
            let w = dEmb[j].shape[1]
            for start in stride(from: 0, to: col.count, by: m) {
                let end = min(start + m, col.count)
                let (_, cache) = try embedder.forward(Array(col[start..<end]), cache: true, dropout: plan(j, start))
                let slice = try Tensor(shape: [end - start, w], data: Array(dEmb[j].data[(start * w)..<(end * w)]))
                if grad == nil {
                    grad = try embedder.backward(slice, cache: cache)
                } else {
                    try embedder.backward(slice, cache: cache, accumulatingInto: &grad!)  // no model-sized temporary
                }
            }
        }
        return Result(loss: l, perDimension: per, gradient: grad!)
    }
}
