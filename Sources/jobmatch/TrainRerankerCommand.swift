import ArgumentParser
import CommandLineSupport
import Foundation
import JobMatchCore
import Tensor
import Training
import Transformers

/// `jobmatch train-reranker`: trains a cross-encoder from the base encoder's weights on mined
/// (CV, job) pairs and writes it where `jobmatch match` looks for a reranker.
struct TrainRerankerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-reranker",
        abstract: "Train a cross-encoder (BertForSequenceClassification, one logit) on (CV, job) pairs with binary cross-entropy.",
        discussion: """
            Starts from the base encoder's weights (pooler from the checkpoint when it has one; new classifier \
            N(0, initializer_range), seeded), reads a pairs Parquet file (cv_id, job_id, anchor, positive, negative \
            nullable) and trains on (anchor, positive) → 1 and (anchor, negative) → 0, taking another pair's positive \
            from the same batch when a pair has no negative. AdamW with linear warm-up and decay, clipping, \
            no-duplicate batches, checkpoints in models/NAME.checkpoints/ and --resume as `jobmatch train`. Writes \
            models/NAME (default models/reranker) as a Hugging Face folder that sentence_transformers.CrossEncoder loads.
            Example: jobmatch train-reranker --workspace ws --epochs 1 --batch-size 16 --max-seq-length 256
            """)

    @OptionGroup var workspaceOptions: WorkspaceOptions
    @OptionGroup var training: TrainingRunOptions
    @Option(help: "Name of the cross-encoder folder under <workspace>/models.")
    var name = "reranker"
    @Option(help: "Pairs per batch (each gives a positive and a negative example).")
    var batchSize = 16
    @Option(help: "Examples per forward pass (bounds memory; the gradient is the whole batch's).")
    var miniBatch: Int?
    @Option(help: "Tokens per (CV, job) pair including [CLS] and both [SEP]; longest-first truncation.")
    var maxSeqLength = 256
    @Option(help: "Write a checkpoint every N steps (0: only at the end).")
    var checkpointEvery = 100

    func validate() throws {
        if batchSize < 2 { throw ValidationError("--batch-size must be at least 2 (in-batch negatives)") }
        if let m = miniBatch, m < 1 { throw ValidationError("--mini-batch must be at least 1") }
        if maxSeqLength < 3 { throw ValidationError("--max-seq-length must be at least 3") }
        if name.isEmpty || name.contains("/") { throw ValidationError("--name must be a folder name without '/'") }
    }

    func run() throws { try runReportingErrors { try train() } }

    func train() throws {
        let ws = Workspace(workspaceOptions.workspace)
        if let t = training.threads { BLAS.setThreads(t) }
        let baseURL = training.base.map { URL(fileURLWithPath: $0) } ?? ws.model(ModelLocator.baseModelName)
        let pairsURL = training.pairs.map { URL(fileURLWithPath: $0) } ?? ws.pairsTable
        let directory = try ModelDirectory(baseURL)
        let rows = try PairsFile.read(pairsURL)
        var s = TrainingSettings()
        s.epochs = training.epochs; s.batchSize = batchSize; s.miniBatch = miniBatch; s.learningRate = training.lr; s.warmupRatio = training.warmupRatio
        s.maxSeqLength = min(maxSeqLength, directory.config.maxPositionEmbeddings)
        s.checkpointEvery = checkpointEvery; s.maxSteps = training.maxSteps; s.seed = training.seed; s.precision = try TrainingRunOptions.recorded(training.precision); s.dropout = !training.noDropout
        let output = ws.models.appendingPathComponent(name)
        let tune = CrossEncoderFineTune(base: baseURL, pairs: rows, settings: s, name: name, data: pairsURL.lastPathComponent)
        let line = TrainProgressLine()
        let result = try tune.run(to: output, checkpoints: ws.models.appendingPathComponent(name + ".checkpoints"), resume: training.resume) {
            line.show($0)
        }
        line.finish()
        let rate = result.pairsPerSecond
        print(String(format: "trained %d steps (%@%d pairs, %.2f pairs/s, %.1f s, of which checkpoints %.1f s); final loss %.4f",
                     result.steps, result.resumedFrom.map { "resumed at step \($0), " } ?? "", rows.count, rate, result.seconds,
                     result.checkpointSeconds, result.history.last?.loss ?? .nan))
        print("reranker: \(output.path)")
        print("checkpoint: \(result.lastCheckpoint.path)")
    }
}
