import Tensor
import Transformers

/// `sentence_transformers.losses.MatryoshkaLoss` around MNR: the inner loss on the embeddings
/// truncated to each dimension (and renormalised), summed with weights.
///
/// Dimensions are sorted largest first with their weights, as sentence-transformers does; no
/// dimensions means the inner loss on the full embeddings.
public struct MatryoshkaLoss: Sendable, Equatable {
    public let dims: [Int]
    public let weights: [Double]
    public var inner: MultipleNegativesRankingLoss

    /// - Throws: `TrainingError.invalidSetting` for weights of another count or a dimension below 1.
    public init(dims: [Int], weights: [Double]? = nil, inner: MultipleNegativesRankingLoss = .init()) throws {
        let w = weights ?? [Double](repeating: 1, count: dims.count)
        guard w.count == dims.count else {
            throw TrainingError.invalidSetting("Matryoshka: \(dims.count) dimensions but \(w.count) weights")
        }
        guard dims.allSatisfy({ $0 >= 1 }) else { throw TrainingError.invalidSetting("Matryoshka dimensions must be positive: \(dims)") }
        let sorted = zip(dims, w).sorted { $0.0 > $1.0 }
        self.dims = sorted.map(\.0)
        self.weights = sorted.map(\.1)
        self.inner = inner
    }

    /// columns[0] = anchors [B, C], then positives [B, C] and optional negatives [K, C] →
    /// the weighted loss, the loss per dimension, and the gradient of each column.
    public func lossAndGradient(_ columns: [Tensor]) throws -> (loss: Double, perDimension: [Double], gradients: [Tensor]) {
        guard columns.count >= 2 else { throw TrainingError.invalidSetting("MNR needs anchors and positives, got \(columns.count) columns") }
        let width = columns[0].shape[1]
        if dims.isEmpty {
            let (l, da, dc) = try inner.lossAndGradient(anchors: columns[0], columns: Array(columns.dropFirst()))
            return (l, [l], [da] + dc)
        }
        guard let top = dims.first, top <= width else {
            throw TrainingError.invalidSetting("Matryoshka dimension \(dims[0]) exceeds the embedding dimension \(width)")
        }
        var grads = columns.map { Tensor(zeros: $0.shape) }
        var total = 0.0
        var per: [Double] = []
        for (dim, weight) in zip(dims, weights) {
            var shrunk: [Tensor] = [], caches: [L2Normalize.Cache] = []
            for c in columns {
                let (y, cache) = try L2Normalize.forward(MatryoshkaTruncation.forward(c, dimension: dim))
                shrunk.append(y)
                caches.append(cache)
            }
            let (l, da, dc) = try inner.lossAndGradient(anchors: shrunk[0], columns: Array(shrunk.dropFirst()))
            total += weight * l
            per.append(l)
            for (i, g) in ([da] + dc).enumerated() {
                var full = try MatryoshkaTruncation.backward(L2Normalize.backward(g, cache: caches[i]), width: width)
                full.data.withUnsafeMutableBufferPointer { Kernels.scale($0.baseAddress!, count: $0.count, by: Float(weight)) }
                grads[i].add(full)
            }
        }
        return (total, per, grads)
    }
}
