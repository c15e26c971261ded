import JobMatchCore
import Tensor

/// Spherical k-means: the coarse centroids of an inverted-file index, trained the way faiss's
/// `Clustering` trains them for `METRIC_INNER_PRODUCT` (`IndexIVF` sets `cp.spherical`, 10
/// iterations, at most 256 training points per centroid, seed 1234).
///
/// Each iteration assigns every training vector to the centroid with the largest inner product —
/// the flat index's batched search with k = 1, so one matrix product per block through the
/// package's one GEMM path (`BLAS.sgemm`, split over both cores) — then moves each centroid to the
/// mean of its vectors and renormalises it. An empty cluster takes half of a large one (faiss's
/// split: the large centroid is copied and both copies nudged apart by 1/1024).
///
/// The centroids are not bit-for-bit faiss's (the random streams differ); they are the same
/// algorithm, so recall at a given `nprobe` is comparable (docs/benchmarks.md measures it).
///
/// ```swift
/// let centroids = try KMeans.train(vectors, dimension: 384, clusters: 1024)   // [1024, 384], unit rows
/// let lists = try KMeans.assign(vectors, dimension: 384, centroids: centroids) // [n] in 0..<1024
/// ```
public enum KMeans {
    public struct Options: Sendable, Equatable {
        /// Passes of assign-then-update (faiss's `IndexIVF` uses 10).
        public var iterations = 10
        public var seed: UInt64 = 1234
        /// Training vectors kept per centroid; larger sets are subsampled (faiss: 256).
        public var maxPointsPerCentroid = 256
        public init() {}
    }

    /// Vectors assigned per matrix product (the score block is `assignBlock × k` floats).
    static let assignBlock = 4096

    /// `clusters` centroids [clusters, d] with unit norm, trained on vectors [n, d].
    ///
    /// - Throws: `VectorIndexError.invalidArgument` when the shapes disagree or there are fewer
    ///   vectors than clusters.
    public static func train(_ vectors: [Float], dimension d: Int, clusters k: Int, options: Options = Options()) throws -> [Float] {
        guard d > 0, vectors.count % d == 0 else {
            throw VectorIndexError(.invalidArgument, "k-means: \(vectors.count) floats is not a whole number of \(d)-dimensional vectors")
        }
        let n = vectors.count / d
        guard k >= 1, n >= k else {
            throw VectorIndexError(.invalidArgument, "k-means: \(n) training vectors for \(k) clusters (need at least one per cluster)")
        }
        var rng = SeededGenerator(seed: options.seed)
        // The training set: a seeded subsample when there are more than maxPointsPerCentroid · k.
        let keep = min(n, max(k, options.maxPointsPerCentroid * k))
        let x: [Float] = keep == n ? vectors : gather(vectors, d, rows: sample(n, keep, &rng))
        // Initial centroids: k distinct training vectors.
        var centroids = gather(x, d, rows: sample(keep, k, &rng))
        normalizeRows(&centroids, d)
        for _ in 0..<max(1, options.iterations) {
            let assigned = try assign(x, dimension: d, centroids: centroids)
            var sums = [Double](repeating: 0, count: k * d)
            var sizes = [Int](repeating: 0, count: k)
            for (i, c) in assigned.enumerated() {
                sizes[c] += 1
                for j in 0..<d { sums[c * d + j] += Double(x[i * d + j]) }
            }
            for c in 0..<k where sizes[c] > 0 {
                for j in 0..<d { centroids[c * d + j] = Float(sums[c * d + j] / Double(sizes[c])) }
            }
            splitEmpty(&centroids, d, sizes: &sizes, total: keep, &rng)
            normalizeRows(&centroids, d)
        }
        return centroids
    }

    /// The nearest centroid (largest inner product) of each vector [n, d]; between equal scores
    /// the lower centroid number.
    public static func assign(_ vectors: [Float], dimension d: Int, centroids: [Float]) throws -> [Int] {
        let k = centroids.count / max(1, d)
        let index = try FlatInnerProductIndex(vectors: centroids, ids: (0..<Int64(k)).map { $0 }, dimension: d)
        return try assign(vectors, dimension: d, to: index)
    }

    /// `assign` against centroids already held in a flat index (ids 0..<nlist).
    public static func assign(_ vectors: [Float], dimension d: Int, to centroids: FlatInnerProductIndex) throws -> [Int] {
        guard d == centroids.dimension, vectors.count % d == 0 else {
            throw VectorIndexError(.invalidArgument, "assign: vectors of dimension \(d), centroids of \(centroids.dimension)")
        }
        let n = vectors.count / d
        var out: [Int] = []
        out.reserveCapacity(n)
        var lo = 0
        while lo < n {
            let hi = min(n, lo + assignBlock)
            let hits = try centroids.search(batch: Array(vectors[(lo * d)..<(hi * d)]), k: 1)
            for h in hits { out.append(Int(h[0].id)) }
            lo = hi
        }
        return out
    }

    /// `m` distinct numbers of 0..<n in random order (a partial Fisher–Yates shuffle).
    static func sample<G: RandomNumberGenerator>(_ n: Int, _ m: Int, _ rng: inout G) -> [Int] {
        var perm = Array(0..<n)
        for i in 0..<m {
            let j = Int.random(in: i..<n, using: &rng)
            perm.swapAt(i, j)
        }
        return Array(perm.prefix(m))
    }

    static func gather(_ v: [Float], _ d: Int, rows: [Int]) -> [Float] {
        var out = [Float](repeating: 0, count: rows.count * d)
        for (i, r) in rows.enumerated() {
            for j in 0..<d { out[i * d + j] = v[r * d + j] }
        }
        return out
    }

    static func normalizeRows(_ v: inout [Float], _ d: Int) {
        for i in 0..<(v.count / d) {
            var s: Double = 0
            for j in 0..<d { s += Double(v[i * d + j]) * Double(v[i * d + j]) }
            guard s > 0 else { continue }
            let inv = Float(1 / s.squareRoot())
            for j in 0..<d { v[i * d + j] *= inv }
        }
    }

    /// faiss's `split_clusters`: each empty cluster takes a copy of a cluster picked with
    /// probability growing with its size, both copies nudged apart, and half its vectors.
    static func splitEmpty(_ c: inout [Float], _ d: Int, sizes: inout [Int], total: Int, _ rng: inout SeededGenerator) {
        let k = sizes.count
        guard total > k else { return }
        let eps: Float = 1 / 1024
        for ci in 0..<k where sizes[ci] == 0 {
            var cj = 0
            while true {
                let p = Double(sizes[cj] - 1) / Double(total - k)
                if Double.random(in: 0..<1, using: &rng) < p { break }
                cj = (cj + 1) % k
            }
            for j in 0..<d {
                let v = c[cj * d + j]
                c[ci * d + j] = j % 2 == 0 ? v * (1 + eps) : v * (1 - eps)
                c[cj * d + j] = j % 2 == 0 ? v * (1 - eps) : v * (1 + eps)
            }
            sizes[ci] = sizes[cj] / 2
            sizes[cj] -= sizes[ci]
        }
    }
}
