import Foundation
import Testing
import TestSupport
@testable import VectorIndex

func writeRaw<T>(_ values: [T], _ url: URL) throws {
    try values.withUnsafeBytes { try Data($0).write(to: url) }
}

@Suite("FAISS file format")
struct FaissFileTests {
    @Test("write then memory-map gives the same index and the same searches", arguments: VectorEncoding.allCases)
    func roundTrip(encoding: VectorEncoding) throws {
        let (n, d) = (3_000, 24)
        let index = try FlatInnerProductIndex(vectors: randomVectors(n, d, seed: 11), ids: (0..<n).map { Int64($0) * 3 - 50 },
                                              dimension: d, encoding: encoding)
        let url = TestPaths.tempFolder().appendingPathComponent("x.faiss")
        try index.write(to: url)
        #expect(!FileManager.default.fileExists(atPath: url.path + ".partial"))
        let back = try FlatInnerProductIndex(contentsOf: url)
        #expect(back.encoding == encoding && back.dimension == d && back.ids == index.ids && back.quantizer == index.quantizer)
        let q = randomVectors(5, d, seed: 12)
        #expect(try back.search(batch: q, k: 10) == index.search(batch: q, k: 10))
        for row in [0, 1, n - 1] { #expect(back.vector(row: row) == index.vector(row: row)) }
    }

    @Test("a streamed writer equals the in-memory build")
    func streamingWriter() throws {
        let (n, d) = (1_000, 10)
        let v = randomVectors(n, d, seed: 13), ids = (0..<n).map(Int64.init)
        let folder = TestPaths.tempFolder()
        for encoding in VectorEncoding.allCases {
            let whole = try FlatInnerProductIndex(vectors: v, ids: ids, dimension: d, encoding: encoding)
            let a = folder.appendingPathComponent("a-\(encoding).faiss"), b = folder.appendingPathComponent("b-\(encoding).faiss")
            try whole.write(to: a)
            let w = try FaissIndexWriter(url: b, dimension: d, encoding: encoding, quantizer: whole.quantizer)
            for start in stride(from: 0, to: n, by: 333) {
                let end = min(n, start + 333)
                try w.append(vectors: Array(v[(start * d)..<(end * d)]), ids: Array(ids[start..<end]))
            }
            try w.finish()
            #expect(FileManager.default.contents(atPath: a.path) == FileManager.default.contents(atPath: b.path), "\(encoding)")
        }
    }

    @Test("every truncation, a foreign file and wrong counts are one-line errors, never traps")
    func badFiles() throws {
        let index = try FlatInnerProductIndex(vectors: randomVectors(20, 6, seed: 14), ids: (0..<20).map(Int64.init), dimension: 6, encoding: .int8)
        let folder = TestPaths.tempFolder()
        let good = folder.appendingPathComponent("good.faiss")
        try index.write(to: good)
        let bytes = try Data(contentsOf: good)
        let bad = folder.appendingPathComponent("bad.faiss")
        for cut in 0..<bytes.count {
            try bytes.prefix(cut).write(to: bad)
            #expect(throws: VectorIndexError.self, "cut at \(cut)") { try FlatInnerProductIndex(contentsOf: bad) }
        }
        // A vector count of 2^62 in both headers must not allocate or trap.
        var huge = bytes
        huge.replaceSubrange(8..<16, with: withUnsafeBytes(of: Int64(1 << 62).littleEndian) { Data($0) })
        huge.replaceSubrange(45..<53, with: withUnsafeBytes(of: Int64(1 << 62).littleEndian) { Data($0) })
        try huge.write(to: bad)
        #expect(throws: VectorIndexError.self) { try FlatInnerProductIndex(contentsOf: bad) }
        try Data("PAR1 not an index at all".utf8).write(to: bad)
        let e = #expect(throws: VectorIndexError.self) { try FlatInnerProductIndex(contentsOf: bad) }
        #expect(e?.description.hasPrefix(bad.path) == true)
        #expect(throws: VectorIndexError.self) { try FlatInnerProductIndex(contentsOf: folder.appendingPathComponent("missing.faiss")) }
        var extra = bytes
        extra.append(0)
        try extra.write(to: bad)
        #expect(throws: VectorIndexError.self) { try FlatInnerProductIndex(contentsOf: bad) }
    }
}

/// faiss-cpu (from the set-up's venv) reads our files and we read its files. These fail, not
/// skip, when the venv lacks faiss: `make test` runs scripts/setup.sh first.
@Suite("FAISS interop (faiss-cpu)")
struct FaissInteropTests {
    static let script = TestPaths.packageRoot.appendingPathComponent("scripts/fixtures/faiss_interop.py").path

    @Test("faiss.read_index opens our files and returns our top-k", arguments: VectorEncoding.allCases)
    func faissReadsOurs(encoding: VectorEncoding) async throws {
        let (n, d, k) = (2_000, 32, 10)
        let index = try FlatInnerProductIndex(vectors: randomVectors(n, d, seed: 21), ids: (0..<n).map { Int64($0) * 1_000_003 },
                                              dimension: d, encoding: encoding)
        let folder = TestPaths.tempFolder()
        let file = folder.appendingPathComponent("ours.faiss"), qfile = folder.appendingPathComponent("q.f32")
        try index.write(to: file)
        let queries = randomVectors(6, d, seed: 22)
        try writeRaw(queries, qfile)
        let r = try await TestProcess.run(TestPaths.python, [Self.script, "search", file.path, qfile.path, "\(d)", "\(k)"])
        #expect(r.status == 0, "faiss failed: \(r.stderr)")
        struct Out: Decodable { let ntotal: Int; let d: Int; let ids: [[Int64]]; let scores: [[Float]] }
        let out = try JSONDecoder().decode(Out.self, from: Data(r.stdout.utf8))
        #expect(out.ntotal == n && out.d == d)
        let ours = try index.search(batch: queries, k: k)
        for (i, hits) in ours.enumerated() {
            #expect(hits.map(\.id) == out.ids[i], "query \(i)")
            for (h, s) in zip(hits, out.scores[i]) { #expect(abs(h.score - s) < 1e-4) }
        }
    }

    @Test("we open files written by faiss and agree with its build")
    func weReadFaiss() async throws {
        let (n, d) = (1_500, 20)
        let v = randomVectors(n, d, seed: 23), ids = (0..<n).map { Int64($0) + 77 }
        let folder = TestPaths.tempFolder()
        let vf = folder.appendingPathComponent("v.f32"), idf = folder.appendingPathComponent("ids.i64")
        try writeRaw(v, vf)
        try writeRaw(ids, idf)
        let r = try await TestProcess.run(TestPaths.python, [Self.script, "write", vf.path, idf.path, "\(d)", folder.path])
        #expect(r.status == 0, "faiss failed: \(r.stderr)")
        let queries = randomVectors(4, d, seed: 24)
        for encoding in VectorEncoding.allCases {
            let theirs = try FlatInnerProductIndex(contentsOf: folder.appendingPathComponent("\(encoding).faiss"))
            let ours = try FlatInnerProductIndex(vectors: v, ids: ids, dimension: d, encoding: encoding)
            #expect(theirs.encoding == encoding && theirs.ids == ids && theirs.quantizer == ours.quantizer)
            // Same codes byte for byte: faiss and we quantise alike.
            #expect(try Data(contentsOf: folder.appendingPathComponent("\(encoding).faiss")) == {
                let f = folder.appendingPathComponent("ours-\(encoding).faiss")
                try ours.write(to: f)
                return try Data(contentsOf: f)
            }(), "\(encoding) bytes")
            #expect(try theirs.search(batch: queries, k: 7).map { $0.map(\.id) } == ours.search(batch: queries, k: 7).map { $0.map(\.id) })
        }
        let l2 = #expect(throws: VectorIndexError.self) { try FlatInnerProductIndex(contentsOf: folder.appendingPathComponent("l2.faiss")) }
        #expect(l2?.kind == .unsupported && l2?.message.contains("L2") == true)
        let hnsw = #expect(throws: VectorIndexError.self) { try FlatInnerProductIndex(contentsOf: folder.appendingPathComponent("hnsw.faiss")) }
        #expect(hnsw?.message.contains("HNSW") == true)
    }
}
