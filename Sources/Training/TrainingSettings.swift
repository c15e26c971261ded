import Tensor

/// Every setting that changes the trained weights; a checkpoint records them and `--resume`
/// refuses to continue under different ones.
public struct TrainingSettings: Codable, Sendable, Equatable {
    public var epochs = 1
    public var batchSize = 32
    /// GradCache mini-batch (`CachedMultipleNegativesRankingLoss`); nil trains each batch whole.
    public var miniBatch: Int?
    public var learningRate: Float = 5e-5
    /// Fraction of all steps spent warming up (sentence-transformers' examples use 0.1).
    public var warmupRatio: Float = 0.1
    public var weightDecay: Float = 0.01
    public var maxGradNorm: Float = 1
    /// Matryoshka dimensions; empty trains plain MNR.
    public var matryoshkaDims: [Int] = []
    public var matryoshkaWeights: [Double]?
    public var scale: Float = 20
    public var symmetric = false
    public var seed: UInt64 = 42
    /// Dropout as in `model.train()`; off gives `model.eval()` gradients.
    public var dropout = true
    public var maxSeqLength = 128
    /// A checkpoint every this many steps (and always at the end); 0: only at the end.
    public var checkpointEvery = 500
    /// Stop after this many steps in all (tests and benchmarks); nil runs every epoch.
    public var maxSteps: Int?
    /// The linear layers' products: nil or `fp32` in float32; `bf16` in mixed precision
    /// (`BertModel.mixedPrecision`: forward and input-gradient products in bfloat16, weight
    /// gradients, master weights, optimizer state and everything elementwise in float32). No loss
    /// scaling: bfloat16 has float32's exponent range. Optional so checkpoints written before it read as fp32.
    public var precision: Precision?

    public init() {}

    /// - Throws: `TrainingError.invalidSetting` naming the first setting out of range.
    public func validate(embeddingDimension: Int) throws {
        func check(_ ok: Bool, _ message: String) throws { if !ok { throw TrainingError.invalidSetting(message) } }
        try check(epochs >= 1, "--epochs must be at least 1, is \(epochs)")
        try check(batchSize >= 2, "--batch-size must be at least 2 (in-batch negatives), is \(batchSize)")
        try check(miniBatch.map { $0 >= 1 } ?? true, "--mini-batch must be at least 1")
        try check(learningRate > 0 && learningRate.isFinite, "--lr must be positive, is \(learningRate)")
        try check(warmupRatio >= 0 && warmupRatio <= 1, "--warmup-ratio must be in [0, 1], is \(warmupRatio)")
        try check(matryoshkaDims.allSatisfy { $0 >= 1 && $0 <= embeddingDimension },
                  "--matryoshka-dims \(matryoshkaDims) must be in 1...\(embeddingDimension) (the model's dimension)")
        try check(maxSeqLength >= 3, "--max-seq-length must be at least 3, is \(maxSeqLength)")
        try check(checkpointEvery >= 0, "--checkpoint-every must not be negative")
        try check(precision == nil || precision == .fp32 || precision == .bf16, "--precision for training is fp32 or bf16, not \(precision?.rawValue ?? "fp32")")
    }
}
