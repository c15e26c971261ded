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
        public var seconds: Double
        public var pairsSeen: Int
    }

    public init(encoder: SentenceEncoder, pairs: [TrainingPair], settings: TrainingSettings, checkpoints: URL) throws {
        try settings.validate(embeddingDimension: encoder.dimension)
        guard !pairs.isEmpty else { throw TrainingError.invalidSetting("no training pairs") }
        self.encoder = encoder
        self.embedder = SentenceEmbedder(model: encoder.model, pooling: encoder.directory.pooling, normalize: encoder.directory.normalize)
        self.pairs = pairs
        self.settings = settings
        self.checkpoints = checkpoints
        let mnr = MultipleNegativesRankingLoss(scale: settings.scale, symmetric: settings.symmetric)
        computation = GradientComputation(
            loss: try MatryoshkaLoss(dims: settings.matryoshkaDims, weights: settings.matryoshkaWeights, inner: mnr),
            miniBatch: settings.miniBatch)
    }

    /// Every epoch's batches, cut at `maxSteps`.
    public func plan() -> [[Int]] {
        let sampler = NoDuplicatesBatchSampler(batchSize: settings.batchSize, seed: settings.seed)
        var all: [[Int]] = []
        for e in 0..<settings.epochs { all += sampler.batches(pairs, epoch: e) }
        if let m = settings.maxSteps { all = Array(all.prefix(m)) }
        return all
    }

    /// A fingerprint of the pairs (ids and texts, FNV-1a) so a resume with other data is refused.
    public var pairsFingerprint: String { TrainingPair.fingerprint(pairs) }

    /// Trains to the end of the plan, writing checkpoints; with `resume`, continues from the latest one.
    ///
    /// - Throws: `TrainingError.nonFiniteLoss` naming the step, the batch's ids and the last good
    ///   checkpoint; `TrainingError.invalidSetting` when resuming under other settings or data.
    public func run(resume: Bool, progress: (Progress) -> Void = { _ in }) throws -> Result {
        let batches = plan()
        let total = batches.count
        let schedule = LinearSchedule(peak: settings.learningRate, warmup: Int((Float(total) * settings.warmupRatio).rounded(.up)), total: total)
        var optimizer = AdamW(for: embedder.model, weightDecay: settings.weightDecay)
        var history: [Checkpoint.HistoryPoint] = []
        var step = 0
        var resumedFrom: Int?
        var last: URL?
        let fingerprint = pairsFingerprint
        if resume, let folder = Checkpoint.latest(in: checkpoints) {
            var model = embedder.model
            let (opt, state) = try Checkpoint.resume(folder, into: &model, settings: settings, pairsFingerprint: fingerprint)
            embedder.model = model
            optimizer = opt
            step = state.step
            history = state.history
            resumedFrom = step
            last = folder
        }
        try FileManager.default.createDirectory(at: checkpoints, withIntermediateDirectories: true)
        let started = Date()
        var pairsSeen = 0
        func save() throws {
            let state = Checkpoint.State(step: step, settings: settings, pairsFingerprint: fingerprint, history: history)
            last = try Checkpoint.write(root: checkpoints, model: embedder.model, optimizer: optimizer, state: state)
        }
        while step < total {
            let rows = batches[step].map { pairs[$0] }
            let maxLen = settings.maxSeqLength
            var columns = [rows.map { encoder.tokenizer.encode($0.anchor, maxLength: maxLen) },
                           rows.map { encoder.tokenizer.encode($0.positive, maxLength: maxLen) }]
            let negatives = rows.compactMap(\.negative)
            if !negatives.isEmpty { columns.append(negatives.map { encoder.tokenizer.encode($0, maxLength: maxLen) }) }
            let dropout = settings.dropout
                ? DropoutPlan(config: encoder.directory.config, seed: Dropout.mix(settings.seed ^ Dropout.mix(UInt64(step)))) : nil
            var r = try computation.compute(embedder, columns: columns, dropout: dropout)
            let norm = clipGradientNorm(&r.gradient, maxNorm: settings.maxGradNorm)
            guard r.loss.isFinite, norm.isFinite else {
                throw TrainingError.nonFiniteLoss(step: step, ids: rows.map { "\($0.cvID)/\($0.jobID)" }, lastCheckpoint: last?.path)
            }
            let lr = schedule.rate(at: step)
            optimizer.update(&embedder.model, gradient: r.gradient, lr: lr)
            step += 1
            pairsSeen += rows.count
            history.append(.init(step: step, loss: r.loss, lr: lr))
            let elapsed = Date().timeIntervalSince(started)
            let rate = Double(pairsSeen) / max(elapsed, 1e-9)
            let left = batches[step...].reduce(0) { $0 + $1.count }
            progress(Progress(step: step, totalSteps: total, loss: r.loss, lr: lr, pairsPerSecond: rate, secondsLeft: Double(left) / max(rate, 1e-9)))
            if settings.checkpointEvery > 0, step % settings.checkpointEvery == 0, step < total { try save() }
        }
        if last == nil || Checkpoint.latest(in: checkpoints)?.lastPathComponent != Checkpoint.folderName(step: step) { try save() }
        return Result(steps: step, history: history, lastCheckpoint: last!, resumedFrom: resumedFrom,
                      seconds: Date().timeIntervalSince(started), pairsSeen: pairsSeen)
    }
}
