import Foundation
import Tensor

/// `BertModel` without the pooler: embeddings and the encoder's layers; the output is the last
/// hidden state, `[tokens, hidden]` over a packed batch.
public struct BertModel: Sendable {
    public let config: BertConfig
    public var embeddings: BertEmbeddings
    /// `encoder.layer.*`
    public var layers: [BertLayer]

    public struct Cache: Sendable {
        public let embeddings: BertEmbeddings.Cache?, layers: [BertLayer.Cache?]
        public let batch: TokenBatch
    }

    /// Reads weights for `config` from a safetensors file (bare or `bert.`-prefixed keys).
    public init(config: BertConfig, weights url: URL) throws {
        let w = try WeightReader(SafeTensors(url: url))
        self.config = config
        embeddings = try BertEmbeddings(w, config: config)
        layers = try (0..<config.numHiddenLayers).map { try BertLayer(w, index: $0, config: config) }
    }

    /// A model from parts (tests and training build small ones).
    public init(config: BertConfig, embeddings: BertEmbeddings, layers: [BertLayer]) {
        self.config = config
        self.embeddings = embeddings
        self.layers = layers
    }

    /// ids [N] packed → last hidden state [N, C].
    ///
    /// - Parameters:
    ///   - cache: keep what `backward` needs (training); without it nothing extra is stored.
    ///   - dropout: training-mode dropout; `nil` (inference) runs no dropout at all.
    public func forward(_ batch: TokenBatch, cache: Bool = false, dropout: DropoutPlan? = nil) throws -> (Tensor, Cache?) {
        var (x, ec) = try embeddings.forward(batch, cache: cache, dropout: dropout?.derived(0))
        if !cache && dropout == nil {
            // Inference: a layer hands the next one its output's bfloat16 bits too when that layer
            // reads them (bf16), made in the sweep that wrote the output.
            var x16: [UInt16]? = nil
            for (i, layer) in layers.enumerated() {
                let emit = i + 1 < layers.count && layers[i + 1].readsBF16
                (x, x16) = try layer.inference(x, bf16: x16, batch: batch, emitBF16: emit)
            }
            return (x, nil)
        }
        var caches: [BertLayer.Cache?] = []
        for (i, layer) in layers.enumerated() {
            let (y, lc) = try layer.forward(x, batch: batch, cache: cache, dropout: dropout?.derived(UInt64(i + 1)))
            x = y
            if cache { caches.append(lc) }
        }
        return (x, cache ? Cache(embeddings: ec, layers: caches, batch: batch) : nil)
    }

    /// dHidden: [N, C] → the gradient of every parameter, as a `BertModel`; layers in reverse.
    public func backward(_ dHidden: Tensor, cache: Cache?) throws -> BertModel {
        let cache = try requireCache(cache, "BertModel")
        var grad = self
        var dx = dHidden
        for i in layers.indices.reversed() {
            let (d, g) = try layers[i].backward(dx, cache: cache.layers[i], batch: cache.batch)
            grad.layers[i] = g
            dx = d
        }
        grad.embeddings = try embeddings.backward(dx, cache: cache.embeddings)
        return grad
    }

    /// dHidden: [N, C] → adds the gradient of every parameter to `grad` in place (layers in
    /// reverse); the embeddings touch only the rows the batch used. For accumulating over
    /// columns and GradCache mini-batches without a model-sized temporary per pass.
    public func backward(_ dHidden: Tensor, cache: Cache?, accumulatingInto grad: inout BertModel) throws {
        let cache = try requireCache(cache, "BertModel")
        guard grad.layers.count == layers.count else {
            throw TransformersError.invalidArgument("BertModel.backward: gradient has \(grad.layers.count) layers, model \(layers.count)")
        }
        var dx = dHidden
        for i in layers.indices.reversed() {
            let (d, g) = try layers[i].backward(dx, cache: cache.layers[i], batch: cache.batch)
            grad.layers[i].add(g)
            dx = d
        }
        try embeddings.backward(dx, cache: cache.embeddings, accumulatingInto: &grad.embeddings)
    }
}
