/// Hybrid ranking: the dense model's candidates reordered by reciprocal rank fusion with BM25
/// (Cormack, Clarke and Büttcher, "Reciprocal Rank Fusion outperforms Condorcet and individual
/// rank learning methods", SIGIR 2009; their k = 60, not tuned here).
///
/// Each candidate scores `1 / (k + dense rank) + 1 / (k + BM25 rank)`, ranks from 1 within the
/// candidate list; ties (in BM25, then in the fused score) keep the dense order. Fusing within the
/// dense model's candidates needs only the candidates' texts and the corpus's BM25 statistics
/// (`BM25.Statistics`), not an inverted index over every job.
///
/// ```swift
/// let order = LexicalFusion.order(bm25: stats.scores(cvText, documents: candidateTexts))
/// ```
public enum LexicalFusion {
    public static let k = 60.0

    /// The fused order (indices into the candidates) of candidates given in dense order, from
    /// their BM25 scores.
    public static func order(bm25 scores: [Double]) -> [Int] {
        let n = scores.count
        let byBM25 = (0..<n).sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        var lexicalRank = [Int](repeating: 0, count: n)
        for (r, i) in byBM25.enumerated() { lexicalRank[i] = r + 1 }
        let fused = (0..<n).map { 1 / (k + Double($0 + 1)) + 1 / (k + Double(lexicalRank[$0])) }
        return (0..<n).sorted { fused[$0] > fused[$1] || (fused[$0] == fused[$1] && $0 < $1) }
    }
}
