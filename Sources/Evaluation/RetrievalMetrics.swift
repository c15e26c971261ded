import Foundation

/// Information-retrieval metrics of ranked results, as sentence-transformers'
/// `InformationRetrievalEvaluator.compute_metrics` (3.3.1) defines them, averaged over queries.
///
/// For one query with ranked ids `r₁ r₂ …` and relevant set `R`:
/// - Recall@k = |top k ∩ R| / |R|
/// - MRR@k = 1 / rank of the first relevant id in the top k (0 if none)
/// - NDCG@k = DCG@k / IDCG@k with DCG = Σᵢ rel(rᵢ) / log₂(i + 1) over i = 1…k, binary relevance,
///   IDCG the DCG of min(k, |R|) relevant ids
/// - MAP@k = Σ over relevant ranks i ≤ k of (relevant ids in the top i) / i, divided by min(k, |R|)
public struct RetrievalMetrics: Sendable, Equatable, Codable {
    public static let recallCutoffs = [1, 10, 100]
    /// The metric names, in report order.
    public static let names = ["Recall@1", "Recall@10", "Recall@100", "MRR@10", "NDCG@10", "MAP@100"]

    /// Metric name → mean over queries.
    public var values: [String: Double]
    public var queries: Int

    public subscript(name: String) -> Double { values[name] ?? .nan }

    /// Scores one query's ranking (best first; only the first 100 are looked at).
    /// - Returns: one value per name in `names`; all 0 for a query with no relevant ids.
    public static func score<ID: Hashable>(ranked: [ID], relevant: Set<ID>) -> [String: Double] {
        var out: [String: Double] = [:]
        let n = Double(relevant.count)
        guard n > 0 else { return Dictionary(uniqueKeysWithValues: names.map { ($0, 0) }) }
        let hits = ranked.prefix(100).map { relevant.contains($0) }
        for k in recallCutoffs { out["Recall@\(k)"] = Double(hits.prefix(k).filter { $0 }.count) / n }
        out["MRR@10"] = hits.prefix(10).firstIndex(of: true).map { 1 / Double($0 + 1) } ?? 0
        out["NDCG@10"] = ndcg(hits: hits, relevantCount: relevant.count, k: 10)
        var correct = 0, sum = 0.0
        for (i, h) in hits.prefix(100).enumerated() where h {
            correct += 1
            sum += Double(correct) / Double(i + 1)
        }
        out["MAP@100"] = sum / Double(min(100, relevant.count))
        return out
    }

    /// NDCG@k of one ranked list of relevance flags (binary gains), with `relevantCount` relevant
    /// items in the whole corpus, so the ideal DCG counts min(k, relevantCount) and recall matters;
    /// 0 when nothing is relevant. The one NDCG of the project (evaluation and rerank evaluation).
    public static func ndcg(hits: [Bool], relevantCount: Int, k: Int) -> Double {
        var dcg = 0.0, idcg = 0.0
        for (i, h) in hits.prefix(k).enumerated() where h { dcg += 1 / log2(Double(i + 2)) }
        for i in 0..<min(k, relevantCount) { idcg += 1 / log2(Double(i + 2)) }
        return idcg > 0 ? dcg / idcg : 0
    }

    /// Means of per-query scores.
    public static func mean(_ perQuery: [[String: Double]]) -> RetrievalMetrics {
        var sums: [String: Double] = [:]
        for q in perQuery { for (k, v) in q { sums[k, default: 0] += v } }
        let n = Double(max(1, perQuery.count))
        return RetrievalMetrics(values: sums.mapValues { $0 / n }, queries: perQuery.count)
    }
}
