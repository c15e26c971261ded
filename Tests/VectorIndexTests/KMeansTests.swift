import Foundation
import Testing
import TestSupport
@testable import VectorIndex

/// `m` unit vectors spread around `centers` planted directions (noise of the given size), seeded;
/// vector i belongs to center i mod centers.
func clusteredVectors(_ n: Int, _ d: Int, centers: Int, noise: Float, seed: UInt64) -> (vectors: [Float], centers: [Float]) {
    let c = randomVectors(centers, d, seed: seed)
    let e = randomVectors(n, d, seed: seed &+ 1)
    var v = [Float](repeating: 0, count: n * d)
    for i in 0..<n {
        var norm: Float = 0
        for j in 0..<d {
            v[i * d + j] = c[(i % centers) * d + j] + noise * e[i * d + j]
            norm += v[i * d + j] * v[i * d + j]
        }
        for j in 0..<d { v[i * d + j] /= norm.squareRoot() }
    }
    return (v, c)
}

@Suite("KMeans")
struct KMeansTests {
    @Test("assignment is the float64 brute-force nearest centroid (largest inner product)")
    func assignMatchesFloat64() throws {
        let (n, d, k) = (5_000, 37, 50)
        let v = randomVectors(n, d, seed: 31), c = randomVectors(k, d, seed: 32)
        let got = try KMeans.assign(v, dimension: d, centroids: c)
        #expect(got.count == n)
        var differ = 0
        for i in 0..<n {
            var best = 0, bestScore = -Double.infinity
            var scores = [Double](repeating: 0, count: k)
            for l in 0..<k {
                var s = 0.0
                for j in 0..<d { s += Double(v[i * d + j]) * Double(c[l * d + j]) }
                scores[l] = s
                if s > bestScore { best = l; bestScore = s }
            }
            if got[i] != best {
                differ += 1
                // Only a float32 near-tie may pick another centroid.
                #expect(bestScore - scores[got[i]] < 1e-5, "vector \(i): \(got[i]) scores \(scores[got[i]]), \(best) scores \(bestScore)")
            }
        }
        #expect(differ <= 2)
    }

    /// Σ over vectors of the inner product with the nearest centroid (what k-means maximises).
    static func objective(_ v: [Float], _ c: [Float], _ d: Int) -> Double {
        (0..<(v.count / d)).reduce(0.0) { acc, i in
            acc + (0..<(c.count / d)).map { l in (0..<d).reduce(0.0) { $0 + Double(v[i * d + $1]) * Double(c[l * d + $1]) } }.max()!
        }
    }

    @Test("training converges to a fixed point of assign-and-average, improves its objective, and is deterministic")
    func converges() throws {
        let (n, d, k) = (3_000, 24, 16)
        let (v, planted) = clusteredVectors(n, d, centers: k, noise: 0.15, seed: 33)
        var o = KMeans.Options()
        o.iterations = 40
        let c = try KMeans.train(v, dimension: d, clusters: k, options: o)
        #expect(c.count == k * d)
        for l in 0..<k {
            let norm = (0..<d).reduce(Float(0)) { $0 + c[l * d + $1] * c[l * d + $1] }
            #expect(abs(norm - 1) < 1e-4, "centroid \(l) norm² \(norm)")
        }
        // Fixed point: each centroid is the renormalised mean of the vectors assigned to it.
        let lists = try KMeans.assign(v, dimension: d, centroids: c)
        for l in 0..<k {
            var mean = [Double](repeating: 0, count: d)
            for i in 0..<n where lists[i] == l { for j in 0..<d { mean[j] += Double(v[i * d + j]) } }
            let norm = mean.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(norm > 0, "cluster \(l) is empty")
            let cos = (0..<d).reduce(0.0) { $0 + mean[$1] / norm * Double(c[l * d + $1]) }
            #expect(cos > 0.9999, "centroid \(l): cosine \(cos) to its cluster's mean")
        }
        // More iterations never do worse than one; every planted direction is near some centroid
        // (random starts may merge two planted clusters: a local optimum, as in faiss).
        o.iterations = 1
        let one = try KMeans.train(v, dimension: d, clusters: k, options: o)
        #expect(Self.objective(v, c, d) >= Self.objective(v, one, d))
        for p in 0..<k {
            let best = (0..<k).map { l in (0..<d).reduce(Float(0)) { $0 + c[l * d + $1] * planted[p * d + $1] } }.max()!
            #expect(best > 0.75, "planted center \(p): best cosine \(best)")
        }
        o.iterations = 40
        #expect(try KMeans.train(v, dimension: d, clusters: k, options: o) == c)
    }

    @Test("a training set larger than 256 per centroid is subsampled; too few vectors is an error")
    func sampleAndErrors() throws {
        let d = 8
        let v = randomVectors(3_000, d, seed: 34)
        var o = KMeans.Options()
        o.maxPointsPerCentroid = 39
        o.iterations = 3
        #expect(try KMeans.train(v, dimension: d, clusters: 10, options: o).count == 10 * d)
        var g = SplitMix64(seed: 1)
        #expect(Set(KMeans.sample(100, 100, &g)).count == 100)
        #expect(throws: VectorIndexError.self) { try KMeans.train(Array(v.prefix(5 * d)), dimension: d, clusters: 6) }
        #expect(throws: VectorIndexError.self) { try KMeans.train(Array(v.prefix(5 * d + 1)), dimension: d, clusters: 2) }
    }
}
