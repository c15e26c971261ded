import Foundation
import JobMatchCore
import VectorIndex

/// Per-role queries (issue 24 §4), measured: each role a CV lists (`EvaluationSet.roles`) is
/// encoded as a query of its own beside the whole CV, and the rankings are fused.
extension RetrievalEvaluator {
    /// How the whole-CV ranking and the roles' rankings become one.
    public enum RoleFusion: String, Sendable, CaseIterable {
        /// A job's score is its best cosine with the whole CV or any role.
        case max
        /// Reciprocal rank fusion (k = 60) of the whole CV's ranking and each role's.
        case rrf
    }

    /// The model with per-role queries fused each way, named `name+roles(max)` …; a query whose
    /// CV lists fewer than two roles keeps its whole-CV ranking.
    /// - Precondition: `set.roles` has one entry per query.
    public func roleFused(model url: URL, name: String, fusions: [RoleFusion] = RoleFusion.allCases,
                          progress: @escaping (String, Int, Int) -> Void = { _, _, _ in }) throws -> [Result] {
        precondition(set.roles.count == set.queries.count, "roles per query")
        let started = Date()
        let (encoder, corpus, queries) = try encode(model: url, name: name, progress: progress)
        let d = encoder.dimension, n = set.corpus.count
        let flat = set.roles.flatMap { $0 }
        let roleVectors = try Embeddings.encode(encoder, flat, role: .query, maxSeqLength: maxSeqLength, batchSize: batchSize) {
            progress("\(name): encode roles", $0, flat.count)
        }
        func scores(_ v: ArraySlice<Float>) -> [Float] {
            (0..<n).map { j in
                var s: Float = 0
                for k in 0..<d { s += v[v.startIndex + k] * corpus[j * d + k] }
                return s
            }
        }
        func ranking(_ s: [Float]) -> [Int] { Array(s.indices.sorted { s[$0] > s[$1] || (s[$0] == s[$1] && $0 < $1) }.prefix(Self.depth)) }
        var perFusion = [[[String: Double]]](repeating: [], count: fusions.count)
        var next = 0
        for (q, roles) in set.roles.enumerated() {
            let whole = scores(queries[(q * d)..<((q + 1) * d)])
            let parts = roles.indices.map { i in scores(roleVectors[((next + i) * d)..<((next + i + 1) * d)]) }
            next += roles.count
            for (f, fusion) in fusions.enumerated() {
                let ranked: [Int]
                switch fusion {
                case .max:
                    ranked = ranking((0..<n).map { j in parts.reduce(whole[j]) { Swift.max($0, $1[j]) } })
                case .rrf:
                    var fused = [Float](repeating: 0, count: n)
                    for list in [whole] + parts { for (r, j) in ranking(list).enumerated() { fused[j] += 1 / Float(60 + r + 1) } }
                    ranked = ranking(fused)
                }
                perFusion[f].append(set.score(query: q, ranked: ranked))
            }
        }
        let seconds = Date().timeIntervalSince(started)
        return fusions.enumerated().map { f, fusion in result("\(name)+roles(\(fusion.rawValue))", perFusion[f], seconds: seconds) }
    }
}
