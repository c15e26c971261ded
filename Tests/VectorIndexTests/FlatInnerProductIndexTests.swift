import Foundation
import Testing
import TestSupport
@testable import VectorIndex

/// Random unit vectors [n, d], seeded.
func randomVectors(_ n: Int, _ d: Int, seed: UInt64) -> [Float] {
    var g = SplitMix64(seed: seed)
    var v = [Float](repeating: 0, count: n * d)
    for i in 0..<n {
        var norm: Float = 0
        for j in 0..<d {
            let x = Float.random(in: -1...1, using: &g)
            v[i * d + j] = x
            norm += x * x
        }
        for j in 0..<d { v[i * d + j] /= norm.squareRoot() }
    }
    return v
}

/// Brute force in Double over the decoded stored vectors: the reference every search is held to.
func bruteForce(_ index: FlatInnerProductIndex, _ q: ArraySlice<Float>, k: Int) -> [SearchHit] {
    let d = index.dimension
    var all: [(row: Int, score: Double)] = []
    for row in 0..<index.count {
        let v = index.vector(row: row)
        var s = 0.0
        for j in 0..<d { s += Double(q[q.startIndex + j]) * Double(v[j]) }
        all.append((row, s))
    }
    all.sort { $0.score > $1.score || ($0.score == $1.score && $0.row < $1.row) }
    return all.prefix(k).map { SearchHit(id: index.ids[$0.row], score: Float($0.score)) }
}

@Suite("FlatInnerProductIndex")
struct FlatInnerProductIndexTests {
    @Test("top-k equals brute force, single and batched", arguments: VectorEncoding.allCases)
    func agreesWithBruteForce(encoding: VectorEncoding) throws {
        // d = 37 exercises the kernels' tails; n spans several scan and matrix-product blocks.
        let (n, d, q, k) = (9_000, 37, 9, 25)
        let vectors = randomVectors(n, d, seed: 1)
        let ids = (0..<n).map { Int64($0) * 7 + 1_000_000_000_000 }
        let index = try FlatInnerProductIndex(vectors: vectors, ids: ids, dimension: d, encoding: encoding)
        let queries = randomVectors(q, d, seed: 2)
        let batched = try index.search(batch: queries, k: k)
        for i in 0..<q {
            let query = queries[(i * d)..<((i + 1) * d)]
            let single = try index.search(Array(query), k: k)
            let expected = bruteForce(index, query, k: k)
            #expect(single.map(\.id) == expected.map(\.id), "single query \(i), \(encoding)")
            #expect(batched[i].map(\.id) == expected.map(\.id), "batched query \(i), \(encoding)")
            for (a, b) in zip(single, expected) { #expect(abs(a.score - b.score) < 1e-4, "score \(a) vs \(b)") }
            #expect(single == single.sorted { $0.score > $1.score }, "sorted best first")
        }
    }

    @Test("equal scores keep insertion order, whatever the thread split")
    func tieRule() throws {
        let d = 8
        var vectors: [Float] = []
        for _ in 0..<200_000 { vectors += [1, 0, 0, 0, 0, 0, 0, 0] }
        let ids = (0..<200_000).map { Int64(200_000 - $0) }
        let index = try FlatInnerProductIndex(vectors: vectors, ids: ids, dimension: d)
        let hits = try index.search([1, 0, 0, 0, 0, 0, 0, 0], k: 5)
        #expect(hits.map(\.id) == [200_000, 199_999, 199_998, 199_997, 199_996])
        let batch = try index.search(batch: [Float](repeating: 0, count: 4 * d).enumerated().map { $0.offset % d == 0 ? 1 : 0 }, k: 3)
        #expect(batch.allSatisfy { $0.map(\.id) == [200_000, 199_999, 199_998] })
    }

    @Test("a filter returns only allowed rows")
    func filter() throws {
        let (n, d) = (5_000, 16)
        let index = try FlatInnerProductIndex(vectors: randomVectors(n, d, seed: 3), ids: (0..<n).map(Int64.init), dimension: d)
        var f = RowFilter(count: n)
        for r in stride(from: 0, to: n, by: 10) { f.allow(r) }
        let q = Array(randomVectors(1, d, seed: 4))
        let hits = try index.search(q, k: 50, filter: f)
        #expect(hits.count == 50)
        #expect(hits.allSatisfy { $0.id % 10 == 0 })
        var few = RowFilter(count: n)
        few.allow(3)
        #expect(try index.search(q, k: 10, filter: few).map(\.id) == [3])
    }

    @Test("bad arguments are errors, not traps")
    func badArguments() throws {
        let index = try FlatInnerProductIndex(vectors: randomVectors(10, 4, seed: 5), ids: (0..<10).map(Int64.init), dimension: 4)
        #expect(throws: VectorIndexError.self) { try index.search([1, 2, 3], k: 1) }
        #expect(throws: VectorIndexError.self) { try index.search([1, 2, 3, 4], k: 0) }
        #expect(throws: VectorIndexError.self) { try index.search(batch: [1, 2, 3, 4, 5], k: 1) }
        #expect(throws: VectorIndexError.self) { try FlatInnerProductIndex(vectors: [1, 2, 3], ids: [1], dimension: 4) }
        let empty = try FlatInnerProductIndex(vectors: [], ids: [], dimension: 4)
        #expect(try empty.search([1, 0, 0, 0], k: 3).isEmpty)
    }
}
