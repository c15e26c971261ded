
import Foundation
import Testing
@testable import Evaluation

@Suite("RetrievalMetrics, BM25, real-text relevance")
struct EvaluationTests {
    @Test("metrics equal sentence-transformers' InformationRetrievalEvaluator (scripts/fixtures/ir_metrics_reference.py)")
    func metricsMatchSentenceTransformers() {
        let q1 = RetrievalMetrics.score(ranked: Array("axbyc"), relevant: Set("abcz"))
        let q2 = RetrievalMetrics.score(ranked: Array("xya"), relevant: Set("a"))
        // Hand values for q1: 1 + 1/log2(4) + 1/log2(6) over 1 + 1/log2(3) + 1/log2(4) + 1/log2(5).
        #expect(abs(q1["NDCG@10"]! - 0.736_589_693) < 1e-8)
        #expect(abs(q1["MAP@100"]! - (1 + 2.0 / 3 + 3.0 / 5) / 4) < 1e-12)
        #expect(q2["MRR@10"] == 1.0 / 3 && q2["NDCG@10"] == 0.5 && q2["Recall@1"] == 0)
        let m = RetrievalMetrics.mean([q1, q2])
        // precision@10 = hits in the top 10 over 10 (3 and 1), as sentence-transformers' precision@k.
        let expected = ["Recall@1": 0.125, "Recall@10": 0.875, "Recall@100": 0.875, "Precision@10": 0.2, "MRR@10": 0.6666666666666666,
                        "NDCG@10": 0.618294846607979, "MAP@100": 0.45]
        for (k, v) in expected { #expect(abs(m[k] - v) < 1e-12, "\(k): \(m[k]) vs \(v)") }
        #expect(m.queries == 2)
    }

    @Test("a relevant document past rank 10 counts for recall@100 and MAP@100 only")
    func cutoffs() {
        let ranked = (0..<50).map { $0 }
        let s = RetrievalMetrics.score(ranked: ranked, relevant: [30])
        #expect(s["Recall@10"] == 0 && s["MRR@10"] == 0 && s["NDCG@10"] == 0)
        #expect(s["Recall@100"] == 1 && abs(s["MAP@100"]! - 1.0 / 31) < 1e-12)
    }

    @Test("BM25 Okapi scores on a tiny corpus equal the hand-computed values")
    func bm25() {
        let index = BM25(documents: ["The cat sat.", "dog SAT sat", "bird"])
        #expect(BM25.tokenize("C++ dev, 5yrs!") == ["c", "dev", "5yrs"])
        // Lengths 3 ("the cat sat"), 3, 1 → avgdl 7/3; idf(sat) = ln(1 + (3 − 2 + 0.5)/(2 + 0.5)) = ln 1.6;
        // a document's part: tf·(k1 + 1) / (tf + k1·(1 − b + b·|d|/avgdl)).
        let idfSat = log(1 + 1.5 / 2.5), avg = 7.0 / 3
        func part(_ tf: Double, _ len: Double) -> Double { tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * len / avg)) }
        let s = index.scores("sat")
        #expect(abs(s[0] - idfSat * part(1, 3)) < 1e-12)
        #expect(abs(s[1] - idfSat * part(2, 3)) < 1e-12)
        #expect(s[2] == 0)
        #expect(abs(idfSat - 0.470_003_629_245_735_5) < 1e-12)
        let idfCat = log(1 + 2.5 / 1.5)
        let both = index.scores("cat dog")
        #expect(abs(both[0] - idfCat * part(1, 3)) < 1e-12 && abs(both[1] - idfCat * part(1, 3)) < 1e-12)
        #expect(index.search("sat", k: 2).map(\.doc) == [1, 0])
    }

    @Test("top-k keeps the k largest, best first, ties in index order")
    func topKOrder() {
        let r = topK([0.5, 2, 2, -1, 3, 0.5], k: 4)
        #expect(r.map(\.doc) == [4, 1, 2, 0])
    }

    @Test("real-text relevance: whole words of the category's keywords", arguments: [
        ("Senior Java Developer", "Java Developer", true), ("JavaScript Engineer", "Java Developer", false),
        (".NET Developer (C#)", "DotNet Developer", true), ("Part Time Sales Associate", "Arts", false),
        ("HR Business Partner", "HR", true), ("Registered Nurse", "Sales", false), ("QA/Test Engineer", "Testing", true),
        ("Anything", "No Such Category", false),
    ])
    func realRelevance(title: String, category: String, relevant: Bool) {
        #expect(RealTextRelevance.isRelevant(title: title, category: category) == relevant)
    }
}
