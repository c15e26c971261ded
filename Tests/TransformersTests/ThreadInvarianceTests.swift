import Foundation
import Testing
@testable import Tensor
@testable import Transformers

/// The bits of a product, a LayerNorm gradient and a sentence vector do not depend on the thread
/// count: work is cut by its shape (`Parallel.forEachChunk`, `BLAS.sgemm`'s blocks), never by the
/// threads. This is what lets Spark's executors (`jobmatch index --engine spark`), whatever their
/// thread count, write the embedded engine's exact vectors.
@Suite("results do not depend on the thread count", .serialized)
struct ThreadInvarianceTests {
    /// Runs `body` with 1, 2, 3 and 5 threads and returns each result (the count is restored).
    static func underThreadCounts<T>(_ body: () throws -> T) rethrows -> [T] {
        let before = Parallel.threads
        defer { BLAS.setThreads(before) }
        return try [1, 2, 3, 5].map { n in
            BLAS.setThreads(n)
            return try body()
        }
    }

    static func randomFloats(_ n: Int, seed: UInt64) -> [Float] {
        var state = seed
        return (0..<n).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 2001 - 1000) / 1000
        }
    }

    @Test("forEachChunk's ranges and the int8/bf16 products' row tiles", arguments: [(1, 1), (100, 16), (4097, 16), (8192, 1), (50_000, 32_768)])
    func ranges(work: (Int, Int)) {
        let (count, minPerChunk) = work
        let lock = NSLock()
        let chunks = Self.underThreadCounts { () -> [Range<Int>] in
            var seen: [Range<Int>] = []
            Parallel.forEachChunk(count, minPerChunk: minPerChunk) { r in lock.withLock { seen.append(r) } }
            return seen.sorted { $0.lowerBound < $1.lowerBound }
        }
        #expect(chunks[0].first?.lowerBound == 0 && chunks[0].last?.upperBound == count)
        for c in chunks.dropFirst() { #expect(c == chunks[0]) }
        let tiles = Self.underThreadCounts { () -> [Int] in
            var seen: [Int] = []
            BLAS.forEachTile(m: count, n: 384, k: 384) { lo, hi in lock.withLock { seen += [lo, hi] } }
            return seen.sorted()
        }
        for t in tiles.dropFirst() { #expect(t == tiles[0]) }
    }

    @Test("sgemm, by rows and by columns", arguments: [(700, 384, 384), (40, 1536, 384), (333, 97, 1536), (1600, 37, 20), (3000, 20, 37)])
    func sgemm(shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        let a = Self.randomFloats(m * k, seed: 1), b = Self.randomFloats(k * n, seed: 2)
        let results = Self.underThreadCounts { () -> [Float] in
            var c = [Float](repeating: 0, count: m * n)
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        BLAS.sgemm(m: m, n: n, k: k, a: pa.baseAddress!, lda: k, b: pb.baseAddress!, ldb: n, c: pc.baseAddress!, ldc: n)
                    }
                }
            }
            return c
        }
        for r in results.dropFirst() { #expect(r == results[0]) }
    }

    @Test("LayerNorm's backward pass (per-chunk sums of dgamma and dbeta)")
    func layerNormBackward() throws {
        let (rows, c) = (1000, 384)
        let ln = LayerNorm(weight: try Tensor(shape: [c], data: Self.randomFloats(c, seed: 3)),
                           bias: try Tensor(shape: [c], data: Self.randomFloats(c, seed: 6)), eps: 1e-12)
        let x = try Tensor(shape: [rows, c], data: Self.randomFloats(rows * c, seed: 4))
        let dy = try Tensor(shape: [rows, c], data: Self.randomFloats(rows * c, seed: 5))
        let results = try Self.underThreadCounts { () -> [Float] in
            let (_, cache) = try ln.forward(x, cache: true)
            let (dx, g) = try ln.backward(dy, cache: cache)
            return dx.data + g.weight.data + g.bias.data
        }
        for r in results.dropFirst() { #expect(r == results[0]) }
    }

    @Test("a tiny random BERT's vectors of generated job texts")
    func tinyEncoder() throws {
        let encoder = try SentenceEncoder(directory: Fixtures.tinyBert)
        let words = ["python", "nurse", "forklift", "payroll", "kubernetes", "care", "plans", "inventory", "budget", "patients"]
        let texts = (0..<48).map { i in (0..<(20 + i * 3)).map { words[($0 * 7 + i) % words.count] }.joined(separator: " ") }
        let results = try Self.underThreadCounts { try encoder.encode(texts, batchSize: 48) }
        for r in results.dropFirst() { #expect(r == results[0]) }
    }

    @Test("all-MiniLM-L6-v2's vectors of real texts, fp32 and int8", .enabled(if: Fixtures.runMiniLMTests, "needs the model unpacked by scripts/setup.sh"))
    func encoder() throws {
        try #require(Fixtures.hasMiniLM, "\(Fixtures.missingMiniLM)")
        let texts = try MiniLMReferenceTests.texts(sources: ["glassdoor_jobs.csv:Job Description": 6, "UpdatedResumeDataSet.csv:Resume": 6,
                                                             "linkedin_job_postings.csv:job_title": 6])
        for precision in [Precision.fp32, .int8] {
            let encoder = try SentenceEncoder(directory: Fixtures.miniLM, precision: precision)
            let results = try Self.underThreadCounts { try encoder.encode(texts, batchSize: 8, maxSeqLength: 256) }
            for r in results.dropFirst() { #expect(r == results[0], "\(precision)") }
        }
    }
}
