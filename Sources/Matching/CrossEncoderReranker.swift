import Evaluation
import Foundation
import Transformers

/// How the candidates the index returns are ordered.
public enum Ranking: String, Sendable, CaseIterable, Codable {
    /// Bi-encoder cosine only (the index's order).
    case retrieval
    /// Cross-encoder score only.
    case rerank
    /// z-normalised bi-encoder score + z-normalised cross-encoder logit, over the candidate list.
    case fused
    /// The bi-encoder's candidates fused with BM25 by reciprocal rank (`LexicalFusion`); needs no
    /// cross-encoder.
    case hybrid

    /// Whether this order needs the cross-encoder's logits.
    public var needsReranker: Bool { self == .rerank || self == .fused }
}

/// Rescores (CV, job) pairs with a cross-encoder (`BertForSequenceClassification`, one logit): the
/// CV's embedding text against each candidate job's embedding text, as `train-reranker` trained it.
///
/// ```swift
/// let reranker = try CrossEncoderReranker(directory: ws.rerankerModel)
/// let logits = try reranker.logits(query: cv.embeddingText, documents: jobTexts)
/// ```
public final class CrossEncoderReranker: Sendable {
    public let crossEncoder: CrossEncoder
    public let url: URL
    public let batchSize: Int
    /// The order measured best for this reranker (`ranking.json`, written by the pipeline's rerank
    /// stage); nil for a folder without one (e.g. from `jobmatch train-reranker`).
    public let choice: RankingChoice?
    /// The weights' fingerprint (`ModelFingerprint`), recorded with every order it makes.
    public let fingerprint: String

    /// - Throws: `MatchingError` naming the folder when it is not a cross-encoder.
    public init(directory url: URL, batchSize: Int = 16) throws {
        do { crossEncoder = try CrossEncoder(directory: url) } catch {
            throw MatchingError(.io, path: url.path, "not a usable cross-encoder: \(error)")
        }
        guard crossEncoder.model.numLabels == 1 else {
            throw MatchingError(.inconsistent, path: url.path, "a reranker has one label, this model has \(crossEncoder.model.numLabels)")
        }
        self.url = url
        self.batchSize = batchSize
        choice = try RankingChoice.read(reranker: url)
        fingerprint = try ModelFingerprint.of(modelDirectory: url)
    }

    /// The order used when a request names none: the recorded choice, else `unmeasured`.
    public var defaultRanking: Ranking { choice?.ranking ?? Self.unmeasuredRanking }
    /// The order of a reranker nobody measured: fused keeps the bi-encoder's say in the order.
    public static let unmeasuredRanking = Ranking.fused

    /// One raw logit per document, in order.
    public func logits(query: String, documents: [String]) throws -> [Float] {
        try crossEncoder.logits(documents.map { (query, $0) }, batchSize: batchSize).map { $0[0] }
    }

    /// One raw logit per query against one document (the other direction: CVs for a job), in order.
    public func logits(queries: [String], document: String) throws -> [Float] {
        try crossEncoder.logits(queries.map { ($0, document) }, batchSize: batchSize).map { $0[0] }
    }

    /// The score `CrossEncoder.predict` gives for a logit (sigmoid for a trained reranker).
    public func score(_ logit: Float) -> Float { crossEncoder.activate(logit) }

    /// Candidate order (indices into the inputs) for a ranking; ties keep the retrieval order.
    ///
    /// Fused: `z(bi) + z(logit)`, each z-normalised over the candidates (a constant list scores 0).
    /// Hybrid: `LexicalFusion` of the retrieval order with the candidates' BM25 scores `lexical`.
    public static func order(ranking: Ranking, biScores: [Float], logits: [Float], lexical: [Double] = []) -> [Int] {
        let n = biScores.count
        let key: [Double]
        switch ranking {
        case .retrieval: return Array(0..<n)
        case .hybrid:
            precondition(lexical.count == n, "order: hybrid needs a BM25 score per candidate")
            return LexicalFusion.order(bm25: lexical)
        case .rerank: key = logits.map(Double.init)
        case .fused:
            let a = zScores(biScores), b = zScores(logits)
            key = zip(a, b).map { $0 + $1 }
        }
        return (0..<n).sorted { key[$0] > key[$1] || (key[$0] == key[$1] && $0 < $1) }
    }

    static func zScores(_ v: [Float]) -> [Double] {
        guard !v.isEmpty else { return [] }
        let d = v.map(Double.init)
        let mean = d.reduce(0, +) / Double(d.count)
        let sd = (d.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(d.count)).squareRoot()
        return d.map { sd > 0 ? ($0 - mean) / sd : 0 }
    }
}
