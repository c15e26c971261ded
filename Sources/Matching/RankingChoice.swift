import Evaluation
import Foundation
import JobMatchCore

/// The order `match` and `serve` use with a reranker, as measured: written beside the cross-encoder
/// (`<reranker>/ranking.json`) by the pipeline's rerank stage and read by `CrossEncoderReranker`.
///
/// `ranking` is the order with the highest NDCG@10 on the held-out set (`RerankEvaluation`),
/// retrieval on a tie or when nothing could be measured; each figure keeps its 95% interval.
public struct RankingChoice: Codable, Sendable, Equatable {
    public var ranking: Ranking
    /// Why, in one line.
    public var decision: String
    /// The evaluation set (queries, corpus, where relevance comes from); empty when not measured.
    public var set: String
    /// The bi-encoder whose candidates were reranked, and how many per query.
    public var retriever: String
    public var candidates: Int
    /// Ranking name → metrics with intervals.
    public var metrics: [String: RetrievalMetrics]
    /// Ranking name → its comparison with retrieval, per metric.
    public var comparisons: [String: [Comparison]]

    public init(ranking: Ranking, decision: String, set: String, retriever: String, candidates: Int,
                metrics: [String: RetrievalMetrics] = [:], comparisons: [String: [Comparison]] = [:]) {
        self.ranking = ranking; self.decision = decision; self.set = set; self.retriever = retriever
        self.candidates = candidates; self.metrics = metrics; self.comparisons = comparisons
    }

    /// The choice from a measurement: the best order, said with its figures.
    public init(measured m: RerankEvaluation.Measured, set: String, retriever: String, candidates: Int) {
        let best = m.best
        let figures = Ranking.allCases.map { "\($0.rawValue) \(m.results[$0]?.metrics.formatted("NDCG@10") ?? "-")" }.joined(separator: ", ")
        let versus = best == .retrieval ? "" : " (vs retrieval: \(m.comparisons[best]?.map(\.summary).joined(separator: ", ") ?? ""))"
        self.init(ranking: best, decision: "\(best.rawValue) ranks best by NDCG@10: \(figures)\(versus)", set: set,
                  retriever: retriever, candidates: candidates,
                  metrics: Dictionary(uniqueKeysWithValues: m.results.map { ($0.key.rawValue, $0.value.metrics) }),
                  comparisons: Dictionary(uniqueKeysWithValues: m.comparisons.map { ($0.key.rawValue, $0.value) }))
    }

    public static let fileName = "ranking.json"

    /// The choice recorded in a reranker folder; nil when it has none.
    /// - Throws: `MatchingError.inconsistent` when the file is there but unreadable.
    public static func read(reranker folder: URL) throws -> RankingChoice? {
        let url = folder.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        do { return try JSONDecoder().decode(RankingChoice.self, from: data) } catch {
            throw MatchingError(.inconsistent, path: url.path, "not a ranking choice: \(error)")
        }
    }

    /// Writes `ranking.json` into the folder (atomically, synced).
    public func write(reranker folder: URL) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try DurableFile.write(try enc.encode(self), to: folder.appendingPathComponent(Self.fileName))
    }
}
