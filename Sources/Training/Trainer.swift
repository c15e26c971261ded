import Foundation
import Tensor
import Transformers

/// Fine-tunes a sentence encoder on (anchor, positive, optional negative) pairs with
/// Matryoshka(MNR), AdamW, linear warm-up and decay, clipping, no-duplicate batches, and
/// checkpoints that `resume` continues from to the same final weights as an uninterrupted run.
///
/// ```swift
/// let trainer = try Trainer(encoder: base, pairs: pairs, settings: settings, checkpoints: dir)
/// let result = try trainer.run(resume: false) { p in print(p.step, p.loss) }
/// ```
public final class Trainer {
    public private(set) var embedder: SentenceEmbedder
    public let encoder: SentenceEncoder
    public let pairs: [TrainingPair]
    public let settings: TrainingSettings
    public let checkpoints: URL
    let computation: GradientComputation

    /// One step's report for a progress line.
    public struct Progress: Sendable {
        public var step: Int, totalSteps: Int
        public var loss: Double
        public var lr: Float
        public var pairsPerSecond: Double
        public var secondsLeft: Double
    }

    public struct Result: Sendable {
        public var steps: Int
        public var history: [Checkpoint.HistoryPoint]
        public var lastCheckpoint: URL
        public var resumedFrom: Int?
        /// The whole run: steps and checkpoint writes.
        public var seconds: Double
        /// Of `seconds`, the time spent writing checkpoints (the model and the optimizer's moments).
        public var checkpointSeconds: Double
        public var pairsSeen: Int
        /// Pairs per second of the steps alone (checkpoint writes left out), what a step costs.
        public var pairsPerSecond: Double { Double(pairsSeen) / max(seconds - checkpointSeconds, 1e-9) }
    }

    public init(encoder: SentenceEncoder, pairs: [TrainingPair], settings: TrainingSettings, checkpoints: URL) throws {
        try settings.validate(embeddingDimension: encoder.dimension)
        guard !pairs.isEmpty else { throw TrainingError.invalidSetting("no training pairs") }
        self.encoder = encoder
        // sgemm on weights that change, never the encoder's packed copy
        self.embedder = SentenceEmbedder(model: encoder.model.trainable(), pooling: encoder.directory.pooling, normalize: encoder.directory.normalize)
        self.pairs = pairs
        self.settings = settings
        self.checkpoints = checkpoints
        let mnr = MultipleNegativesRankingLoss(scale: settings.scale, symmetric: settings.symmetric)
        computation = GradientComputation(
            loss: try MatryoshkaLoss(dims: settings.matryoshkaDims, weights: settings.matryoshkaWeights, inner: mnr),
            miniBatch: settings.miniBatch)
    }

    /// Every epoch's batches, cut at `maxSteps`.
    public func plan() -> [[Int]] { loop.plan() }

    var loop: TrainingLoop { TrainingLoop(pairs: pairs, settings: settings, checkpoints: checkpoints) }

    /// A fingerprint of the pairs (ids and texts, FNV-1a) so a resume with other data is refused.
    public var pairsFingerprint: String { TrainingPair.fingerprint(pairs) }

    /// Trains to the end of the plan (`TrainingLoop`), writing checkpoints; with `resume`,
    /// continues from the latest one. One step: the batch's anchors, positives and negatives
    /// tokenised, Matryoshka(MNR) and its gradient (`GradientComputation`).
    ///
    /// - Throws: `TrainingError.nonFiniteLoss` naming the step, the batch's ids and the last good
    ///   checkpoint; `TrainingError.invalidSetting` when resuming under other settings or data.
    public func run(resume: Bool, progress: (Progress) -> Void = { _ in }) throws -> Result {
        let (pairs, settings, tokenizer, config) = (self.pairs, self.settings, encoder.tokenizer, encoder.directory.config)
        let (pooling, normalize, computation) = (embedder.pooling, embedder.normalize, self.computation)
        // Anchors are CVs (queries), positives and negatives jobs (passages): each gets the
        // model's prompt for its role, as it will when the model serves (`TextRole`).
        let (query, passage) = (encoder.directory.prompt(for: .query), encoder.directory.prompt(for: .passage))
        return try loop.run(&embedder.model, resume: resume, progress: progress) { model, step, batch in
            let rows = batch.map { pairs[$0] }
            let maxLen = settings.maxSeqLength
            var columns = [rows.map { tokenizer.encode(query + $0.anchor, maxLength: maxLen) },
                           rows.map { tokenizer.encode(passage + $0.positive, maxLength: maxLen) }]
            let negatives = rows.compactMap(\.negative)
            if !negatives.isEmpty { columns.append(negatives.map { tokenizer.encode(passage + $0, maxLength: maxLen) }) }
            let dropout = settings.dropout ? DropoutPlan(config: config, seed: Dropout.mix(settings.seed ^ Dropout.mix(UInt64(step)))) : nil
            let r = try computation.compute(SentenceEmbedder(model: model.mixedPrecision(settings.precision ?? .fp32), pooling: pooling, normalize: normalize),
                                            columns: columns, dropout: dropout)
            return (r.loss, r.gradient)
        }
    }
}
