import Foundation

/// The fields of a Hugging Face BERT-family `config.json` that the forward pass needs.
///
/// Accepts `model_type` bert (BERT, MiniLM, e5, bge…) with absolute positions and exact GELU.
public struct BertConfig: Sendable, Equatable {
    public var vocabSize: Int
    public var hiddenSize: Int
    public var numHiddenLayers: Int
    public var numAttentionHeads: Int
    public var intermediateSize: Int
    public var maxPositionEmbeddings: Int
    public var typeVocabSize: Int
    public var layerNormEps: Float
    /// `hidden_dropout_prob` (training only; default 0.1 as in transformers).
    public var hiddenDropoutProb: Float = 0.1
    /// `attention_probs_dropout_prob` (training only; default 0.1).
    public var attentionProbsDropoutProb: Float = 0.1

    public var headSize: Int { hiddenSize / numAttentionHeads }

    public init(vocabSize: Int, hiddenSize: Int, numHiddenLayers: Int, numAttentionHeads: Int, intermediateSize: Int,
                maxPositionEmbeddings: Int, typeVocabSize: Int = 2, layerNormEps: Float = 1e-12) {
        self.vocabSize = vocabSize
        self.hiddenSize = hiddenSize
        self.numHiddenLayers = numHiddenLayers
        self.numAttentionHeads = numAttentionHeads
        self.intermediateSize = intermediateSize
        self.maxPositionEmbeddings = maxPositionEmbeddings
        self.typeVocabSize = typeVocabSize
        self.layerNormEps = layerNormEps
    }

    /// Reads and checks `config.json`.
    ///
    /// - Throws: `TransformersError` naming `config.json` and the field: missing, not a positive
    ///   integer, `hidden_size` not divisible by `num_attention_heads`, or an unsupported
    ///   `model_type`, `hidden_act` or `position_embedding_type`.
    public init(url: URL) throws {
        let f = try JSONFile(url)
        let type = try f.string("model_type")
        guard type == "bert" else {
            throw TransformersError.unsupported(path: f.path, field: "model_type", value: type)
        }
        let act = (try? f.string("hidden_act")) ?? "gelu"
        guard act == "gelu" else { throw TransformersError.unsupported(path: f.path, field: "hidden_act", value: act) }
        let pos = (try? f.string("position_embedding_type")) ?? "absolute"
        guard pos == "absolute" else {
            throw TransformersError.unsupported(path: f.path, field: "position_embedding_type", value: pos)
        }
        func positive(_ key: String) throws -> Int {
            let v = try f.int(key)
            guard v > 0 else { throw TransformersError.invalidField(path: f.path, field: key, reason: "must be positive, is \(v)") }
            return v
        }
        self.init(
            vocabSize: try positive("vocab_size"), hiddenSize: try positive("hidden_size"),
            numHiddenLayers: try positive("num_hidden_layers"), numAttentionHeads: try positive("num_attention_heads"),
            intermediateSize: try positive("intermediate_size"), maxPositionEmbeddings: try positive("max_position_embeddings"),
            typeVocabSize: f.raw["type_vocab_size"] == nil ? 2 : try positive("type_vocab_size"),
            layerNormEps: f.raw["layer_norm_eps"] == nil ? 1e-12 : Float(try f.double("layer_norm_eps")))
        for (key, path) in [("hidden_dropout_prob", \BertConfig.hiddenDropoutProb),
                            ("attention_probs_dropout_prob", \BertConfig.attentionProbsDropoutProb)] where f.raw[key] != nil {
            let p = try f.double(key)
            guard p >= 0 && p < 1 else { throw TransformersError.invalidField(path: f.path, field: key, reason: "\(p) not in [0, 1)") }
            self[keyPath: path] = Float(p)
        }
        guard hiddenSize % numAttentionHeads == 0 else {
            throw TransformersError.invalidField(
                path: f.path, field: "num_attention_heads",
                reason: "hidden_size \(hiddenSize) is not divisible by \(numAttentionHeads) heads")
        }
    }
}
