import Foundation
import Tensor

/// `BertModel` without the pooler: embeddings and the encoder's layers; the output is the last
/// hidden state, `[tokens, hidden]` over a packed batch.
public struct BertModel: Sendable {
    public let config: BertConfig
    public var embeddings: BertEmbeddings
    /// `encoder.layer.*`
    public var layers: [BertLayer]

    public struct Cache: Sendable { public let embeddings: BertEmbeddings.Cache?, layers: [BertLayer.Cache?] }

    /// Reads weights for `config` from a safetensors file (bare or `bert.`-prefixed keys).
    public init(config: BertConfig, weights url: URL) throws {
        let w = try WeightReader(SafeTensors(url: url))
        self.config = config
        embeddings = try BertEmbeddings(w, config: config)
        layers = try (0..<config.numHiddenLayers).map { try BertLayer(w, index: $0, config: config) }
    }

    /// ids [N] packed → last hidden state [N, C].
    public func forward(_ batch: TokenBatch, cache: Bool = false) throws -> (Tensor, Cache?) {
        var (x, ec) = try embeddings.forward(batch, cache: cache)
        var caches: [BertLayer.Cache?] = []
        for layer in layers {
            let (y, lc) = try layer.forward(x, batch: batch, cache: cache)
            x = y
            if cache { caches.append(lc) }
        }
        return (x, cache ? Cache(embeddings: ec, layers: caches) : nil)
    }
}
