import Foundation
import JobMatchCore
import Transformers

/// One fine-tune as `jobmatch train`, the pipeline's train stage and `jobmatch retrain` all run it:
/// the encoder trained on the pairs (`Trainer`: MNR + Matryoshka) and written as a
/// sentence-transformers folder with its model card and `jobmatch.json` marker.
///
/// ```swift
/// let tune = FineTune(encoder: try SentenceEncoder(directory: base), pairs: try PairsFile.read(pairsURL),
///                     settings: TrainingSettings(), record: .init(name: "m", baseModel: "all-MiniLM-L6-v2",
///                     data: "pairs.parquet", pairsPath: pairsURL.path, heldOut: HeldOutSplit()))
/// let (result, card) = try tune.run(to: output, checkpoints: output.appendingPathExtension("checkpoints"))
/// ```
public struct FineTune {
    /// What the card and the marker say about the run.
    public struct Record: Sendable {
        public var name: String
        /// The base model's name (the marker's `base_model`; a retrain keeps the first base).
        public var baseModel: String
        /// The training data, as the card names it.
        public var data: String
        /// The pairs file(s), as the marker records them.
        public var pairsPath: String
        public var heldOut: HeldOutSplit
        /// Steps the weights had already been trained for (a retrain continues a fine-tune).
        public var priorSteps = 0
        /// Matryoshka dimensions the marker lists; nil: the settings' own.
        public var matryoshkaDims: [Int]?
        /// The weights training started from, as the card names them; nil: `baseModel` (a retrain
        /// starts from the serving fine-tune, not from the first base).
        public var trainedFrom: String?

        public init(name: String, baseModel: String, data: String, pairsPath: String, heldOut: HeldOutSplit,
                    priorSteps: Int = 0, matryoshkaDims: [Int]? = nil, trainedFrom: String? = nil) {
            self.name = name
            self.baseModel = baseModel
            self.data = data
            self.pairsPath = pairsPath
            self.heldOut = heldOut
            self.priorSteps = priorSteps
            self.matryoshkaDims = matryoshkaDims
            self.trainedFrom = trainedFrom
        }
    }

    public let encoder: SentenceEncoder
    public let pairs: [TrainingPair]
    public let settings: TrainingSettings
    public let record: Record

    public init(encoder: SentenceEncoder, pairs: [TrainingPair], settings: TrainingSettings, record: Record) {
        self.encoder = encoder
        self.pairs = pairs
        self.settings = settings
        self.record = record
    }

    /// The `max_seq_length` the exported model serves at by default: the longer of the base's and
    /// the training length (never past the position embeddings).
    public var servedMaxSeqLength: Int {
        min(max(settings.maxSeqLength, encoder.directory.maxSeqLength), encoder.directory.config.maxPositionEmbeddings)
    }

    /// Trains, then writes the model folder.
    /// - Parameters:
    ///   - exportMaxSeqLength: the exported model's `max_seq_length`, the length it serves at (nil: the
    ///     longer of the base model's and the training length — training at 128 tokens for speed must not
    ///     cut the texts the model reads afterwards to 128: on real resumes that cost a fine-tuned model
    ///     0.03 of precision@10 and 0.06 of MRR@10).
    ///   - resume: continue from the newest checkpoint under `checkpoints`.
    ///   - wiseFT: exports `wiseFT × tuned + (1 − wiseFT) × the weights training started from`
    ///     (WiSE-FT, Wortsman et al. 2022: a weight-space ensemble that keeps what the base knew
    ///     where the pairs differ from the texts served); nil: the tuned weights. Checkpoints keep
    ///     the tuned weights, so `resume` continues training, not the mixture.
    /// - Returns: the training result and the card written (a caller may add metrics and rewrite it).
    public func run(to output: URL, checkpoints: URL, exportMaxSeqLength: Int? = nil, resume: Bool = false, wiseFT: Float? = nil,
                    progress: (Trainer.Progress) -> Void = { _ in }) throws -> (result: Trainer.Result, card: SentenceTransformersExport.Card) {
        if let a = wiseFT, !(a > 0 && a <= 1) { throw TrainingError.invalidSetting("--wise-ft must be in (0, 1], is \(a)") }
        let trainer = try Trainer(encoder: encoder, pairs: pairs, settings: settings, checkpoints: checkpoints)
        let servedLength = servedMaxSeqLength
        let result = try trainer.run(resume: resume, progress: progress)
        var card = SentenceTransformersExport.Card(
            name: record.name, baseModel: record.trainedFrom ?? record.baseModel, data: record.data, pairs: pairs.count, steps: result.steps,
            settings: settings, finalLoss: result.history.last?.loss)
        var exported = trainer.embedder
        if let a = wiseFT, a < 1 {
            exported.model = Self.interpolate(tuned: exported.model, start: encoder.model.trainable(), share: a)
            card.wiseFT = a
        }
        let info = TrainedModelInfo(
            baseModel: record.baseModel, pairs: record.pairsPath, pairCount: pairs.count, steps: record.priorSteps + result.steps,
            matryoshkaDims: record.matryoshkaDims ?? settings.matryoshkaDims, maxSeqLength: settings.maxSeqLength,
            heldOut: .init(fraction: record.heldOut.fraction, seed: record.heldOut.seed))
        try SentenceTransformersExport.write(exported, base: encoder.directory, maxSeqLength: exportMaxSeqLength ?? servedLength,
                                             card: card, info: info, to: output)
        return (result, card)
    }

    /// `share × tuned + (1 − share) × start`, tensor by tensor (the two must have one structure).
    public static func interpolate(tuned: BertModel, start: BertModel, share: Float) -> BertModel {
        var mixed = tuned
        mixed.scale(by: share)
        mixed.add(start, scale: 1 - share)
        return mixed
    }
}
