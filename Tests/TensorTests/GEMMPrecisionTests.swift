import CTensorKernels
import Foundation
import Testing
@testable import Tensor

/// `BLAS.gemm` at each precision against its naive float64 twin, with an error bound derived from
/// the precision's rounding (`Precision.unitRoundoff`), entry by entry.
@Suite("BLAS.gemm precisions")
struct GEMMPrecisionTests {
    /// Runs `gemm` and its twin on `[m, k] · [n, k]ᵀ` (strided A; C strided, or packed rows when
    /// `packedC`, where full oneDNN tiles land in C directly) and returns, per entry, the error and
    /// the bound the precision allows. With `outliers`, two columns hold entries of 6.5…26.5 in two
    /// rows of three (int8 multiplies those in float32).
    func run(_ precision: Precision, m: Int, n: Int, k: Int, seed: UInt64, threads: Int = 1, packedC: Bool = false,
             outliers: Bool = false) throws -> (err: [Double], bound: [Double])
    {
        var rng = SplitMix(state: seed)
        let (lda, ldc) = (k + 3, packedC ? n : n + 5)
        // Activations with an offset and large entries below the outlier threshold (as after GELU); weights symmetric.
        var a = randomFloats(m * lda, &rng, scale: 2).map { $0 + 0.3 }
        for i in stride(from: 0, to: a.count, by: 97) { a[i] *= 2.5 }
        if outliers {
            for i in 0..<m where i % 3 != 0 {
                for p in [1, k - 2] { a[i * lda + p] = (i % 2 == 0 ? 1 : -1) * (6.5 + 20 * abs(a[i * lda + p]) / 2.3) }
            }
        }
        let w = try Tensor(shape: [n, k], data: randomFloats(n * k, &rng, scale: 0.1))
        let packed = try GEMMWeights(w, precision: precision)
        var fast = [Float](repeating: .nan, count: m * ldc), slow = fast
        let old = Parallel.threads
        Parallel.setThreads(threads)
        defer { Parallel.setThreads(old) }
        a.withUnsafeBufferPointer { pa in
            fast.withUnsafeMutableBufferPointer { pc in
                BLAS.gemm(m: m, a: pa.baseAddress!, lda: lda, b: packed, c: pc.baseAddress!, ldc: ldc)
            }
            slow.withUnsafeMutableBufferPointer { pc in
                BLAS.naive.gemm(m: m, a: pa.baseAddress!, lda: lda, b: packed, c: pc.baseAddress!, ldc: ldc)
            }
        }
        let u = precision.unitRoundoff, acc = Double(k) * 0x1p-23  // float32 accumulation of k terms
        var err: [Double] = [], bound: [Double] = []
        for i in 0..<m {
            let row = (0..<k).map { Double(a[i * lda + $0]) }
            // int8 quantises the entries up to the threshold (the others, float32, add only to `absDot`).
            let kept = (0..<k).filter { abs(row[$0]) <= Double(BLAS.outlierThreshold) }
            let keptRow = kept.map { row[$0] }
            let rowMax = keptRow.map(abs).max() ?? 0, rowRange = max(0, keptRow.max() ?? 0) - min(0, keptRow.min() ?? 0)
            for j in 0..<n {
                let col = (0..<k).map { Double(w.data[j * k + $0]) }
                let absDot = zip(row, col).map { abs($0 * $1) }.reduce(0, +)
                let b: Double
                switch precision {
                case .fp32, .bf16:  // both operands rounded relatively: (2u + u²) Σ|a||b|
                    b = (2 * u + u * u + acc) * absDot
                case .int8:  // absolute steps: half a weight level (max|w_j| / 254), half an activation level (range / 510)
                    let wStep = col.map(abs).max()! * u, aStep = rowRange / 510
                    b = keptRow.map(abs).reduce(0, +) * wStep + kept.map { abs(col[$0]) }.reduce(0, +) * aStep
                        + Double(kept.count) * wStep * aStep + acc * absDot + 1e-6 * rowMax
                }
                err.append(abs(Double(fast[i * ldc + j]) - Double(slow[i * ldc + j])))
                bound.append(b)
            }
        }
        // Padding columns of C are left alone.
        #expect(packedC || fast[n].isNaN && fast[(m - 1) * ldc + n + 4].isNaN, "gemm wrote outside [m, n]")
        return (err, bound)
    }

    @Test("each precision stays within its rounding bound of the float64 product",
          arguments: Precision.allCases, [(1, 7, 5), (37, 19, 64), (260, 40, 96)])
    func withinBound(precision: Precision, shape: (Int, Int, Int)) throws {
        let (m, n, k) = shape
        for threads in [1, 2] {
            for (packedC, outliers) in [(false, false), (true, false), (false, true), (true, true)] {
                let (err, bound) = try run(precision, m: m, n: n, k: k, seed: UInt64(m * 31 + n), threads: threads, packedC: packedC,
                                           outliers: outliers)
                let worst = zip(err, bound).map { $0 / max($1, 1e-30) }.max()!
                #expect(worst <= 1, "\(precision) [\(m), \(k)]·[\(n), \(k)]ᵀ threads \(threads) packed C \(packedC) outliers \(outliers): worst error / bound = \(worst)")
            }
        }
    }

    @Test("int8: one entry of 100 in a row of small ones leaves their precision intact (outliers run in float32)")
    func outlierKeepsTheRestPrecise() throws {
        var rng = SplitMix(state: 13)
        let (m, n, k) = (20, 24, 384)
        var a = randomFloats(m * k, &rng, scale: 0.05)
        for i in 0..<m { a[i * k + 7 + i] = i % 2 == 0 ? 100 : -100 }
        let w = try Tensor(shape: [n, k], data: randomFloats(n * k, &rng, scale: 0.1))
        let (int8, fp32) = (try GEMMWeights(w, precision: .int8), try GEMMWeights(w, precision: .fp32))
        var fast = [Float](repeating: 0, count: m * n), slow = fast
        BLAS.gemm(m: m, a: a, lda: k, b: int8, c: &fast, ldc: n)
        BLAS.naive.gemm(m: m, a: a, lda: k, b: fp32, c: &slow, ldc: n)
        for i in 0..<m {
            for j in 0..<n {
                // Quantised over the row's range with the 100 in it, every small entry would round to the zero point.
                let small = (0..<k).filter { $0 != 7 + i }.map { abs(a[i * k + $0] * w.data[j * k + $0]) }.reduce(0, +)
                #expect(abs(fast[i * n + j] - slow[i * n + j]) <= 0.01 * small, "[\(i), \(j)]: \(fast[i * n + j]) vs \(slow[i * n + j])")
            }
        }
    }

    @Test("reduced precisions are not secretly float32: their error exceeds float32's bound somewhere")
    func reducedPrecisionRounds() throws {
        for precision in [Precision.bf16, .int8] {
            let (err, bound) = try run(.fp32, m: 37, n: 19, k: 64, seed: 5)
            let (errR, _) = try run(precision, m: 37, n: 19, k: 64, seed: 5)
            #expect(zip(errR, bound).contains { $0 > $1 }, "\(precision) is as exact as fp32")
            #expect(err.max()! < errR.max()!)
        }
    }

    @Test("oneDNN runs its AVX-512 kernels where the CPU has them, not the reference implementation")
    func implementation() {
        for precision in Precision.allCases where precision.isAvailable {
            let impl = BLAS.implementation(precision, n: 1536, k: 384)
            #expect(!impl.hasPrefix("ref"), "\(precision): \(impl)")
        }
    }

    @Test("precision names parse; others are refused with the known names")
    func parsing() throws {
        #expect(try Precision(parsing: "BF16") == .bf16)
        #expect(throws: TensorError.invalidArgument(op: "precision", reason: "'fp16' is not one of auto, fp32, bf16, int8")) {
            try Precision(parsing: "fp16")
        }
    }

    @Test("int8: a row's result is the same alone as in a tile whose other rows have outliers elsewhere")
    func outliersStayInTheirRow() throws {
        var rng = SplitMix(state: 17)
        let (m, n, k) = (40, 16, 96)
        var a = randomFloats(m * k, &rng, scale: 2)
        for i in 0..<m where i % 4 != 0 { a[i * k + (i * 7) % k] = 30 }  // outlier columns differ from row to row
        let b = try GEMMWeights(try Tensor(shape: [n, k], data: randomFloats(n * k, &rng, scale: 0.1)), precision: .int8)
        var tile = [Float](repeating: 0, count: m * n)
        BLAS.gemm(m: m, a: a, lda: k, b: b, c: &tile, ldc: n)
        for i in 0..<m {
            var alone = [Float](repeating: 0, count: n)
            a.withUnsafeBufferPointer { BLAS.gemm(m: 1, a: $0.baseAddress! + i * k, lda: k, b: b, c: &alone, ldc: n) }
            #expect(alone == Array(tile[(i * n)..<((i + 1) * n)]), "row \(i)")
        }
    }

    @Test("the C operand conversions equal their Swift twins bit for bit, both paths, with and without outliers",
          arguments: KernelPath.allCases, [1, 15, 16, 37, 384])
    func conversionsMatchTwins(path: KernelPath, k: Int) {
        var rng = SplitMix(state: UInt64(k) &+ 5)
        let (rows, lda) = (4, k + 3)
        var a = randomFloats(rows * lda, &rng, scale: 3)
        for r in 1..<rows { a[r * lda] += Float(r) * 7 }  // rows with other ranges
        a[2 * lda + k / 2] = .nan
        for p in 0..<k { a[3 * lda + p] = abs(a[3 * lda + p]) }  // all ≥ 0: zero point 0
        if k > 1 { a[lda + 1] = 1.0039062 }  // a bfloat16 tie (1 + 2⁻⁸ rounds to even)
        var bits = [UInt16](repeating: 0, count: rows * k)
        path.run { ctk_bf16_rows(a, lda, rows, k, &bits) }
        for r in 0..<rows {
            for p in 0..<k { #expect(bits[r * k + p] == BFloat16.bits(a[r * lda + p]), "bf16[\(r), \(p)]") }
        }
        a[2 * lda + k / 2] = 0.5  // quantisation of NaN is not defined
        a[lda + k / 3] = -9  // outliers at 6: one in row 1, one in row 3 (all ≥ 0), one at the last column
        a[3 * lda + k - 1] = 50
        for threshold in [BLAS.outlierThreshold, .infinity] {
            var q = [UInt8](repeating: 0, count: rows * k), scale = [Float](repeating: 0, count: rows), zero = [Int32](repeating: 0, count: rows)
            path.run { ctk_quantize_u8_rows(a, lda, rows, k, threshold, &q, &scale, &zero) }
            var columns = [Int32](repeating: -1, count: k)
            let count = path.runReturning { ctk_outlier_columns(a, lda, rows, k, threshold, &columns) }
            let wantColumns = BLAS.outlierColumns(a, lda: lda, rows: rows, k: k, threshold: threshold)
            #expect(Array(columns.prefix(count)) == wantColumns, "outlier columns at \(threshold)")
            #expect(threshold.isFinite ? Set([k / 3, k - 1].map(Int32.init)).isSubset(of: wantColumns) : wantColumns.isEmpty)
            var acc = [Int32](repeating: 0, count: rows * 7)
            for r in 0..<rows {
                var want = [UInt8](repeating: 0, count: k)
                let (s, z) = a.withUnsafeBufferPointer { BLAS.quantizeRow($0.baseAddress! + r * lda, count: k, threshold: threshold, into: &want) }
                #expect(scale[r] == s && zero[r] == z, "row \(r) at \(threshold): scale and zero point")
                #expect(Array(q[(r * k)..<((r + 1) * k)]) == want, "row \(r) at \(threshold): codes")
                for j in 0..<7 { acc[r * 7 + j] = Int32(truncatingIfNeeded: Int(q[r * k + j % k]) * 1_234_567 - j * 98_765) }
            }
            #expect(!threshold.isFinite || q[3 * k + k - 1] == UInt8(zero[3]), "an outlier quantises to the zero point")
            let ws = randomFloats(7, &rng, scale: 0.01), cs = (0..<7).map { Int32($0 * 1000 - 3000) }
            let nout = threshold.isFinite ? 3 : 0
            var xo = randomFloats(rows * nout, &rng, scale: 40)
            for e in stride(from: 0, to: xo.count, by: 3) { xo[e] = 0 }  // entries below the threshold: skipped
            let wo = randomFloats(nout * 7, &rng, scale: 0.3)
            var c = [Float](repeating: .nan, count: rows * 9)
            path.run { ctk_dequantize_rows(acc, rows, 7, scale, zero, ws, cs, xo, wo, nout, &c, 9) }
            for r in 0..<rows {
                for j in 0..<7 {
                    let want = BLAS.dequantize(acc[r * 7 + j], rowScale: scale[r], zero: zero[r], weightScale: ws[j], columnSum: cs[j],
                                               outliers: Array(xo[(r * nout)..<((r + 1) * nout)]), (0..<nout).map { wo[$0 * 7 + j] })
                    #expect(c[r * 9 + j] == want, "dequantised [\(r), \(j)] with \(nout) outliers")
                }
                #expect(c[(r * 9 + 7)..<(r * 9 + 9)].allSatisfy { $0.isNaN }, "row \(r): past n untouched")
            }
        }
    }

    @Test("bias + GELU + bfloat16 in one pass: within a bfloat16 rounding of the exact GELU, the same bits on both paths",
          arguments: [1, 15, 16, 37, 1536])
    func biasGELUBFloat16(cols: Int) {
        var rng = SplitMix(state: UInt64(cols) &+ 11)
        let rows = 3
        var h = randomFloats(rows * cols, &rng, scale: 6)
        h[0] = .nan
        if cols > 8 { h[1] = 7; h[2] = -7; h[3] = 5; h[4] = -5; h[5] = 0; h[6] = -0.0; h[7] = 1e30; h[8] = -1e30 }
        let bias = randomFloats(cols, &rng, scale: 2)
        var exactSteps = h  // the float32 path's exact-erf GELU, for comparison
        exactSteps.withUnsafeMutableBufferPointer { p in
            Kernels.addBias(p.baseAddress!, rows: rows, cols: cols, bias: bias)
            Kernels.geluErf(p.baseAddress!, count: rows * cols)
        }
        var got: [KernelPath: [UInt16]] = [:]
        for path in KernelPath.allCases {
            var out = [UInt16](repeating: 0xFFFF, count: rows * cols)
            path.run {
                h.withUnsafeBufferPointer { ph in
                    out.withUnsafeMutableBufferPointer { Kernels.biasGELUBFloat16(ph.baseAddress!, rows: rows, cols: cols, bias: bias, into: $0.baseAddress!) }
                }
            }
            got[path] = out
        }
        #expect(got[.avx512] == got[.portable], "the AVX-512 and portable paths give the same bits")
        // Interval and range edges, with no bias: 5 is where Φ becomes 1/2 ± 1/2, 5/16 steps are the
        // intervals' ends.
        let edges: [Float] = [5, -5, Float(5).nextDown, -Float(5).nextDown, Float(5).nextUp, 0.3125, Float(0.3125).nextDown, 4.6875, -4.6875, 0, -0.0,
                              .infinity, -.infinity, 1e-30, -1e-30, 15.999, -15.999]
        var atEdges: [[UInt16]] = []
        for path in KernelPath.allCases {
            var out = [UInt16](repeating: 0xFFFF, count: edges.count)
            let zeros = [Float](repeating: 0, count: edges.count)
            path.run { Kernels.biasGELUBFloat16(edges, rows: 1, cols: edges.count, bias: zeros, into: &out) }
            atEdges.append(out)
        }
        #expect(atEdges[0] == atEdges[1], "edges: the same bits on both paths")
        var same = 0, considered = 0
        for i in 0..<(rows * cols) {
            let out = got[.avx512]![i], v = h[i] + bias[i % cols]
            if v.isNaN { #expect(BFloat16.value(out).isNaN, "[\(i)]: NaN in, NaN out"); continue }
            let x = Double(v), exact = 0.5 * x * (1 + Foundation.erf(x / 2.0.squareRoot()))
            let y = Double(BFloat16.value(out))
            // One bfloat16 rounding (half an ulp of 8 bits) of a value within 2e-6 |x| of exact.
            let ulp = exact == 0 ? 0 : pow(2, Double(abs(exact).exponent - 7))
            #expect(abs(y - exact) <= ulp / 2 + 2e-6 * abs(x) + 1e-37, "[\(i)] gelu(\(v)) = \(y), exact \(exact)")
            if v >= -1 {
                considered += 1
                if out == BFloat16.bits(exactSteps[i]) { same += 1 }
            }
        }
        // Where Φ(x) is not small (x ≥ −1, Φ ≥ 0.16) the rounding hides the approximation almost
        // always: the exact-erf GELU rounds to the same bits. (Further left GELU is tiny and the
        // error, though still within the bound above, is a larger part of it.)
        #expect(Double(same) >= 0.97 * Double(considered), "\(same) of \(considered) as the exact-erf GELU")
    }

    @Test("gemm on rows already in bfloat16 equals gemm on the float32 rows, bit for bit", arguments: [1, 2], [(5, 24, 37), (64, 48, 96), (300, 40, 64)])
    func bf16RowsMatchFloatRows(threads: Int, shape: (Int, Int, Int)) throws {
        let (m, n, k) = shape
        var rng = SplitMix(state: UInt64(m * 7 + n))
        for lda in [k, k + 5] {  // packed rows are read in place; strided ones are copied
            let a = randomFloats(m * lda, &rng, scale: 2)
            let w = try GEMMWeights(try Tensor(shape: [n, k], data: randomFloats(n * k, &rng, scale: 0.1)), precision: .bf16)
            let bits = a.map(BFloat16.bits)
            var want = [Float](repeating: .nan, count: m * n), got = want
            let old = Parallel.threads
            Parallel.setThreads(threads)
            defer { Parallel.setThreads(old) }
            BLAS.gemm(m: m, a: a, lda: lda, b: w, c: &want, ldc: n)
            BLAS.gemm(m: m, bf16: bits, lda: lda, b: w, c: &got, ldc: n)
            #expect(got == want, "m \(m) n \(n) k \(k) lda \(lda), \(threads) threads")
        }
    }
}
