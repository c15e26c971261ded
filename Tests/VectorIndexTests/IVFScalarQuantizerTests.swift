import Foundation
import Testing
import TestSupport
@testable import VectorIndex

/// `IVFIndex` with SQ8 codes (FAISS's `IndexIVFScalarQuantizer`, QT_8bit, residuals).
@Suite("IVF with SQ8 residuals")
struct IVFScalarQuantizerTests {
    static let (n, d, nlist) = (5_000, 33, 30)

    /// Ids are 3i + 1.
    static func build() throws -> (IVFIndex, FlatInnerProductIndex, [Float]) {
        try IVFIndexTests.build(n: n, d: d, nlist: nlist, centers: 50, seed: 71, id: { Int64($0) * 3 + 1 }, encoding: .int8)
    }

    @Test("codes are the residuals to the list's centroid, within half a step, and cost d bytes a vector")
    func codesAreResiduals() throws {
        let (ivf, _, v) = try Self.build()
        guard case .sq8(let sq) = ivf.codes else { Issue.record("not SQ8: \(ivf.codes)"); return }
        #expect(ivf.codes.codeSize(dimension: Self.d) == Self.d && ivf.faissName == "IVF30,SQ8")
        #expect(ivf.region.count == Self.n * Self.d)
        // The ranges are the residuals' own min and max (as faiss trains them), much narrower than the vectors'.
        let lists = try KMeans.assign(v, dimension: Self.d, centroids: ivf.centroids)
        for j in 0..<Self.d {
            let residuals = (0..<Self.n).map { v[$0 * Self.d + j] - ivf.centroids[lists[$0] * Self.d + j] }
            #expect(sq.vmin[j] == residuals.min()! && sq.vdiff[j] == residuals.max()! - residuals.min()!)
        }
        for row in stride(from: 0, to: Self.n, by: 7) {
            let i = Int((ivf.ids[row] - 1) / 3)
            let back = ivf.vector(row: row)
            for j in 0..<Self.d {
                #expect(abs(back[j] - v[i * Self.d + j]) <= sq.vdiff[j] / 255 * 0.5 + 1e-5, "row \(row), component \(j)")
            }
        }
    }

    @Test("at full probe each score is ⟨q, c⟩ + ⟨q, decoded residual⟩, the order that of the decoded vectors, in a batch too")
    func scoresAreThoseOfTheDecodedVectors() throws {
        let (ivf, _, _) = try Self.build()
        let decoded = (0..<Self.n).flatMap { ivf.vector(row: $0) }
        let queries = randomVectors(IVFIndex.listMajorQueries + 5, Self.d, seed: 72)
        let batch = try ivf.search(batch: queries, k: 20, nprobe: Self.nlist)
        for qi in 0..<8 {
            let q = queries[(qi * Self.d)..<((qi + 1) * Self.d)].map(Double.init)
            let exact = (0..<Self.n).map { row in (row, (0..<Self.d).reduce(0.0) { $0 + q[$1] * Double(decoded[row * Self.d + $1]) }) }
                .sorted { $0.1 > $1.1 }.prefix(20)
            let hits = try ivf.search(Array(queries[(qi * Self.d)..<((qi + 1) * Self.d)]), k: 20, nprobe: Self.nlist)
            #expect(hits.map(\.id) == exact.map { ivf.ids[$0.0] }, "query \(qi)")
            for (h, e) in zip(hits, exact) { #expect(abs(Double(h.score) - e.1) < 1e-4) }
            // The large batch goes list by list through matrix products of the decoded lists.
            #expect(batch[qi].map(\.id) == hits.map(\.id))
            for (a, b) in zip(batch[qi], hits) { #expect(abs(a.score - b.score) < 1e-4) }
        }
    }

    @Test("recall@10 against exact float32 search stays high and rises with nprobe")
    func recall() throws {
        let (ivf, flat, _) = try Self.build()
        let r = try IVFIndexTests.recalls(ivf, flat, centers: 50, seed: 73, nprobes: [1, 4, Self.nlist])
        #expect(zip(r, r.dropFirst()).allSatisfy { $0 <= $1 }, "\(r)")
        #expect(r.last! >= 0.95, "SQ8 recall@10 at full probe: \(r)")
    }

    @Test("write, map, write again: the same bytes and searches; IndexFile opens it as IVF,SQ8")
    func roundTrip() throws {
        let (ivf, _, _) = try Self.build()
        let folder = TestPaths.tempFolder()
        let url = folder.appendingPathComponent("sq.faiss"), again = folder.appendingPathComponent("again.faiss")
        try ivf.write(to: url)
        #expect(try Data(contentsOf: url).prefix(4) == Data("IwSq".utf8))
        let back = try IVFIndex(contentsOf: url)
        #expect(back.codes == ivf.codes && back.ids == ivf.ids && back.listStart == ivf.listStart && back.centroids == ivf.centroids)
        let q = randomVectors(5, Self.d, seed: 74)
        for nprobe in [1, 4, Self.nlist] { #expect(try back.search(batch: q, k: 10, nprobe: nprobe) == ivf.search(batch: q, k: 10, nprobe: nprobe)) }
        try back.write(to: again)
        #expect(try Data(contentsOf: url) == Data(contentsOf: again))
        #expect(try IndexFile.open(url).faissName == "IVF30,SQ8")
    }

    @Test("every truncation of an SQ8 file, another quantizer type and codes without residuals are one-line errors")
    func badFiles() throws {
        let index = try IVFIndex(vectors: randomVectors(60, 4, seed: 75), ids: (0..<60).map(Int64.init), dimension: 4, nlist: 3, encoding: .int8)
        let folder = TestPaths.tempFolder()
        let good = folder.appendingPathComponent("good.faiss"), bad = folder.appendingPathComponent("bad.faiss")
        try index.write(to: good)
        let bytes = try Data(contentsOf: good)
        try FaissIVFFormatTests.expectEveryTruncationRefused(bytes, at: bad)
        // The quantizer block starts after the type and header, nlist, nprobe, the quantizer's type,
        // header and 3 × 4 centroids, and an empty direct map.
        let sqAt = 4 + FaissFormat.headerSize + 16 + 4 + FaissFormat.headerSize + 8 + 3 * 4 * 4 + 1 + 8
        var fp16 = bytes
        fp16.replaceSubrange(sqAt..<(sqAt + 4), with: withUnsafeBytes(of: Int32(4).littleEndian) { Data($0) })
        try fp16.write(to: bad)
        let e = #expect(throws: VectorIndexError.self) { try IVFIndex(contentsOf: bad) }
        #expect(e?.kind == .unsupported && e?.message.contains("QT_8bit") == true, "\(String(describing: e))")
        let residualAt = sqAt + 4 + 4 + 4 + 8 + 8 + 8 + 2 * 4 * 4 + 8
        #expect(bytes[residualAt] == 1)
        var direct = bytes
        direct[residualAt] = 0
        try direct.write(to: bad)
        let r = #expect(throws: VectorIndexError.self) { try IVFIndex(contentsOf: bad) }
        #expect(r?.kind == .unsupported && r?.message.contains("by_residual") == true, "\(String(describing: r))")
        #expect(throws: VectorIndexError.self) {
            try IVFIndex(vectors: randomVectors(60, 4, seed: 75), ids: (0..<60).map(Int64.init), dimension: 4, nlist: 3, encoding: .float16)
        }
    }
}
