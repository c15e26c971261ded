import Foundation
import Testing
import TestSupport
@testable import VectorIndex

@Suite("FAISS IVF file format")
struct FaissIVFFormatTests {
    /// Every prefix of `bytes`, written to `bad`, is an error naming the file, never a trap.
    static func expectEveryTruncationRefused(_ bytes: Data, at bad: URL) throws {
        for cut in 0..<bytes.count {
            try bytes.prefix(cut).write(to: bad)
            let e = #expect(throws: VectorIndexError.self, "cut at \(cut)") { try IVFIndex(contentsOf: bad) }
            #expect(e?.description.hasPrefix(bad.path) == true)
        }
    }

    static func small(seed: UInt64 = 51) throws -> IVFIndex {
        let (n, d) = (800, 12)
        let (v, _) = clusteredVectors(n, d, centers: 20, noise: 0.5, seed: seed)
        return try IVFIndex(vectors: v, ids: (0..<n).map { Int64($0) * 5 - 100 }, dimension: d, nlist: 10, nprobe: 3)
    }

    @Test("write then memory-map gives the same index, the same searches and the same bytes")
    func roundTrip() throws {
        let index = try Self.small()
        let folder = TestPaths.tempFolder()
        let url = folder.appendingPathComponent("ivf.faiss"), again = folder.appendingPathComponent("again.faiss")
        try index.write(to: url)
        let back = try IVFIndex(contentsOf: url)
        #expect(back.nlist == index.nlist && back.nprobe == 3 && back.dimension == index.dimension)
        #expect(back.ids == index.ids && back.centroids == index.centroids && back.listStart == index.listStart)
        let q = randomVectors(6, index.dimension, seed: 52)
        for nprobe in [1, 3, 10] { #expect(try back.search(batch: q, k: 8, nprobe: nprobe) == index.search(batch: q, k: 8, nprobe: nprobe)) }
        try back.write(to: again)
        #expect(try Data(contentsOf: url) == Data(contentsOf: again))
        #expect(try IndexFile.open(url) is IVFIndex)
        #expect((try IndexFile.open(url, nprobe: 99) as? IVFIndex)?.nprobe == 10)
    }

    @Test("lists mostly empty are written in faiss's sparse size encoding and read back")
    func sparseSizes() throws {
        let d = 6
        // 12 centroids, but the vectors lie near only the first 3.
        let centroids = randomVectors(12, d, seed: 53)
        var v: [Float] = []
        for i in 0..<90 { v += centroids[((i % 3) * d)..<((i % 3 + 1) * d)] }
        let index = try IVFIndex(centroids: centroids, vectors: v, ids: (0..<90).map(Int64.init), dimension: d, nprobe: 2)
        #expect((0..<12).filter { index.listSize($0) > 0 }.count == 3)
        let url = TestPaths.tempFolder().appendingPathComponent("sparse.faiss")
        try index.write(to: url)
        let bytes = try Data(contentsOf: url)
        #expect(bytes.range(of: Data("sprs".utf8)) != nil && bytes.range(of: Data("full".utf8)) == nil)
        let back = try IVFIndex(contentsOf: url)
        #expect(back.listStart == index.listStart && back.ids == index.ids)
    }

    @Test("every truncation, trailing bytes and absurd counts are one-line errors naming the file, never traps")
    func badFiles() throws {
        let index = try IVFIndex(vectors: randomVectors(40, 4, seed: 54), ids: (0..<40).map(Int64.init), dimension: 4, nlist: 3)
        let folder = TestPaths.tempFolder()
        let good = folder.appendingPathComponent("good.faiss"), bad = folder.appendingPathComponent("bad.faiss")
        try index.write(to: good)
        let bytes = try Data(contentsOf: good)
        try Self.expectEveryTruncationRefused(bytes, at: bad)
        var extra = bytes
        extra.append(0)
        try extra.write(to: bad)
        #expect(throws: VectorIndexError.self) { try IVFIndex(contentsOf: bad) }
        // ntotal, nlist, nprobe at 2^62 and a list size past the file: errors, not allocations.
        for offset in [8, 37, 45] {
            var huge = bytes
            huge.replaceSubrange(offset..<(offset + 8), with: withUnsafeBytes(of: Int64(1 << 62).littleEndian) { Data($0) })
            try huge.write(to: bad)
            if offset == 45 {
                #expect((try IVFIndex(contentsOf: bad)).nprobe == 3, "nprobe is clamped to nlist")
            } else {
                #expect(throws: VectorIndexError.self, "offset \(offset)") { try IVFIndex(contentsOf: bad) }
            }
        }
        let flat = try FlatInnerProductIndex(vectors: randomVectors(4, 4, seed: 55), ids: [0, 1, 2, 3], dimension: 4)
        try flat.write(to: bad)
        let e = #expect(throws: VectorIndexError.self) { try IVFIndex(contentsOf: bad) }
        #expect(e?.kind == .unsupported)
    }
}

/// faiss-cpu reads our IVF files and we read its files: same results at the same nprobe.
@Suite("FAISS IVF interop (faiss-cpu)")
struct FaissIVFInteropTests {
    @Test("faiss.read_index opens our IndexIVFFlat and IndexIVFScalarQuantizer (SQ8) and returns our top-k and scores at each nprobe",
          arguments: [VectorEncoding.float32, .int8])
    func faissReadsOurs(encoding: VectorEncoding) async throws {
        let (n, d, k) = (3_000, 32, 10)
        let (v, _) = clusteredVectors(n, d, centers: 40, noise: 0.6, seed: 61)
        let index = try IVFIndex(vectors: v, ids: (0..<n).map { Int64($0) * 1_000_003 }, dimension: d, nlist: 24, nprobe: 5, encoding: encoding)
        let folder = TestPaths.tempFolder()
        let file = folder.appendingPathComponent("ours-ivf.faiss"), qfile = folder.appendingPathComponent("q.f32")
        try index.write(to: file)
        let queries = randomVectors(8, d, seed: 62)
        try writeRaw(queries, qfile)
        struct Out: Decodable { let ntotal: Int; let d: Int; let ids: [[Int64]]; let scores: [[Float]] }
        for nprobe in [1, 5, 24] {
            let r = try await TestProcess.run(TestPaths.python, [FaissInteropTests.script, "search", file.path, qfile.path, "\(d)", "\(k)", "\(nprobe)"])
            #expect(r.status == 0, "faiss failed: \(r.stderr)")
            let out = try JSONDecoder().decode(Out.self, from: Data(r.stdout.utf8))
            #expect(out.ntotal == n && out.d == d)
            let ours = try index.search(batch: queries, k: k, nprobe: nprobe)
            for (i, hits) in ours.enumerated() {
                #expect(hits.map(\.id) == out.ids[i], "\(encoding), nprobe \(nprobe), query \(i)")
                for (h, s) in zip(hits, out.scores[i]) { #expect(abs(h.score - s) < (encoding == .int8 ? 1e-4 : 1e-5)) }
            }
        }
    }

    @Test("we open faiss's IndexIVFFlat, search it as faiss does, and write its bytes back unchanged")
    func weReadFaiss() async throws {
        let (n, d, nlist, k) = (2_500, 20, 16, 7)
        let (v, _) = clusteredVectors(n, d, centers: 30, noise: 0.6, seed: 63)
        let ids = (0..<n).map { Int64($0) + 77 }
        let folder = TestPaths.tempFolder()
        let vf = folder.appendingPathComponent("v.f32"), idf = folder.appendingPathComponent("ids.i64")
        let qfile = folder.appendingPathComponent("q.f32")
        try writeRaw(v, vf)
        try writeRaw(ids, idf)
        let r = try await TestProcess.run(TestPaths.python, [FaissInteropTests.script, "ivf-write", vf.path, idf.path, "\(d)", "\(nlist)", "4", folder.path])
        #expect(r.status == 0, "faiss failed: \(r.stderr)")
        struct Sizes: Decodable { let sizes: [Int] }
        let sizes = try JSONDecoder().decode(Sizes.self, from: Data(r.stdout.utf8)).sizes
        let file = folder.appendingPathComponent("ivf.faiss")
        let theirs = try IVFIndex(contentsOf: file)
        #expect(theirs.nlist == nlist && theirs.nprobe == 4 && theirs.count == n && Set(theirs.ids) == Set(ids))
        #expect((0..<nlist).map(theirs.listSize) == sizes)
        // Same results as faiss's own search at each nprobe.
        let queries = randomVectors(6, d, seed: 64)
        try writeRaw(queries, qfile)
        struct Out: Decodable { let ids: [[Int64]]; let scores: [[Float]] }
        for nprobe in [1, 4, nlist] {
            let s = try await TestProcess.run(TestPaths.python, [FaissInteropTests.script, "search", file.path, qfile.path, "\(d)", "\(k)", "\(nprobe)"])
            #expect(s.status == 0, "faiss failed: \(s.stderr)")
            let out = try JSONDecoder().decode(Out.self, from: Data(s.stdout.utf8))
            #expect(try theirs.search(batch: queries, k: k, nprobe: nprobe).map { $0.map(\.id) } == out.ids, "nprobe \(nprobe)")
        }
        // Written back: faiss's bytes exactly.
        let back = folder.appendingPathComponent("back.faiss")
        try theirs.write(to: back)
        #expect(try Data(contentsOf: back) == Data(contentsOf: file))
        // Adding the same vectors to faiss's centroids puts each in faiss's list.
        let rebuilt = try IVFIndex(centroids: theirs.centroids, vectors: v, ids: ids, dimension: d, nprobe: 4)
        #expect(rebuilt.listStart == theirs.listStart && rebuilt.ids == theirs.ids)
        // A direct map is skipped.
        let dm = try IVFIndex(contentsOf: folder.appendingPathComponent("ivf-directmap.faiss"))
        #expect(Set(dm.ids) == Set((0..<Int64(n)).map { $0 }))
        // faiss's IndexIVFScalarQuantizer (QT_8bit, residuals): searched as faiss searches it, written back byte for byte.
        let sqFile = folder.appendingPathComponent("ivf-sq8.faiss")
        let sq = try IVFIndex(contentsOf: sqFile)
        #expect(sq.faissName == "IVF\(nlist),SQ8" && sq.count == n && Set(sq.ids) == Set(ids))
        for nprobe in [1, 4, nlist] {
            let s = try await TestProcess.run(TestPaths.python, [FaissInteropTests.script, "search", sqFile.path, qfile.path, "\(d)", "\(k)", "\(nprobe)"])
            #expect(s.status == 0, "faiss failed: \(s.stderr)")
            let out = try JSONDecoder().decode(Out.self, from: Data(s.stdout.utf8))
            let ours = try sq.search(batch: queries, k: k, nprobe: nprobe)
            #expect(ours.map { $0.map(\.id) } == out.ids, "SQ8, nprobe \(nprobe)")
            for (hits, scores) in zip(ours, out.scores) { for (h, s) in zip(hits, scores) { #expect(abs(h.score - s) < 1e-4) } }
        }
        try sq.write(to: back)
        #expect(try Data(contentsOf: back) == Data(contentsOf: sqFile))
    }
}
