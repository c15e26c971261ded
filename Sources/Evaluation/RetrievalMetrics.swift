import Foundation
import JobMatchCore

/// Information-retrieval metrics of ranked results, as sentence-transformers'
/// `InformationRetrievalEvaluator.compute_metrics` (3.3.1) defines them, averaged over queries.
///
/// For one query with ranked ids `r₁ r₂ …` and relevant set `R`:
/// - Recall@k = |top k ∩ R| / |R|
/// - Precision@10 = |top 10 ∩ R| / 10
/// - MRR@k = 1 / rank of the first relevant id in the top k (0 if none)
/// - NDCG@k = DCG@k / IDCG@k with DCG = Σᵢ rel(rᵢ) / log₂(i + 1) over i = 1…k, binary relevance,
///   IDCG the DCG of min(k, |R|) relevant ids; with graded judgments (qrels grades 1–3) rel is
///   the grade, as trec_eval's ndcg counts it, and IDCG orders the grades best first
/// - MAP@k = Σ over relevant ranks i ≤ k of (relevant ids in the top i) / i, divided by min(k, |R|)
public struct RetrievalMetrics: Sendable, Equatable, Codable {
    public static let recallCutoffs = [1, 10, 100]
    /// The metric names, in report order.
    public static let names = ["Recall@1", "Recall@10", "Recall@100", "Precision@10", "MRR@10", "NDCG@10", "MAP@100"]

    /// Metric name → mean over queries.
    public var values: [String: Double]
    public var queries: Int
    /// Metric name → 95% bootstrap interval of the mean over queries, [low, high]
    /// (`bootstrapInterval`); empty for fewer than two queries.
    public var intervals: [String: [Double]] = [:]

    public init(values: [String: Double], queries: Int, intervals: [String: [Double]] = [:]) {
        self.values = values
        self.queries = queries
        self.intervals = intervals
    }

    public subscript(name: String) -> Double { values[name] ?? .nan }

    /// "0.412 [0.361, 0.470]": the mean and its interval.
    public func formatted(_ name: String) -> String {
        guard let i = intervals[name], i.count == 2 else { return String(format: "%.3f", self[name]) }
        return String(format: "%.3f [%.3f, %.3f]", self[name], i[0], i[1])
    }

    /// Resamples drawn for an interval, and their seed (fixed: the same rankings give the same
    /// interval).
    public static let resamples = 1000
    public static let bootstrapSeed: UInt64 = 20_261_206

    /// The 95% percentile bootstrap interval of the mean of `values`: `resamples` draws of
    /// `values.count` values with replacement, the 2.5th and 97.5th percentiles of their means.
    /// Resampling queries is what the interval speaks to: another set of CVs like these.
    public static func bootstrapInterval(_ values: [Double], resamples: Int = RetrievalMetrics.resamples,
                                         seed: UInt64 = RetrievalMetrics.bootstrapSeed) -> [Double] {
        let n = values.count
        guard n > 1 else { return [] }
        var rng = SeededGenerator(seed: seed)
        var means = [Double](repeating: 0, count: resamples)
        for r in 0..<resamples {
            var sum = 0.0
            for _ in 0..<n { sum += values[Int.random(in: 0..<n, using: &rng)] }
            means[r] = sum / Double(n)
        }
        means.sort()
        func at(_ q: Double) -> Double { means[min(resamples - 1, max(0, Int((q * Double(resamples - 1)).rounded())))] }
        return [at(0.025), at(0.975)]
    }

    /// Scores one query's ranking (best first; only the first 100 are looked at).
    /// - Returns: one value per name in `names`; all 0 for a query with no relevant ids.
    /// - Parameter gains: each relevant id's grade, for a graded NDCG; nil or empty: binary.
    public static func score<ID: Hashable>(ranked: [ID], relevant: Set<ID>, gains: [ID: Double]? = nil) -> [String: Double] {
        var out: [String: Double] = [:]
        let n = Double(relevant.count)
        guard n > 0 else { return Dictionary(uniqueKeysWithValues: names.map { ($0, 0) }) }
        let hits = ranked.prefix(100).map { relevant.contains($0) }
        for k in recallCutoffs { out["Recall@\(k)"] = Double(hits.prefix(k).filter { $0 }.count) / n }
        out["Precision@10"] = Double(hits.prefix(10).filter { $0 }.count) / 10
        out["MRR@10"] = hits.prefix(10).firstIndex(of: true).map { 1 / Double($0 + 1) } ?? 0
        if let gains, !gains.isEmpty {
            let dcg = ranked.prefix(10).enumerated().reduce(0.0) { $0 + (gains[$1.element] ?? 0) / log2(Double($1.offset + 2)) }
            let ideal = gains.values.sorted(by: >).prefix(10).enumerated().reduce(0.0) { $0 + $1.element / log2(Double($1.offset + 2)) }
            out["NDCG@10"] = ideal > 0 ? dcg / ideal : 0
        } else {
            out["NDCG@10"] = ndcg(hits: hits, relevantCount: relevant.count, k: 10)
        }
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

    /// Means of per-query scores, each with its bootstrap interval.
    public static func mean(_ perQuery: [[String: Double]]) -> RetrievalMetrics {
        var sums: [String: Double] = [:]
        for q in perQuery { for (k, v) in q { sums[k, default: 0] += v } }
        let n = Double(max(1, perQuery.count))
        var intervals: [String: [Double]] = [:]
        for k in sums.keys {
            let i = bootstrapInterval(perQuery.map { $0[k] ?? 0 })
            if !i.isEmpty { intervals[k] = i }
        }
        return RetrievalMetrics(values: sums.mapValues { $0 / n }, queries: perQuery.count, intervals: intervals)
    }
}
