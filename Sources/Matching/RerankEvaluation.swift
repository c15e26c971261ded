import Evaluation
import Foundation

/// Retrieval, rerank, fused and hybrid orders measured on the same held-out set: each query's
/// candidates are the serving model's top `candidates` jobs (the same list `match` reranks), the
/// cross-encoder scores each (query text, job text) pair once, BM25 (statistics of the set's
/// corpus) scores them for the hybrid order, and the four orders are scored with
/// `RetrievalMetrics` (ranks past the candidates keep retrieval's order, so Recall@100 stays
/// comparable). Figures have 95% bootstrap intervals and the other orders are compared with
/// retrieval query by query (`Comparison`).
///
/// ```swift
/// let e = RerankEvaluation(evaluator: RetrievalEvaluator(set: set), candidates: 30)
/// let m = try e.run(model: ws.model("jobmatch-minilm"), reranker: CrossEncoderReranker(directory: ws.rerankerModel))
/// m.results[.fused]!.metrics.formatted("NDCG@10")
/// ```
public struct RerankEvaluation {
    public var evaluator: RetrievalEvaluator
    /// Candidates reranked per query.
    public var candidates: Int

    public init(evaluator: RetrievalEvaluator, candidates: Int = 30) {
        self.evaluator = evaluator
        self.candidates = candidates
    }

    /// The four orders' results and the choice among them.
    public struct Measured: Sendable {
        public var results: [Ranking: RetrievalEvaluator.Result]
        /// Rerank, fused and hybrid against retrieval, on NDCG@10 and MRR@10.
        public var comparisons: [Ranking: [Comparison]]
        /// The order with the highest mean NDCG@10; retrieval on a tie (it costs no cross-encoder).
        public var best: Ranking {
            Ranking.allCases.max { a, b in
                let x = results[a]?.metrics["NDCG@10"] ?? -1, y = results[b]?.metrics["NDCG@10"] ?? -1
                return x < y || (x == y && a != .retrieval)
            } ?? .retrieval
        }
    }

    /// - Parameter progress: (stage, done, total).
    public func run(model: URL, reranker: CrossEncoderReranker, progress: @escaping (String, Int, Int) -> Void = { _, _, _ in }) throws -> Measured {
        let set = evaluator.set
        let started = Date()
        let rankings = try evaluator.denseRankings(model: model, name: model.lastPathComponent, progress: progress)
        let stats = BM25.Statistics(documents: set.corpus.texts)
        var per: [Ranking: [[String: Double]]] = [:]
        for (q, ranked) in rankings.enumerated() {
            let top = Array(ranked.prefix(candidates))
            let texts = top.map { set.corpus.texts[$0.row] }
            let logits = try reranker.logits(query: set.queries.texts[q], documents: texts)
            let lexical = stats.scores(set.queries.texts[q], documents: texts)
            for r in Ranking.allCases {
                let order = CrossEncoderReranker.order(ranking: r, biScores: top.map(\.score), logits: logits, lexical: lexical)
                let rows = order.map { top[$0].row } + ranked.dropFirst(top.count).map(\.row)
                per[r, default: []].append(set.score(query: q, ranked: rows))
            }
            progress("rerank \(set.queries.count) queries × \(top.count) candidates", q + 1, set.queries.count)
        }
        let seconds = Date().timeIntervalSince(started)
        var results: [Ranking: RetrievalEvaluator.Result] = [:]
        for r in Ranking.allCases { results[r] = evaluator.result(r.rawValue, per[r] ?? [], seconds: seconds) }
        var comparisons: [Ranking: [Comparison]] = [:]
        for r in Ranking.allCases where r != .retrieval {
            comparisons[r] = ["NDCG@10", "MRR@10"].map { Comparison(metric: $0, candidate: per[r] ?? [], baseline: per[.retrieval] ?? []) }
        }
        return Measured(results: results, comparisons: comparisons)
    }
}
