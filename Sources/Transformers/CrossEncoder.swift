import Foundation
import Tensor

/// A Hugging Face cross-encoder folder run in Swift: `config.json` (a `…ForSequenceClassification`
/// architecture), `model.safetensors`, the tokenizer files. Scores a (query, document) pair with
/// `[CLS] a [SEP] b [SEP]`, longest-first truncation, and the activation
/// `sentence_transformers.CrossEncoder.predict` applies (sigmoid for one label unless
/// `sbert_ce_default_activation_function` says otherwise).
///
/// ```swift
/// let ce = try CrossEncoder(directory: URL(fileURLWithPath: "workspace/models/reranker"))
/// let scores = try ce.predict([("Registered nurse, ICU", "ICU Nurse (RN)")])   // [0.93]
/// ```
public struct CrossEncoder: Sendable {
    public enum Activation: String, Sendable {
        case sigmoid = "torch.nn.modules.activation.Sigmoid"
        case identity = "torch.nn.modules.linear.Identity"
    }

    public let url: URL
    public let tokenizer: BertTokenizer
    public var model: BertForSequenceClassification
    /// Tokens per pair including `[CLS]` and both `[SEP]`: `tokenizer_config.json`'s
    /// `model_max_length`, capped at `max_position_embeddings` (what `CrossEncoder(path)` uses).
    public var maxLength: Int
    public var activation: Activation

    /// - Throws: `TransformersError` naming the file and field: a missing file, an architecture that
    ///   is not a sequence classifier (no trained head), a missing or misshapen tensor.
    public init(directory url: URL) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue else {
            throw TransformersError.missingFile(path: url.path)
        }
        let configURL = url.appendingPathComponent("config.json")
        let config = try BertConfig(url: configURL)
        let f = try JSONFile(configURL)
        let archs = f.raw["architectures"] as? [String] ?? []
        guard archs.contains(where: { $0.hasSuffix("ForSequenceClassification") }) else {
            throw TransformersError.invalidField(
                path: configURL.path, field: "architectures",
                reason: "\(archs) has no …ForSequenceClassification (a cross-encoder needs a trained classifier head)")
        }
        let labels: Int
        if f.raw["num_labels"] != nil {
            labels = try f.int("num_labels")
        } else if let m = f.raw["id2label"] as? [String: Any] {
            labels = m.count
        } else {
            labels = 2  // transformers' PretrainedConfig default
        }
        guard labels >= 1 else { throw TransformersError.invalidField(path: configURL.path, field: "num_labels", reason: "must be at least 1, is \(labels)") }
        var dropout: Float?
        if let d = f.raw["classifier_dropout"], !(d is NSNull) { dropout = Float(try f.double("classifier_dropout")) }
        let weights = url.appendingPathComponent("model.safetensors")
        guard FileManager.default.fileExists(atPath: weights.path) else { throw TransformersError.missingFile(path: weights.path) }
        model = try BertForSequenceClassification(config: config, numLabels: labels, weights: weights, classifierDropout: dropout)
        tokenizer = try BertTokenizer(directory: url)
        guard tokenizer.wordPiece.vocab.count <= config.vocabSize else {
            throw TransformersError.invalidField(
                path: configURL.path, field: "vocab_size",
                reason: "\(config.vocabSize) is smaller than the tokenizer's \(tokenizer.wordPiece.vocab.count) tokens")
        }
        if let a = f.raw["sbert_ce_default_activation_function"], !(a is NSNull) {
            let name = a as? String ?? "\(a)"
            guard let act = Activation(rawValue: name) else {
                throw TransformersError.unsupported(path: configURL.path, field: "sbert_ce_default_activation_function", value: name)
            }
            activation = act
        } else {
            activation = labels == 1 ? .sigmoid : .identity
        }
        var maxLen = config.maxPositionEmbeddings
        let tc = url.appendingPathComponent("tokenizer_config.json")
        if FileManager.default.fileExists(atPath: tc.path), let m = (try JSONFile(tc)).raw["model_max_length"] as? NSNumber,
           m.doubleValue >= 3, m.doubleValue < Double(maxLen) {
            maxLen = m.intValue
        }
        maxLength = maxLen
        self.url = url
    }

    /// The encoding of one pair under `maxLength` (or the given length).
    public func encode(_ a: String, _ b: String, maxLength: Int? = nil) -> Encoding {
        tokenizer.encode(a, pair: b, maxLength: maxLength ?? self.maxLength)
    }

    /// Raw logits, `[pairs][numLabels]`, in input order; batches sorted by length, packed without padding.
    public func logits(_ pairs: [(String, String)], batchSize: Int = 16, maxLength: Int? = nil) throws -> [[Float]] {
        guard batchSize > 0 else { throw TransformersError.invalidArgument("batch size must be positive, is \(batchSize)") }
        if let m = maxLength, m < 3 || m > model.config.maxPositionEmbeddings {
            throw TransformersError.invalidArgument("max length \(m) not in 3...\(model.config.maxPositionEmbeddings)")
        }
        let encodings = pairs.map { encode($0.0, $0.1, maxLength: maxLength) }
        let order = encodings.indices.sorted { encodings[$0].ids.count > encodings[$1].ids.count }
        var out = [[Float]](repeating: [], count: pairs.count)
        let k = model.numLabels
        for start in stride(from: 0, to: order.count, by: batchSize) {
            let idx = Array(order[start..<min(start + batchSize, order.count)])
            let (y, _) = try model.forward(TokenBatch(idx.map { encodings[$0] }))
            for (r, i) in idx.enumerated() { out[i] = Array(y.data[(r * k)..<((r + 1) * k)]) }
        }
        return out
    }

    /// `CrossEncoder.predict`: one score per pair (the single label's logit through the activation).
    ///
    /// - Throws: `TransformersError.invalidArgument` for a model with more than one label.
    public func predict(_ pairs: [(String, String)], batchSize: Int = 16, maxLength: Int? = nil) throws -> [Float] {
        guard model.numLabels == 1 else {
            throw TransformersError.invalidArgument("predict gives one score per pair; this model has \(model.numLabels) labels (use logits)")
        }
        return try logits(pairs, batchSize: batchSize, maxLength: maxLength).map { activate($0[0]) }
    }

    /// The activation applied to one logit.
    public func activate(_ x: Float) -> Float {
        switch activation {
        case .sigmoid: 1 / (1 + Foundation.exp(-x))
        case .identity: x
        }
    }
}
