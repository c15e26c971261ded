import Foundation
import Testing
@testable import Evaluation

@Suite("Hybrid ranking: BM25 over a few candidates, reciprocal rank fusion")
struct LexicalFusionTests {
    static let corpus = [
        "Java developer. Spring, Hibernate and SQL.", "Registered nurse, ICU", "Senior Java engineer (Kotlin, Java 17)",
        "Data analyst: SQL, Excel", "Truck driver CDL-A", "java", "", "Python developer, Django and SQL",
    ]

    @Test("the statistics score any documents of the corpus as BM25 scores the whole corpus, bit for bit")
    func statisticsScoreAsTheWholeIndex() {
        let index = BM25(documents: Self.corpus)
        #expect(BM25.Statistics(documents: Self.corpus) == index.statistics)
        for query in ["java java developer with SQL", "nurse", "SQL, sql and more SQL", "nothing matches", ""] {
            let all = index.scores(query)
            let rows = [5, 0, 3, 7, 6]
            #expect(index.statistics.scores(query, documents: rows.map { Self.corpus[$0] }) == rows.map { all[$0] }, "\(query)")
        }
    }

    @Test("reciprocal rank fusion with k = 60, ranks from 1; ties keep the dense order")
    func fusion() {
        // Dense order 0, 1, 2; BM25 ranks 3, 1, 2: 1/61 + 1/63 = 0.032266, 1/62 + 1/61 = 0.032522,
        // 1/63 + 1/62 = 0.032002.
        #expect(LexicalFusion.order(bm25: [0, 5, 1]) == [1, 0, 2])
        // No term in common: BM25 ties everywhere, so the dense order stands.
        #expect(LexicalFusion.order(bm25: [0, 0, 0, 0]) == [0, 1, 2, 3])
        // The same BM25 order as the dense one changes nothing.
        #expect(LexicalFusion.order(bm25: [9, 7, 5, 1]) == [0, 1, 2, 3])
        // The last dense candidate, first by BM25, rises above the ones both put in the middle.
        #expect(LexicalFusion.order(bm25: [1, 2, 3, 9])[0] == 0 && LexicalFusion.order(bm25: [1, 2, 3, 9]).firstIndex(of: 3)! < 3)
        #expect(LexicalFusion.order(bm25: []) == [])
    }
}
