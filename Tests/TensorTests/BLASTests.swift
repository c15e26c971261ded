import Testing
@testable import Tensor

/// A seeded generator so every run sees the same numbers.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

func randomFloats(_ n: Int, _ rng: inout SplitMix, scale: Float = 1) -> [Float] {
    (0..<n).map { _ in Float.random(in: -scale...scale, using: &rng) }
}

@Suite("BLAS")
struct BLASTests {
    /// k = 0 too: C = beta · C (oneDNN's own sgemm left C unchanged there).
    @Test("sgemm equals its naive twin", arguments: [(false, false), (false, true), (true, false), (true, true)], [29, 0])
    func sgemmMatchesNaive(trans: (Bool, Bool), k: Int) {
        let (transA, transB) = trans
        var rng = SplitMix(state: 7)
        let (m, n) = (13, 17)
        let a = randomFloats(max(1, m * k), &rng), b = randomFloats(max(1, k * n), &rng)
        let c0 = randomFloats(m * n + 3 * m, &rng)
        let (lda, ldb, ldc) = (transA ? m : max(1, k), transB ? max(1, k) : n, n + 3)
        var fast = c0, slow = c0
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                fast.withUnsafeMutableBufferPointer { pc in
                    BLAS.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5, a: pa.baseAddress!, lda: lda,
                               b: pb.baseAddress!, ldb: ldb, beta: 2, c: pc.baseAddress!, ldc: ldc)
                }
                slow.withUnsafeMutableBufferPointer { pc in
                    BLAS.naive.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5, a: pa.baseAddress!, lda: lda,
                                     b: pb.baseAddress!, ldb: ldb, beta: 2, c: pc.baseAddress!, ldc: ldc)
                }
            }
        }
        let err = zip(fast, slow).map { abs($0 - $1) }.max()!
        #expect(err < 1e-5, "max |blas - naive| = \(err)")
    }

    /// The largest |split − naive| of one product: `split` (a `BLAS.split` or `BLAS.splitK` call on
    /// the same operands) against `BLAS.naive.sgemm`, both with alpha 0.5 and beta 2 on random C.
    static func splitError(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, lda: Int, ldb: Int, ldc: Int, rng: inout SplitMix,
        _ split: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void
    ) -> Float {
        let a = randomFloats((transA ? k : m) * lda, &rng), b = randomFloats((transB ? n : k) * ldb, &rng)
        let c0 = randomFloats(m * ldc, &rng)
        var fast = c0, slow = c0
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                fast.withUnsafeMutableBufferPointer { split(pa.baseAddress!, pb.baseAddress!, $0.baseAddress!) }
                slow.withUnsafeMutableBufferPointer { pc in
                    BLAS.naive.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5, a: pa.baseAddress!, lda: lda,
                                     b: pb.baseAddress!, ldb: ldb, beta: 2, c: pc.baseAddress!, ldc: ldc)
                }
            }
        }
        return zip(fast, slow).map { abs($0 - $1) }.max()!
    }

    @Test("sgemm split into row or column blocks over threads equals its naive twin",
          arguments: [(false, false), (false, true), (true, false), (true, true)], [2, 3, 5])
    func splitMatchesNaive(trans: (Bool, Bool), parts: Int) {
        let (transA, transB) = trans
        var rng = SplitMix(state: UInt64(parts))
        // m ≥ n splits rows, m < n splits columns; sizes not multiples of 16 leave ragged last blocks.
        for (m, n, k) in [(83, 21, 19), (21, 83, 19)] {
            let (lda, ldb, ldc) = (transA ? m : k, transB ? k : n, n + 2)
            let err = Self.splitError(transA: transA, transB: transB, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc, rng: &rng) { a, b, c in
                BLAS.split(blocks: parts, transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5, a: a, lda: lda, b: b, ldb: ldb,
                           beta: 2, c: c, ldc: ldc)
            }
            #expect(err < 1e-5, "m=\(m) n=\(n): max |split - naive| = \(err)")
        }
    }

    @Test("sgemm split along k into partial products equals its naive twin",
          arguments: [(false, false), (false, true), (true, false), (true, true)], [2, 3, 5])
    func splitKMatchesNaive(trans: (Bool, Bool), parts: Int) {
        let (transA, transB) = trans
        var rng = SplitMix(state: UInt64(parts) + 7)
        // k = 200 in 16-multiples leaves a short last slice; padded strides check each slice's offset.
        let (m, n, k) = (13, 9, 200)
        let (lda, ldb, ldc) = ((transA ? m : k) + 3, (transB ? k : n) + 5, n + 2)
        let err = Self.splitError(transA: transA, transB: transB, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc, rng: &rng) { a, b, c in
            BLAS.splitK(blocks: parts, transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5, a: a, lda: lda, b: b, ldb: ldb,
                        beta: 2, c: c, ldc: ldc)
        }
        #expect(err < 1e-4, "max |split along k - naive| = \(err)")
    }

    @Test("a small product over a long k (a weight gradient) equals its naive twin, with the same bits at 1 and 2 threads")
    func longKSplitIsThreadInvariant() {
        var rng = SplitMix(state: 99)
        let (m, n, k) = (48, 40, 4_096)  // 7.9 M multiply-adds, too few rows and columns to share
        let a = randomFloats(k * m, &rng), b = randomFloats(k * n, &rng)
        func product(threads: Int) -> [Float] {
            let before = BLAS.threads
            defer { BLAS.setThreads(before) }
            BLAS.setThreads(threads)
            var c = [Float](repeating: 0, count: m * n)
            BLAS.sgemm(transA: true, m: m, n: n, k: k, a: a, lda: m, b: b, ldb: n, c: &c, ldc: n)
            return c
        }
        var slow = [Float](repeating: 0, count: m * n)
        BLAS.naive.sgemm(transA: true, m: m, n: n, k: k, a: a, lda: m, b: b, ldb: n, c: &slow, ldc: n)
        let (one, two) = (product(threads: 1), product(threads: 2))
        #expect(one == two)
        #expect(zip(two, slow).map { abs($0 - $1) }.max()! < 1e-3)
    }

    @Test("matmul checks shapes and names both")
    func matmulShapeError() throws {
        let a = Tensor(zeros: [2, 3]), b = Tensor(zeros: [4, 5])
        #expect(throws: TensorError.self) { try BLAS.matmul(a, b) }
        do { _ = try BLAS.matmul(a, b) } catch { #expect("\(error)".contains("[2, 3]") && "\(error)".contains("[4, 5]")) }
        let c = try BLAS.matmul(a, Tensor(zeros: [5, 3]), transposeB: true)
        #expect(c.shape == [2, 5])
    }

    @Test("Tensor rejects a count that does not fit the shape")
    func tensorInit() {
        #expect(throws: TensorError.self) { try Tensor(shape: [2, 2], data: [1, 2, 3]) }
    }
}

