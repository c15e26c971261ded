import ArgumentParser
import Tensor

/// The options `jobmatch train` and `jobmatch train-reranker` share, with the same meaning and
/// defaults; what differs (the output name, batch size, tokens per text, checkpoint interval)
/// stays with each command.
struct TrainingRunOptions: ParsableArguments {
    @Option(help: "Base model folder (default: the workspace's all-MiniLM-L6-v2, else the shared model cache's).")
    var base: String?
    @Option(help: "Pairs Parquet file (default: <workspace>/tables/pairs.parquet).")
    var pairs: String?
    @Option(help: "Passes over the pairs.")
    var epochs = 1
    @Option(help: "Peak learning rate.")
    var lr: Float = 5e-5
    @Option(help: "Fraction of steps spent warming up.")
    var warmupRatio: Float = 0.1
    @Option(help: "Stop after N steps in all.")
    var maxSteps: Int?
    @Option(help: "Seed for shuffling, dropout and any new weights.")
    var seed: UInt64 = 42
    @Option(help: "Threads for the matrix products and kernels (default: JOBMATCH_THREADS, else the core count).")
    var threads: Int?
    @Flag(help: "No dropout (eval-mode gradients).")
    var noDropout = false
    @Flag(help: "Continue from the latest checkpoint of models/NAME.checkpoints.")
    var resume = false
    @Option(help: ArgumentHelp(
        "Products of the linear layers: fp32, bf16 (mixed precision: forward and input gradients in bfloat16, weights, optimizer and weight gradients in float32) or auto (bf16 where this CPU's bfloat16 products measured faster than float32, as index's auto decides; fp32 elsewhere).",
        valueName: "p"))
    var precision = "fp32"

    /// `--precision` as `TrainingSettings` records it: bf16, or nil for fp32 (what checkpoints
    /// written before the option hold, so `--resume` continues them).
    static func recorded(_ name: String) throws -> Precision? {
        try trainingPrecision(name) == .bf16 ? .bf16 : nil
    }

    /// `--precision` resolved (auto: `Precision.fastBF16`'s measurement on this CPU).
    static func trainingPrecision(_ name: String) throws -> Precision {
        switch name {
        case "fp32": return .fp32
        case "bf16": return .bf16
        case "auto": return Precision.auto()  // bf16 or fp32
        default: throw ValidationError("--precision must be fp32, bf16 or auto, not \(name)")
        }
    }

    func validate() throws {
        if epochs < 1 { throw ValidationError("--epochs must be at least 1") }
        if !(lr > 0) { throw ValidationError("--lr must be positive") }
        _ = try Self.trainingPrecision(precision)
    }
}
