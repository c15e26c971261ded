import Evaluation
import Foundation

/// NDCG@k of the three candidate orders (retrieval, rerank, fused) over labelled CVs: a job is
/// relevant to a CV when their generated occupations (`raw/labels.jsonl`) are equal.
///
/// Binary gains; `DCG@k = Σ_{i≤k} rel_i / log2(i + 1)`, and the ideal DCG counts
/// `min(k, relevant jobs in the whole catalog)`, so retrieval's recall counts too.
public struct RankingEvaluation: Sendable {
    public var k: Int
    /// Sum of NDCG@k per ranking, and CVs seen.
    public private(set) var sums: [Ranking: Double] = [:]
    public private(set) var count = 0

    public init(k: Int = 10) { self.k = k }


    /// Adds one CV: its candidates in retrieval order with their relevance, bi-encoder scores and logits.
    public mutating func add(relevant: [Bool], biScores: [Float], logits: [Float], totalRelevant: Int) {
        for r in Ranking.allCases {
            let order = CrossEncoderReranker.order(ranking: r, biScores: biScores, logits: logits)
            sums[r, default: 0] += RetrievalMetrics.ndcg(hits: order.map { relevant[$0] }, relevantCount: totalRelevant, k: k)
        }
        count += 1
    }

    /// Mean NDCG@k of a ranking over the CVs added.
    public func mean(_ r: Ranking) -> Double { count == 0 ? 0 : (sums[r] ?? 0) / Double(count) }
}
