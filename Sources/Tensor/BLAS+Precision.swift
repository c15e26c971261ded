import CTensorKernels

extension BLAS {
    /// `C = A · Wᵀ` at the weight's precision: `A` `[m, k]` float32 (row stride `lda`), `W` a
    /// linear layer's weight `[n, k]` converted once (`GEMMWeights`), `C` `[m, n]` float32 (row
    /// stride `ldc`), overwritten. The one entry point of the linear layers' forward products.
    ///
    /// `fp32` is `sgemm`. `bf16` rounds the rows of `A` to bfloat16 and multiplies with float32
    /// accumulation; `int8` quantises each row of `A` to uint8 with its own scale and zero point,
    /// multiplies in int32 and dequantises (`scale_i · s_j · (acc_ij − zp_i · Σ_k q_jk)`). Both run
    /// oneDNN's matmul in tiles of at most 256 rows, split over `Parallel.threads` like `sgemm`
    /// (single-threaded on a worker).
    ///
    /// A stride smaller than a row is our own bug: it traps.
    public static func gemm(
        m: Int, a: UnsafePointer<Float>, lda: Int, b: GEMMWeights, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let (n, k) = (b.n, b.k)
        precondition(m >= 0 && lda >= max(1, k) && ldc >= max(1, n), "gemm: m=\(m) lda=\(lda) ldc=\(ldc) for [\(n), \(k)]")
        if m == 0 || n == 0 { return }
        if b.precision == .fp32 {
            b.original.withUnsafeBufferPointer { pw in
                sgemm(transB: true, m: m, n: n, k: k, a: a, lda: lda, b: pw.baseAddress!, ldb: k, c: c, ldc: ldc)
            }
            return
        }
        let workers = Parallel.isWorker || m * n * k < (1 << 20) ? 1 : Parallel.threads
        // Tiles of at most 256 rows, at least as many as threads when the product is split.
        let perTile = min(OneDNN.maxRows, max(OneDNN.rowStep, ((m + workers - 1) / workers + 15) / 16 * 16))
        let tiles = (m + perTile - 1) / perTile
        let (a0, c0) = (UncheckedSendable(a), UncheckedSendable(c))
        Parallel.forEachInterleaved(workers == 1 ? 1 : tiles) { _, first in
            var t = first
            // With one worker forEachInterleaved runs item 0 only: walk every tile here.
            while t < tiles {
                let lo = t * perTile, hi = min(m, lo + perTile)
                gemmTile(rows: hi - lo, a: a0.value + lo * lda, lda: lda, b: b, c: c0.value + lo * ldc, ldc: ldc)
                t += workers == 1 ? 1 : tiles
            }
        }
    }

    /// One tile of `gemm` (`rows ≤ 256`), on the calling thread.
    static func gemmTile(rows: Int, a: UnsafePointer<Float>, lda: Int, b: GEMMWeights, c: UnsafeMutablePointer<Float>, ldc: Int) {
        let (n, k) = (b.n, b.k)
        let padded = (rows + OneDNN.rowStep - 1) / OneDNN.rowStep * OneDNN.rowStep
        let mm = OneDNN.matmul(b.precision, rows: padded, n: n, k: k)
        // The product lands in `out` [padded, n] (f32 or s32: 4 bytes either way).
        let out = UnsafeMutableRawPointer.allocate(byteCount: padded * n * 4, alignment: 64)
        defer { out.deallocate() }
        switch b.precision {
        case .fp32:
            preconditionFailure("gemmTile: fp32 runs sgemm")
        case .bf16:
            let src = UnsafeMutablePointer<UInt16>.allocate(capacity: padded * k)
            defer { src.deallocate() }
            ctk_bf16_rows(a, lda, rows, k, src)  // BFloat16.bits of each value, in AVX-512 where the CPU has it
            (src + rows * k).update(repeating: 0, count: (padded - rows) * k)
            // A full tile of packed rows lands in C directly; otherwise in `out`, then copied.
            let direct = rows == padded && ldc == n
            b.bf16.withUnsafeBufferPointer { pw in
                OneDNN.run(mm, rows: padded, n: n, k: k, a: src, b: pw.baseAddress!, c: direct ? UnsafeMutableRawPointer(c) : out,
                           precision: .bf16)
            }
            if !direct {
                let f = out.assumingMemoryBound(to: Float.self)
                for i in 0..<rows { (c + i * ldc).update(from: f + i * n, count: n) }
            }
        case .int8:
            let src = UnsafeMutablePointer<UInt8>.allocate(capacity: padded * k)
            defer { src.deallocate() }
            let scale = UnsafeMutablePointer<Float>.allocate(capacity: rows), zero = UnsafeMutablePointer<Int32>.allocate(capacity: rows)
            defer { scale.deallocate(); zero.deallocate() }
            ctk_quantize_u8_rows(a, lda, rows, k, src, scale, zero)  // quantizeRow of each row (its twin)
            (src + rows * k).update(repeating: 0, count: (padded - rows) * k)
            b.int8.withUnsafeBufferPointer { pw in
                OneDNN.run(mm, rows: padded, n: n, k: k, a: src, b: pw.baseAddress!, c: out, precision: .int8)
            }
            // c_ij = scale_i · s_j · (acc_ij − zp_i · Σ_k q_jk), as `dequantize` (its twin)
            b.scales.withUnsafeBufferPointer { ps in
                b.columnSums.withUnsafeBufferPointer { pz in
                    ctk_dequantize_rows(out.assumingMemoryBound(to: Int32.self), rows, n, scale, zero, ps.baseAddress!, pz.baseAddress!, c, ldc)
                }
            }
        }
    }

    /// Asymmetric uint8 quantisation of one row: `q = clamp(round(x / scale) + zp, 0, 255)` over
    /// the row's range widened to include 0 (so 0 is exact). Returns `(scale, zp)`. The twin of
    /// `ctk_quantize_u8_rows`, which `gemm` runs (tests check they agree bit for bit).
    static func quantizeRow(_ x: UnsafePointer<Float>, count: Int, into q: UnsafeMutablePointer<UInt8>) -> (Float, Int32) {
        var lo: Float = 0, hi: Float = 0
        for p in 0..<count {
            lo = min(lo, x[p])
            hi = max(hi, x[p])
        }
        let scale: Float = hi > lo ? (hi - lo) / 255 : 1
        let zp = max(0, min(255, (-lo / scale).rounded(.toNearestOrEven)))
        let inv = 1 / scale
        for p in 0..<count {
            q[p] = UInt8(max(0, min(255, (x[p] * inv).rounded(.toNearestOrEven) + zp)))
        }
        return (scale, Int32(zp))
    }

    /// One dequantised product: `scale_i · s_j · (acc_ij − zp_i · Σ_k q_jk)` in float32. The twin of
    /// `ctk_dequantize_rows`.
    static func dequantize(_ acc: Int32, rowScale: Float, zero: Int32, weightScale: Float, columnSum: Int32) -> Float {
        rowScale * weightScale * Float(acc &- zero &* columnSum)
    }

    /// The implementation oneDNN runs for a precision and shape (e.g. `brg:avx512_core_bf16`);
    /// `"openblas"` for `fp32`.
    public static func implementation(_ precision: Precision, n: Int, k: Int) -> String {
        precision == .fp32 ? "openblas" : OneDNN.matmul(precision, rows: OneDNN.maxRows, n: n, k: k).implementation
    }
}

extension BLAS.naive {
    /// The exact product `C = A · Wᵀ` of `BLAS.gemm`, from the float32 weight, accumulated in
    /// Double: what every precision is compared with.
    public static func gemm(
        m: Int, a: UnsafePointer<Float>, lda: Int, b: GEMMWeights, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        b.original.withUnsafeBufferPointer { pw in
            sgemm(transB: true, m: m, n: b.n, k: b.k, a: a, lda: lda, b: pw.baseAddress!, ldb: b.k, c: c, ldc: ldc)
        }
    }
}
