import ArgumentParser
import CommandLineSupport
import Foundation
import JobMatchCore
import Pipeline
import Training

/// `jobmatch retrain`: fine-tune the serving model on mined plus feedback pairs, promote it only
/// if the held-out evaluation is not worse (`Retrain` in the Pipeline module does the work).
struct RetrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retrain",
        abstract: "Fine-tune the serving model on mined + feedback pairs; promote and re-index unless held-out NDCG@10 or Recall@10 is worse beyond its interval.",
        discussion: """
            The serving model is the one index/jobs.faiss was built with. Training starts from its weights \
            and reads tables/pairs.parquet (jobmatch mine-pairs or the pipeline) and \
            tables/feedback_pairs.parquet (jobmatch feedback export; feedback of held-out CVs is left out). \
            The candidate and the serving model are evaluated on the held-out CVs against the held-out jobs \
            (judged as `jobmatch eval` judges them); the candidate replaces the serving folder (one atomic \
            rename; the old weights stay in models/NAME.previous) and the jobs are re-indexed unless it is \
            worse beyond the paired 95% bootstrap interval on NDCG@10 or Recall@10. When the base model \
            serves (the pipeline's eval rejected its fine-tune), the candidate is trained from the base and \
            takes the fine-tuned model's folder and the serving choice instead; the base is never written. \
            The decision, both figures and the differences with their intervals are printed and appended to \
            reports/retrain.jsonl. A running `jobmatch serve` switches to the new model and index on its \
            next reload check (--reload-every).
            Example: jobmatch feedback export --workspace ws && jobmatch retrain --workspace ws
            """)

    @OptionGroup var options: WorkspaceOptions
    @Option(help: "Training steps (batches).") var steps = Retrain.defaultTraining.maxSteps ?? 30
    @Option(help: "Pairs per batch (in-batch negatives).") var batchSize = Retrain.defaultTraining.batchSize
    @Option(help: "Peak learning rate.") var lr: Float = Retrain.defaultTraining.learningRate
    @Option(help: "Tokens per text while training.") var trainSeqLength = Retrain.defaultTraining.maxSeqLength
    @Option(help: "Each feedback pair is trained on this many times per pass.") var feedbackRepeats = 1
    @Flag(help: "Train on the feedback pairs only (not tables/pairs.parquet).") var feedbackOnly = false
    @Option(help: "Tokens per text when evaluating (default: the last index run's setting).") var maxSeqLength: Int?
    @Option(help: "Held-out split the pairs were mined with.") var heldOut = HeldOutSplit.defaultFraction
    @Option(help: "Share of jobs held out for evaluation (by job id): never mined.") var heldOutJobs = HeldOutSplit.defaultJobFraction
    @Option(help: "Seed of the held-out split.") var splitSeed = HeldOutSplit.defaultSeed
    @Option(help: "Seed for shuffling and dropout.") var seed: UInt64 = 42
    @Option(help: "Products while training: fp32, bf16 (mixed precision) or auto (as train's --precision).") var precision = "fp32"
    @Flag(help: "Print the decision as one JSON object (the retrain log's line).") var json = false

    func validate() throws {
        guard steps >= 1, batchSize >= 2, trainSeqLength >= 3, feedbackRepeats >= 1 else {
            throw ValidationError("--steps ≥ 1, --batch-size ≥ 2, --train-seq-length ≥ 3 and --feedback-repeats ≥ 1")
        }
        if !(lr > 0) { throw ValidationError("--lr must be positive") }
    }

    func run() throws {
        var t = Retrain.defaultTraining
        t.maxSteps = steps; t.batchSize = batchSize; t.learningRate = lr; t.maxSeqLength = trainSeqLength; t.seed = seed
        t.precision = try TrainingRunOptions.recorded(precision)
        var s = Retrain.Settings(training: t)
        s.split = HeldOutSplit(fraction: heldOut, seed: splitSeed, jobFraction: heldOutJobs)
        s.feedbackRepeats = feedbackRepeats
        s.useMinedPairs = !feedbackOnly
        s.evalMaxSeqLength = maxSeqLength
        let ws = Workspace(options.workspace)
        let bars = BarBox()
        let decision = try runReportingErrors {
            try Retrain(settings: s).run(ws) { phase, done, total in bars.update(done, total, phase) }
        }
        bars.finish()
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys]
            enc.keyEncodingStrategy = .convertToSnakeCase
            enc.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            print(String(decoding: (try? enc.encode(decision)) ?? Data(), as: UTF8.self))
        } else {
            print(decision.summary)
            print(decision.promoted
                ? "models/\(decision.model) now serves (older weights, if any, in models/\(decision.model).previous); \(decision.reindexedJobs) jobs re-indexed; a running `jobmatch serve` reloads them"
                : "\(decision.trainedFrom ?? decision.model) keeps serving; the candidate was removed")
            print("logged to \(ws.retrainLog.path)")
        }
    }
}
