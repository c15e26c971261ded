import Foundation
import Transformers

/// One cross-encoder training as `jobmatch train-reranker` and the pipeline's rerank stage run it:
/// `BertForSequenceClassification` started from a base encoder's weights (its pooler when the
/// checkpoint has one; a new one-logit classifier drawn from N(0, initializer_range), seeded),
/// trained on the pairs (`CrossEncoderTrainer`: binary cross-entropy, mined hard negatives, else
/// in-batch ones) and written as a Hugging Face folder (`CrossEncoderExport`).
///
/// ```swift
/// let tune = CrossEncoderFineTune(base: ws.model("all-MiniLM-L6-v2"), pairs: try PairsFile.read(ws.pairsTable),
///                                 settings: s, name: "reranker", data: "pairs.parquet")
/// let result = try tune.run(to: ws.rerankerModel, checkpoints: ws.models.appendingPathComponent("reranker.checkpoints"))
/// ```
public struct CrossEncoderFineTune {
    public let base: URL
    public let pairs: [TrainingPair]
    /// `maxSeqLength` is the length of the joined pair ([CLS] CV [SEP] job [SEP], longest-first),
    /// capped at the base's `max_position_embeddings` when run.
    public let settings: TrainingSettings
    /// The folder name and the training data, as the card names them.
    public let name: String
    public let data: String

    public init(base: URL, pairs: [TrainingPair], settings: TrainingSettings, name: String, data: String) {
        self.base = base
        self.pairs = pairs
        self.settings = settings
        self.name = name
        self.data = data
    }

    /// The untrained cross-encoder: the base's encoder weights and a seeded new head.
    public static func initialModel(base: URL, seed: UInt64) throws -> BertForSequenceClassification {
        let directory = try ModelDirectory(base)
        let config = (try? JSONSerialization.jsonObject(with: Data(contentsOf: base.appendingPathComponent("config.json")))) as? [String: Any]
        let range = config?["initializer_range"] as? Double ?? 0.02
        return try BertForSequenceClassification.initialized(
            config: directory.config, weights: directory.weightsURL, initializerRange: Float(range), seed: seed)
    }

    /// Trains, then writes the folder (to `output.partial`, renamed into place).
    public func run(to output: URL, checkpoints: URL, resume: Bool = false, progress: (Trainer.Progress) -> Void = { _ in }) throws -> Trainer.Result {
        let tokenizer = try BertTokenizer(directory: base)
        let model = try Self.initialModel(base: base, seed: settings.seed)
        var settings = self.settings
        settings.maxSeqLength = min(settings.maxSeqLength, model.config.maxPositionEmbeddings)
        let trainer = try CrossEncoderTrainer(model: model, tokenizer: tokenizer, pairs: pairs, settings: settings, checkpoints: checkpoints)
        let result = try trainer.run(resume: resume, progress: progress)
        let card = SentenceTransformersExport.Card(
            name: name, baseModel: base.standardizedFileURL.lastPathComponent, data: data,
            pairs: pairs.count, steps: result.steps, settings: settings, finalLoss: result.history.last?.loss)
        try CrossEncoderExport.write(trainer.model, base: base, maxSeqLength: settings.maxSeqLength, card: card, to: output)
        return result
    }
}
