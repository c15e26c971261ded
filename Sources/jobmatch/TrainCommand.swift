import Evaluation
import ArgumentParser
import CommandLineSupport
import Foundation
import Tables
import JobMatchCore
import Matching
import Tensor
import Training
import Transformers

/// `jobmatch train`: fine-tunes a sentence encoder on mined (CV, job) pairs and writes it as a
/// sentence-transformers folder under `models/`.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fine-tune a sentence encoder on (CV, job) pairs with MatryoshkaLoss(MultipleNegativesRankingLoss).",
        discussion: """
            Reads a pairs Parquet file (cv_id, job_id, anchor, positive, negative nullable), trains with AdamW \
            (linear warm-up and decay, clipping by global norm, no-duplicate batches), writes a checkpoint every \
            --checkpoint-every steps to models/NAME.checkpoints/, and exports models/NAME as a sentence-transformers \
            folder. --resume continues the latest checkpoint and ends with the weights of an uninterrupted run.
            Example: jobmatch train --base ~/.cache/jobmatch/models/all-MiniLM-L6-v2 --matryoshka-dims 384,256,128,64
            """)

    @OptionGroup var workspaceOptions: WorkspaceOptions
    @OptionGroup var training: TrainingRunOptions
    @Option(help: "Name of the fine-tuned model folder under <workspace>/models.")
    var name = "cv-job-matcher"
    @Option(help: "Pairs per batch (in-batch negatives).")
    var batchSize = 32
    @Option(help: "GradCache mini-batch: embed this many texts per pass (CachedMultipleNegativesRankingLoss).")
    var miniBatch: Int?
    @Option(help: "Matryoshka dimensions, comma-separated (e.g. 384,256,128,64); empty: plain MNR.")
    var matryoshkaDims: String = ""
    @Option(help: "Matryoshka weights, comma-separated (default: 1 each).")
    var matryoshkaWeights: String?
    @Option(help: "Tokens per text including [CLS] and [SEP] while training; the model serves at the longer of this and the base's max_seq_length.")
    var maxSeqLength = 128
    @Option(help: "Write a checkpoint every N steps (0: only at the end).")
    var checkpointEvery = 500
    @Flag(help: "Symmetric MNR (also positives → anchors).")
    var symmetric = false
    @Option(name: .customLong("wise-ft"), help: ArgumentHelp(
        "Export A × the tuned weights + (1 − A) × the base's (WiSE-FT weight-space ensemble; the pipeline's occupations stage uses 0.5). Default: the tuned weights.",
        valueName: "A"))
    var wiseFT: Float?
    @Flag(help: "After training, evaluate base vs fine-tuned (and BM25) on the held-out CVs; the figures go into the run report and model card.")
    var eval = false
    @Option(help: "With --eval: tokens per text when encoding (default: each model's max_seq_length; the trained model serves at the longer of the base's and --max-seq-length). Job vectors in tables/jobs_encoded.parquet made by the base model are reused whatever length they were made with.")
    var evalMaxSeqLength: Int?
    @Option(help: "Held-out split the pairs were mined with (checked: no held-out CV may be in the pairs).")
    var heldOut = HeldOutSplit.defaultFraction
    @Option(help: "Share of jobs held out (as mine-pairs): the corpus of --eval.")
    var heldOutJobs = HeldOutSplit.defaultJobFraction
    @Option(help: "Seed of the held-out split.")
    var splitSeed = HeldOutSplit.defaultSeed

    func validate() throws {
        if batchSize < 2 { throw ValidationError("--batch-size must be at least 2") }
        if let m = miniBatch, m < 1 { throw ValidationError("--mini-batch must be at least 1") }
        if name.isEmpty || name.contains("/") { throw ValidationError("--name must be a folder name without '/'") }
        if let a = wiseFT, !(a > 0 && a <= 1) { throw ValidationError("--wise-ft must be in (0, 1], is \(a)") }
        _ = try Self.list(matryoshkaDims, "--matryoshka-dims", Int.init)
        _ = try matryoshkaWeights.map { try Self.list($0, "--matryoshka-weights", Double.init) }
    }

    static func list<T>(_ text: String, _ option: String, _ parse: (String) -> T?) throws -> [T] {
        try text.split(separator: ",").map { part in
            guard let v = parse(part.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("\(option): '\(part)' is not a number")
            }
            return v
        }
    }

    func run() throws {
        try runReportingErrors { try train() }
    }

    func train() throws {
        let ws = Workspace(workspaceOptions.workspace)
        if let t = training.threads { BLAS.setThreads(t) }
        let baseURL = training.base.map { URL(fileURLWithPath: $0) } ?? ws.model(ModelLocator.baseModelName)
        let pairsURL = training.pairs.map { URL(fileURLWithPath: $0) } ?? ws.pairsTable
        let encoder = try SentenceEncoder(directory: baseURL)
        let rows = try PairsFile.read(pairsURL)
        let split = HeldOutSplit(fraction: heldOut, seed: splitSeed, jobFraction: heldOutJobs)
        let leaked = Set(rows.filter { split.isHeldOut($0.cvID) }.map(\.cvID))
        if !leaked.isEmpty {
            FileHandle.standardError.write(Data(("warning: \(pairsURL.path): \(leaked.count) CV(s) of the held-out split (\(heldOut), seed \(splitSeed)) "
                + "are in the pairs, e.g. \(leaked.sorted().first!); evaluation on them is not held out\n").utf8))
        }
        var s = TrainingSettings()
        s.epochs = training.epochs; s.batchSize = batchSize; s.miniBatch = miniBatch; s.learningRate = training.lr; s.warmupRatio = training.warmupRatio
        s.matryoshkaDims = try Self.list(matryoshkaDims, "--matryoshka-dims", Int.init)
        s.matryoshkaWeights = try matryoshkaWeights.map { try Self.list($0, "--matryoshka-weights", Double.init) }
        s.maxSeqLength = min(maxSeqLength, encoder.directory.config.maxPositionEmbeddings)
        s.checkpointEvery = checkpointEvery; s.maxSteps = training.maxSteps; s.seed = training.seed; s.precision = try TrainingRunOptions.recorded(training.precision); s.symmetric = symmetric; s.dropout = !training.noDropout
        let output = ws.models.appendingPathComponent(name)
        let checkpoints = ws.models.appendingPathComponent(name + ".checkpoints")
        let tune = FineTune(encoder: encoder, pairs: rows, settings: s, record: .init(
            name: name, baseModel: baseURL.standardizedFileURL.lastPathComponent, data: pairsURL.lastPathComponent,
            pairsPath: pairsURL.path, heldOut: split))
        let line = TrainProgressLine()
        let (result, card) = try tune.run(to: output, checkpoints: checkpoints, resume: training.resume, wiseFT: wiseFT) { line.show($0) }
        line.finish()
        let rate = result.pairsPerSecond
        print(String(format: "trained %d steps (%@%d pairs, %.1f pairs/s, %.1f s, of which checkpoints %.1f s); final loss %.4f",
                     result.steps, result.resumedFrom.map { "resumed at step \($0), " } ?? "", rows.count, rate, result.seconds,
                     result.checkpointSeconds, result.history.last?.loss ?? .nan))
        print("model: \(output.path)")
        print("checkpoint: \(result.lastCheckpoint.path)")

        var evaluation: (set: EvaluationSet, results: [RetrievalEvaluator.Result])?
        if eval {
            let set = try EvaluationSet.heldOut(workspace: ws, split: split, judgments: try Judgments.load(workspace: ws).orThrow(ws))
            let progress = StageProgress()
            let results = try Evaluation.run(
                set: set, models: [Evaluation.Model(url: baseURL, name: baseURL.standardizedFileURL.lastPathComponent), Evaluation.Model(url: output, name: name)],
                bm25: true, maxSeqLength: evalMaxSeqLength, encodedCorpus: ws.jobsEncodedTable,
                jobsCache: EncodedJobsCache(folder: ws.encodedJobsCache)) { progress.update($0, $1, $2) }
            progress.finish()
            evaluation = (set, results)
            for r in results {
                print(r.name + ": " + RetrievalMetrics.names.map { String(format: "%@ %.4f", $0, r.metrics[$0]) }.joined(separator: "  "))
            }
            var withMetrics = card
            for r in results where r.name.hasPrefix(name) {
                for (k, v) in r.metrics.values { withMetrics.metrics["\(r.name) \(k) (held-out, \(set.queries.count) CVs)"] = v }
            }
            try SentenceTransformersExport.writeCard(withMetrics, dimension: encoder.dimension, in: output)
        }
        let reportURL = ws.report("train", at: Date())
        let facts: [(String, String)] = [
            ("model", output.path), ("base model", baseURL.path), ("pairs", "\(pairsURL.path) (\(rows.count))"),
            ("steps", "\(result.steps)" + (result.resumedFrom.map { " (resumed at \($0))" } ?? "")),
            ("time", String(format: "%.1f s (%.2f pairs/s)", result.seconds, rate)),
            ("final loss", String(format: "%.4f", result.history.last?.loss ?? .nan)),
        ]
        try HTMLReport.write(TrainReport.html(name: name, history: result.history, settings: s, facts: facts, evaluation: evaluation), to: reportURL)
        print("report: \(reportURL.path)")
    }
}

/// The training progress line on stderr: step, loss, learning rate, pairs/s and ETA; redrawn in
/// place on a terminal, else printed every 5% of the steps.
final class TrainProgressLine {
    private let tty = isatty(2) != 0
    private var last = Date.distantPast

    func show(_ p: Trainer.Progress) {
        let text = String(format: "step %d/%d  loss %.4f  lr %.2e  %.1f pairs/s  ETA %@",
                          p.step, p.totalSteps, p.loss, p.lr, p.pairsPerSecond, ProgressBar.clock(p.secondsLeft))
        if tty {
            guard Date().timeIntervalSince(last) > 0.1 || p.step == p.totalSteps else { return }
            last = Date()
            FileHandle.standardError.write(Data(("\r" + text + "  ").utf8))
        } else if p.step % max(1, p.totalSteps / 20) == 0 || p.step == p.totalSteps {
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
    }

    func finish() { if tty { FileHandle.standardError.write(Data("\n".utf8)) } }
}
