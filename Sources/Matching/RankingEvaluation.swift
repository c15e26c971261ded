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

    /// NDCG@k of one ranked list of relevance flags, with `totalRelevant` relevant items in all.
    public static func ndcg(_ relevant: [Bool], totalRelevant: Int, k: Int) -> Double {
        let ideal = (0..<min(k, totalRelevant)).reduce(0.0) { $0 + 1 / Foundation.log2(Double($1) + 2) }
        guard ideal > 0 else { return 0 }
        let dcg = relevant.prefix(k).enumerated().reduce(0.0) { $0 + ($1.element ? 1 / Foundation.log2(Double($1.offset) + 2) : 0) }
        return dcg / ideal
    }

    /// Adds one CV: its candidates in retrieval order with their relevance, bi-encoder scores and logits.
    public mutating func add(relevant: [Bool], biScores: [Float], logits: [Float], totalRelevant: Int) {
        for r in Ranking.allCases {
            let order = CrossEncoderReranker.order(ranking: r, biScores: biScores, logits: logits)
            sums[r, default: 0] += Self.ndcg(order.map { relevant[$0] }, totalRelevant: totalRelevant, k: k)
        }
        count += 1
    }

    /// Mean NDCG@k of a ranking over the CVs added.
    public func mean(_ r: Ranking) -> Double { count == 0 ? 0 : (sums[r] ?? 0) / Double(count) }
}

/// `raw/labels.jsonl`: each generated job's and CV's latent occupation.
public struct OccupationLabels: Sendable {
    public var jobs: [String: String] = [:]
    public var cvs: [String: String] = [:]

    /// - Throws: `MatchingError` naming the file and line of a record that is not `{kind, id, occupation}`.
    public init(url: URL) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MatchingError(.io, path: url.path, "cannot read (labels come from `jobmatch generate`)")
        }
        for (i, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() where !line.isEmpty {
            guard let o = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let kind = o["kind"] as? String, let id = o["id"] as? String, let occ = o["occupation"] as? String else {
                throw MatchingError(.inconsistent, path: url.path, "line \(i + 1): not a {kind, id, occupation} record")
            }
            if kind == "job" { jobs[id] = occ } else if kind == "cv" { cvs[id] = occ }
        }
    }
}
