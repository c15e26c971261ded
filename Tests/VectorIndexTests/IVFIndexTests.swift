import Foundation
import Testing
import TestSupport
@testable import VectorIndex

@Suite("IVFIndex")
struct IVFIndexTests {
    static let (n, d, nlist) = (6_000, 37, 40)

    static func build(seed: UInt64 = 41) throws -> (IVFIndex, FlatInnerProductIndex, [Float]) {
        try build(n: n, d: d, nlist: nlist, centers: 60, seed: seed, id: { Int64($0) * 7 + 3 }, encoding: .float32)
    }

    /// An IVF index (nprobe 4) over clustered vectors, the flat index over the same, and the vectors.
    static func build(n: Int, d: Int, nlist: Int, centers: Int, seed: UInt64, id: (Int) -> Int64, encoding: VectorEncoding)
        throws -> (IVFIndex, FlatInnerProductIndex, [Float])
    {
        let (v, _) = clusteredVectors(n, d, centers: centers, noise: 0.6, seed: seed)
        let ids = (0..<n).map(id)
        let ivf = try IVFIndex(vectors: v, ids: ids, dimension: d, nlist: nlist, nprobe: 4, encoding: encoding)
        return (ivf, try FlatInnerProductIndex(vectors: v, ids: ids, dimension: d), v)
    }

    @Test("with nprobe = nlist the results are the flat index's, ids and scores exactly")
    func exactAtFullProbe() throws {
        let (ivf, flat, _) = try Self.build()
        #expect(ivf.count == Self.n && ivf.nlist == Self.nlist && ivf.nprobe == 4)
        let queries = randomVectors(20, Self.d, seed: 42)
        for qi in 0..<20 {
            let q = Array(queries[(qi * Self.d)..<((qi + 1) * Self.d)])
            #expect(try ivf.search(q, k: 25, nprobe: Self.nlist) == flat.search(q, k: 25), "query \(qi)")
        }
        // k = n: every stored vector comes back, in the flat index's order.
        let all = Array(queries[0..<Self.d])
        #expect(try ivf.search(all, k: Self.n, nprobe: Self.nlist) == flat.search(all, k: Self.n))
        // A batch gives each query what it gets alone.
        let batch = try ivf.search(batch: queries, k: 25, nprobe: 7)
        for qi in 0..<20 {
            #expect(batch[qi] == (try ivf.search(Array(queries[(qi * Self.d)..<((qi + 1) * Self.d)]), k: 25, nprobe: 7)))
        }
    }

    @Test("a large batch, searched list by list with matrix products, returns what each query gets alone")
    func listMajorBatch() throws {
        let (ivf, _, _) = try Self.build()
        let nq = IVFIndex.listMajorQueries + 37
        let queries = randomVectors(nq, Self.d, seed: 45)
        var f = RowFilter(count: 7 * Self.n + 3)
        for i in stride(from: 0, to: Self.n, by: 3) { f.allow(7 * i + 3) }
        for (nprobe, filter) in [(1, nil), (5, nil), (Self.nlist, nil), (5, f)] as [(Int, RowFilter?)] {
            let batch = try ivf.search(batch: queries, k: 10, nprobe: nprobe, filter: filter)
            for qi in 0..<nq {
                let one = try ivf.search(Array(queries[(qi * Self.d)..<((qi + 1) * Self.d)]), k: 10, nprobe: nprobe, filter: filter)
                #expect(batch[qi].map(\.id) == one.map(\.id), "nprobe \(nprobe), query \(qi)")
                for (a, b) in zip(batch[qi], one) { #expect(abs(a.score - b.score) < 1e-5) }
            }
        }
    }

    @Test("every vector is stored once, with its id, in the list of its nearest centroid")
    func idsAndLists() throws {
        let (ivf, _, v) = try Self.build()
        #expect(Set(ivf.ids).count == Self.n && Set(ivf.ids) == Set((0..<Self.n).map { Int64($0) * 7 + 3 }))
        #expect((0..<ivf.nlist).map(ivf.listSize).reduce(0, +) == Self.n)
        let lists = try KMeans.assign(v, dimension: Self.d, centroids: ivf.centroids)
        for l in 0..<ivf.nlist {
            for row in ivf.listStart[l]..<ivf.listStart[l + 1] {
                let i = Int((ivf.ids[row] - 3) / 7)
                #expect(lists[i] == l)
                #expect(ivf.vector(row: row) == Array(v[(i * Self.d)..<((i + 1) * Self.d)]))
            }
        }
    }

    /// recall@10 of `ivf` against the flat index on 200 clustered queries at each of `nprobes`, each
    /// expected at least the one before.
    static func recalls(_ ivf: IVFIndex, _ flat: FlatInnerProductIndex, centers: Int, seed: UInt64, nprobes: [Int]) throws -> [Double] {
        let (queries, _) = clusteredVectors(200, ivf.dimension, centers: centers, noise: 0.6, seed: seed)
        let exact = try flat.search(batch: queries, k: 10)
        return try nprobes.map { nprobe in
            let got = try ivf.search(batch: queries, k: 10, nprobe: nprobe)
            return Double(zip(got, exact).map { Set($0.map(\.id)).intersection($1.map(\.id)).count }.reduce(0, +)) / Double(exact.count * 10)
        }
    }

    @Test("recall against exact search rises with nprobe and reaches 1")
    func recallRises() throws {
        let (ivf, flat, _) = try Self.build()
        let r = try Self.recalls(ivf, flat, centers: 60, seed: 43, nprobes: [1, 2, 4, 8, 16, Self.nlist])
        #expect(zip(r, r.dropFirst()).allSatisfy { $0 <= $1 }, "\(r)")
        #expect(r[0] > 0.3 && r.last == 1, "\(r)")
    }

    @Test("a filter over ids keeps only allowed ids and equals the flat index's at full probe")
    func filter() throws {
        let (ivf, flat, _) = try Self.build()
        // Ids are 7i + 3: allow those of even i (a filter covers ids 0..<count).
        var f = RowFilter(count: 7 * Self.n + 3)
        for i in stride(from: 0, to: Self.n, by: 2) { f.allow(7 * i + 3) }
        var rows = RowFilter(count: Self.n)
        for i in stride(from: 0, to: Self.n, by: 2) { rows.allow(i) }
        let q = Array(randomVectors(1, Self.d, seed: 44))
        let hits = try ivf.search(q, k: 30, nprobe: Self.nlist, filter: f)
        #expect(hits.count == 30 && hits.allSatisfy { ($0.id - 3) / 7 % 2 == 0 })
        #expect(hits == (try flat.search(q, k: 30, filter: rows)))
        #expect(try ivf.search(q, k: 10, nprobe: 3, filter: f).allSatisfy { ($0.id - 3) / 7 % 2 == 0 })
    }

    @Test("bad calls are errors")
    func badCalls() throws {
        let (ivf, _, _) = try Self.build()
        #expect(throws: VectorIndexError.self) { try ivf.search([1, 2], k: 3) }
        #expect(throws: VectorIndexError.self) { try ivf.search(randomVectors(1, Self.d, seed: 1), k: 0) }
        #expect(throws: VectorIndexError.self) { try IVFIndex(vectors: [1, 2, 3], ids: [1], dimension: 2, nlist: 1) }
        #expect(throws: VectorIndexError.self) {
            try IVFIndex(vectors: randomVectors(3, 4, seed: 1), ids: [1, 2, 3], dimension: 4, nlist: 4)
        }
    }
}
