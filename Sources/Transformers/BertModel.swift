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
        try self.init(config: config, weights: WeightReader(SafeTensors(url: url)))
    }

    /// Reads the model from `w` on `Parallel.threads`: the embeddings and each layer (read, then
    /// converted for `precision` while its weights are in cache, `BertLayer.converted(to:)`) are
    /// tasks handed to whichever thread is free (`Parallel.forEachDynamic`), and `alongside`, when
    /// given, is one more, run first (`SentenceEncoder` parses `tokenizer.json` there). Read on
    /// one thread, the weights were 90 MB copied into fresh pages beside an idle core.
    public init(config: BertConfig, weights w: WeightReader, precision: Precision = .fp32, alongside: (() -> Void)? = nil) throws {
        let first = alongside == nil ? 0 : 1, count = config.numHiddenLayers
        var embeddings: Result<BertEmbeddings, any Error>?
        var layers = [Result<BertLayer, any Error>?](repeating: nil, count: count)
        withUnsafeMutablePointer(to: &embeddings) { emb in
            layers.withUnsafeMutableBufferPointer { out in
                Parallel.forEachDynamic(first + 1 + count) { _, task in
                    switch task - first {
                    case -1: alongside?()
                    case 0: emb.pointee = Result { try BertEmbeddings(w, config: config) }
                    case let i: out[i - 1] = Result { try BertLayer(w, index: i - 1, config: config).converted(to: precision) }
                    }
                }
            }
        }
        self.config = config
        self.embeddings = try embeddings!.get()
        self.layers = try layers.map { try $0!.get() }
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

extension BertModel: ParameterContainer {
    /// The walk key of layer `index`: `encoder.layer.<index>`.
    static func layerKey(_ index: Int) -> String { "encoder.layer.\(index)" }

    /// Keys as the checkpoint spells them without a model prefix: `embeddings.…`, `encoder.layer.3.…`.
    public mutating func visit(_ prefix: String, _ body: (String, inout Tensor) throws -> Void) rethrows {
        try embeddings.visit(prefix, body)
        for i in layers.indices {
            try layers[i].visit(parameterKey(prefix, Self.layerKey(i)), body)
        }
    }
}
