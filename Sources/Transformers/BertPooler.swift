import Foundation
import Tensor

/// `transformers.models.bert.modeling_bert.BertPooler`: the `[CLS]` token's hidden state through
/// `dense` and `tanh`; one vector per sequence. Checkpoint keys `pooler.dense.*` (under the
/// model's prefix, `bert.pooler.dense.*` in a `BertForSequenceClassification` file).
public struct BertPooler: Sendable {
    public var dense: Linear

    /// What backward needs: the dense layer's cache and the tanh output.
    public struct Cache: Sendable {
        public let dense: Linear.Cache?
        public let output: Tensor
        public let batch: TokenBatch
    }

    public init(dense: Linear) { self.dense = dense }

    /// The pooler shaped for `c`, to be read (`ParameterContainer.read`): dense [C, C].
    init(unread c: BertConfig) {
        dense = Linear(unreadIn: c.hiddenSize, out: c.hiddenSize)
    }

    /// hidden: [N, C] packed → pooled [B, C] = tanh(dense(hidden[first token of each sequence])).
    public func forward(_ hidden: Tensor, batch: TokenBatch, cache: Bool = false) throws -> (Tensor, Cache?) {
        let c = dense.inFeatures
        guard hidden.rank == 2, hidden.shape == [batch.tokenCount, c] else {
            throw TensorError.shapeMismatch(op: "BertPooler.forward", expected: "[\(batch.tokenCount), \(c)]", actual: describeShape(hidden.shape))
        }
        var cls = Tensor(zeros: [batch.count, c])
        for (b, start) in batch.offsets.enumerated() {
            for j in 0..<c { cls.data[b * c + j] = hidden.data[start * c + j] }
        }
        var (y, dc) = try dense.forward(cls, cache: cache)
        y.data.withUnsafeMutableBufferPointer { p in
            for i in p.indices { p[i] = Foundation.tanh(p[i]) }
        }
        return (y, cache ? Cache(dense: dc, output: y, batch: batch) : nil)
    }

    /// dPooled: [B, C] → dHidden: [N, C] packed (non-zero only on each sequence's first token), and
    /// the gradient as a `BertPooler`. `d tanh(z) / dz = 1 − tanh²(z)`.
    public func backward(_ dPooled: Tensor, cache: Cache?) throws -> (Tensor, BertPooler) {
        let cache = try requireCache(cache, "BertPooler")
        try dPooled.expectShape(cache.output.shape, op: "BertPooler.backward")
        var dz = dPooled
        for i in dz.data.indices {
            let t = cache.output.data[i]
            dz.data[i] *= 1 - t * t
        }
        let (dCLS, dDense) = try dense.backward(dz, cache: cache.dense)
        let c = dense.inFeatures, batch = cache.batch
        var dHidden = Tensor(zeros: [batch.tokenCount, c])
        for (b, start) in batch.offsets.enumerated() {
            for j in 0..<c { dHidden.data[start * c + j] = dCLS.data[b * c + j] }
        }
        return (dHidden, BertPooler(dense: dDense))
    }
}

extension BertPooler: ParameterContainer {
    public mutating func visit(_ prefix: String, _ body: (String, inout Tensor) throws -> Void) rethrows {
        try dense.visit(parameterKey(prefix, "dense"), body)
    }
}
