import Foundation
import Tensor

/// `transformers.BertForSequenceClassification`: BERT, the pooler (`[CLS]` → dense → tanh),
/// dropout, and a linear classifier to `numLabels` logits. A cross-encoder is this model with one
/// label, run on `[CLS] a [SEP] b [SEP]` pairs.
///
/// Keys as Hugging Face spells them: `bert.embeddings.…`, `bert.encoder.layer.N.…`,
/// `bert.pooler.dense.*`, `classifier.*`. Files whose encoder keys are bare (`embeddings.…`,
/// `pooler.dense.*`) are read too.
///
/// ```swift
/// let m = try BertForSequenceClassification(config: config, numLabels: 1, weights: url)
/// let (logits, _) = try m.forward(TokenBatch(pairs))   // [B, 1]
/// ```
public struct BertForSequenceClassification: Sendable {
    public var bert: BertModel
    public var pooler: BertPooler
    /// `classifier`: [numLabels, C]
    public var classifier: Linear
    /// Dropout on the pooled output in training (`classifier_dropout`, else `hidden_dropout_prob`).
    public var classifierDropout: Float

    public var config: BertConfig { bert.config }

    /// The model without converted weights (`BertModel.trainable()`), what training runs.
    public func trainable() -> BertForSequenceClassification {
        var m = self
        m.bert = bert.trainable()
        m.pooler.dense = pooler.dense.trainable()
        m.classifier = classifier.trainable()
        return m
    }
    public var numLabels: Int { classifier.outFeatures }

    public struct Cache: Sendable {
        public let bert: BertModel.Cache?
        public let pooler: BertPooler.Cache?
        public let classifier: Linear.Cache?
        public let dropout: Dropout?
    }

    public init(bert: BertModel, pooler: BertPooler, classifier: Linear, classifierDropout: Float? = nil) {
        self.bert = bert
        self.pooler = pooler
        self.classifier = classifier
        self.classifierDropout = classifierDropout ?? bert.config.hiddenDropoutProb
    }

    /// Reads every weight from a safetensors file: encoder and pooler bare or under a prefix such
    /// as `bert.`, the classifier at `classifier.*`.
    ///
    /// - Throws: `TransformersError.badTensor` naming the file and key that is missing or misshapen.
    public init(config: BertConfig, numLabels: Int, weights url: URL, classifierDropout: Float? = nil) throws {
        let w = try WeightReader(SafeTensors(url: url))
        let bert = try BertModel(config: config, weights: w)
        var head = Linear(unreadIn: config.hiddenSize, out: numLabels)
        try head.read(WeightReader(w.file, prefix: ""), Self.classifierKey)
        var pooler = BertPooler(unread: config)
        try pooler.read(w, Self.poolerKey)
        self.init(bert: bert, pooler: pooler, classifier: head, classifierDropout: classifierDropout)
    }

    /// A fresh classification model on top of a BERT checkpoint, as `from_pretrained` builds one
    /// from a `BertModel` file: the pooler is the checkpoint's when it has one, else new; new
    /// layers get transformers' `_init_weights` (weights N(0, `initializerRange`), biases 0),
    /// drawn from a seeded generator.
    public static func initialized(
        config: BertConfig, weights url: URL, numLabels: Int = 1, initializerRange: Float = 0.02, seed: UInt64
    ) throws -> BertForSequenceClassification {
        let w = try WeightReader(SafeTensors(url: url))
        let bert = try BertModel(config: config, weights: w)
        var rng = NormalGenerator(seed: seed)
        let c = config.hiddenSize
        var pooler = BertPooler(unread: config)
        if w.contains(pooler, at: Self.poolerKey) {
            try pooler.read(w, Self.poolerKey)
        } else {
            pooler = BertPooler(dense: try Linear(weight: rng.tensor([c, c], std: initializerRange), bias: Tensor(zeros: [c])))
        }
        let head = try Linear(weight: rng.tensor([numLabels, c], std: initializerRange), bias: Tensor(zeros: [numLabels]))
        return BertForSequenceClassification(bert: bert, pooler: pooler, classifier: head)
    }

    /// Packed pairs → logits [B, numLabels].
    ///
    /// - Parameters:
    ///   - cache: keep what `backward` needs.
    ///   - dropout: training-mode dropout for BERT and the pooled output; `nil` is inference.
    public func forward(_ batch: TokenBatch, cache: Bool = false, dropout: DropoutPlan? = nil) throws -> (Tensor, Cache?) {
        let (hidden, bc) = try bert.forward(batch, cache: cache, dropout: dropout)
        var (pooled, pc) = try pooler.forward(hidden, batch: batch, cache: cache)
        let drop = dropout.map(pooledDropout)
        drop?.apply(&pooled, stream: 0)
        let (logits, cc) = try classifier.forward(pooled, cache: cache)
        return (logits, cache ? Cache(bert: bc, pooler: pc, classifier: cc, dropout: drop) : nil)
    }

    /// The dropout on the pooled output for a step's plan (its own stream, `classifierDropout`).
    func pooledDropout(_ plan: DropoutPlan) -> Dropout {
        Dropout(probability: classifierDropout, seed: Dropout.mix(plan.hidden.seed ^ 0xC1A5))
    }

    /// dLogits: [B, numLabels] → the gradient of every parameter, as a `BertForSequenceClassification`.
    public func backward(_ dLogits: Tensor, cache: Cache?) throws -> BertForSequenceClassification {
        let cache = try requireCache(cache, "BertForSequenceClassification")
        var (dPooled, dClassifier) = try classifier.backward(dLogits, cache: cache.classifier)
        cache.dropout?.apply(&dPooled, stream: 0)
        let (dHidden, dPooler) = try pooler.backward(dPooled, cache: cache.pooler)
        let dBert = try bert.backward(dHidden, cache: cache.bert)
        var grad = self
        grad.bert = dBert
        grad.pooler = dPooler
        grad.classifier = dClassifier
        return grad
    }
}

extension BertForSequenceClassification: ParameterContainer {
    /// The pooler's walk key under the encoder's (`bert.pooler`, or `pooler` in a file of bare keys).
    static let poolerKey = "pooler"
    /// The head's walk key, never under the encoder's prefix.
    static let classifierKey = "classifier"

    /// `bert.embeddings.…`, `bert.encoder.layer.N.…`, `bert.pooler.dense.*`, `classifier.*`.
    public mutating func visit(_ prefix: String, _ body: (String, inout Tensor) throws -> Void) rethrows {
        let b = parameterKey(prefix, "bert")
        try bert.visit(b, body)
        try pooler.visit(parameterKey(b, Self.poolerKey), body)
        try classifier.visit(parameterKey(prefix, Self.classifierKey), body)
    }
}

/// Seeded N(0, σ) values for new layers (SplitMix64 + Box–Muller).
struct NormalGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func uniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Double(Dropout.mix(state) >> 11) * 0x1p-53
    }
    mutating func normal() -> Double {
        (-2 * Foundation.log(max(uniform(), 1e-300))).squareRoot() * Foundation.cos(2 * .pi * uniform())
    }
    mutating func tensor(_ shape: [Int], std: Float) -> Tensor {
        try! Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in Float(normal()) * std })
    }
}
