import Foundation
import JobMatchCore
import Tensor
import Transformers

/// Trains a cross-encoder (`BertForSequenceClassification`, one logit) on (anchor, positive,
/// optional negative) pairs with binary cross-entropy on logits: (anchor, positive) → 1 and
/// (anchor, negative) → 0; a pair without a negative gets another pair's positive from the same
/// batch (a seeded in-batch random negative). Shares the bi-encoder trainer's parts: no-duplicate
/// batches, AdamW, the linear schedule, clipping by global norm, checkpoints and `--resume`.
///
/// ```swift
/// let model = try BertForSequenceClassification.initialized(config: base.config, weights: base.weightsURL, seed: 42)
/// let trainer = try CrossEncoderTrainer(model: model, tokenizer: tok, pairs: pairs, settings: s, checkpoints: dir)
/// let result = try trainer.run(resume: false)
/// ```
public final class CrossEncoderTrainer {
    public private(set) var model: BertForSequenceClassification
    public let tokenizer: BertTokenizer
    public let pairs: [TrainingPair]
    /// `miniBatch` bounds the pairs per forward pass (the loss is a mean, so chunks add up exactly);
    /// the Matryoshka and MNR settings are not used.
    public let settings: TrainingSettings
    public let checkpoints: URL

    public init(model: BertForSequenceClassification, tokenizer: BertTokenizer, pairs: [TrainingPair],
                settings: TrainingSettings, checkpoints: URL) throws {
        try settings.validate(embeddingDimension: model.config.hiddenSize)
        guard !pairs.isEmpty else { throw TrainingError.invalidSetting("no training pairs") }
        guard model.numLabels == 1 else { throw TrainingError.invalidSetting("a cross-encoder has one label, this model has \(model.numLabels)") }
        self.model = model.trainable()  // sgemm on weights that change, never a packed copy
        self.tokenizer = tokenizer
        self.pairs = pairs
        self.settings = settings
        self.checkpoints = checkpoints
    }

    /// One labelled text pair.
    public struct Example: Sendable, Equatable {
        public var query: String, document: String
        public var label: Float
    }

    /// Every epoch's batches, cut at `maxSteps`.
    public func plan() -> [[Int]] { TrainingLoop(pairs: pairs, settings: settings, checkpoints: checkpoints).plan() }

    /// The labelled examples of one batch: each positive, then each pair's negative (its own, or
    /// another pair's positive drawn with the step's seed when it has none and the batch has two pairs or more).
    public func examples(_ batch: [Int], step: Int) -> [Example] {
        let rows = batch.map { pairs[$0] }
        var out = rows.map { Example(query: $0.anchor, document: $0.positive, label: 1) }
        var rng = SplitMix64(seed: settings.seed ^ Dropout.mix(UInt64(step) &+ 0x5EED))
        for (i, r) in rows.enumerated() {
            if let n = r.negative {
                out.append(Example(query: r.anchor, document: n, label: 0))
            } else if rows.count > 1 {
                let j = (i + 1 + Int(rng.next() % UInt64(rows.count - 1))) % rows.count
                out.append(Example(query: r.anchor, document: rows[j].positive, label: 0))
            }
        }
        return out
    }

    /// Loss and gradient of one step's examples; chunks of `miniBatch` examples run forward and
    /// backward one at a time and their gradients add up to the whole batch's.
    public func lossAndGradient(_ examples: [Example], dropout: DropoutPlan?) throws -> (Double, BertForSequenceClassification) {
        try lossAndGradient(examples, dropout: dropout, model: model)
    }

    func lossAndGradient(_ examples: [Example], dropout: DropoutPlan?, model: BertForSequenceClassification) throws
        -> (Double, BertForSequenceClassification) {
        let encodings = examples.map { tokenizer.encode($0.query, pair: $0.document, maxLength: settings.maxSeqLength) }
        let chunk = settings.miniBatch ?? examples.count
        var loss = 0.0
        var grad: BertForSequenceClassification?
        for start in stride(from: 0, to: examples.count, by: chunk) {
            let end = min(start + chunk, examples.count)
            let plan = dropout?.derived(UInt64(start))
            let (logits, cache) = try model.forward(TokenBatch(Array(encodings[start..<end])), cache: true, dropout: plan)
            var (l, dLogits) = try BinaryCrossEntropyWithLogits.lossAndGradient(logits, labels: examples[start..<end].map(\.label))
            let share = Double(end - start) / Double(examples.count)
            loss += l * share
            dLogits.data.withUnsafeMutableBufferPointer { p in Kernels.scale(p.baseAddress!, count: p.count, by: Float(share)) }
            let g = try model.backward(dLogits, cache: cache)
            if grad == nil { grad = g } else { grad!.add(g) }
        }
        return (loss, grad!)
    }

    /// Trains to the end of the plan (`TrainingLoop`), writing checkpoints; with `resume`,
    /// continues from the latest one. One step: the batch's labelled examples and their BCE.
    ///
    /// - Throws: `TrainingError.nonFiniteLoss` naming the step, the batch's ids and the last good
    ///   checkpoint; `TrainingError.invalidSetting` when resuming under other settings or data.
    public func run(resume: Bool, progress: (Trainer.Progress) -> Void = { _ in }) throws -> Trainer.Result {
        let loop = TrainingLoop(pairs: pairs, settings: settings, checkpoints: checkpoints)
        let (settings, config) = (self.settings, model.config)
        // The closure reads other properties only: `model` is in the loop's hands until it returns.
        return try loop.run(&model, resume: resume, progress: progress) { model, step, batch in
            let dropout = settings.dropout ? DropoutPlan(config: config, seed: Dropout.mix(settings.seed ^ Dropout.mix(UInt64(step)))) : nil
            var stepModel = model
            stepModel.bert = try model.bert.mixedPrecision(settings.precision ?? .fp32)
            return try self.lossAndGradient(self.examples(batch, step: step), dropout: dropout, model: stepModel)
        }
    }
}
