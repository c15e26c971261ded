import ArgumentParser

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

    func validate() throws {
        if epochs < 1 { throw ValidationError("--epochs must be at least 1") }
        if !(lr > 0) { throw ValidationError("--lr must be positive") }
    }
}
