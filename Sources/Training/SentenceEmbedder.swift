import Tensor
import Transformers

/// The trainable part of a sentence-transformers model: BERT, pooling and (optionally) Normalize,
/// with a backward pass from the sentence embeddings to every BERT parameter.
public struct SentenceEmbedder: Sendable {
    public var model: BertModel
    public let pooling: Pooling
    public let normalize: Bool

    public init(model: BertModel, pooling: Pooling, normalize: Bool) {
        self.model = model
        self.pooling = pooling
        self.normalize = normalize
    }

    /// What backward needs.
    public struct Cache: Sendable {
        let model: BertModel.Cache?
        let batch: TokenBatch
        let normalize: L2Normalize.Cache?
    }

    /// encodings → sentence embeddings [B, C] (pooled, then normalised when the model has Normalize).
    ///
    /// - Parameters:
    ///   - cache: keep activations for `backward`; without it memory stays at inference level.
    ///   - dropout: training-mode dropout (`nil`: none, as `model.eval()`).
    public func forward(_ encodings: [Encoding], cache: Bool, dropout: DropoutPlan?) throws -> (Tensor, Cache?) {
        let batch = try TokenBatch(encodings)
        let (hidden, mc) = try model.forward(batch, cache: cache, dropout: dropout)
        let pooled = try pooling.forward(hidden, batch: batch)
        if normalize {
            let (y, nc) = try L2Normalize.forward(pooled)
            return (y, cache ? Cache(model: mc, batch: batch, normalize: nc) : nil)
        }
        return (pooled, cache ? Cache(model: mc, batch: batch, normalize: nil) : nil)
    }

    /// dEmbeddings [B, C] → the gradient of every BERT parameter.
    public func backward(_ dEmbeddings: Tensor, cache: Cache?) throws -> BertModel {
        guard let cache else { throw TrainingError.invalidSetting("SentenceEmbedder.backward: the forward pass ran without cache: true") }
        let dPooled = try cache.normalize.map { try L2Normalize.backward(dEmbeddings, cache: $0) } ?? dEmbeddings
        let dHidden = try pooling.backward(dPooled, batch: cache.batch)
        return try model.backward(dHidden, cache: cache.model)
    }

    /// dEmbeddings [B, C] → adds the gradient of every BERT parameter to `grad` in place.
    public func backward(_ dEmbeddings: Tensor, cache: Cache?, accumulatingInto grad: inout BertModel) throws {
        guard let cache else { throw TrainingError.invalidSetting("SentenceEmbedder.backward: the forward pass ran without cache: true") }
        let dPooled = try cache.normalize.map { try L2Normalize.backward(dEmbeddings, cache: $0) } ?? dEmbeddings
        let dHidden = try pooling.backward(dPooled, batch: cache.batch)
        try model.backward(dHidden, cache: cache.model, accumulatingInto: &grad)
    }
}
