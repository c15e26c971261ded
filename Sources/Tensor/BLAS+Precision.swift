import CTensorKernels

extension BLAS {
    /// `C = A · Wᵀ` at the weight's precision: `A` `[m, k]` float32 (row stride `lda`), `W` a
    /// linear layer's weight `[n, k]` converted once (`GEMMWeights`), `C` `[m, n]` float32 (row
    /// stride `ldc`), overwritten. The one entry point of the linear layers' forward products.
    ///
    /// `fp32` multiplies the float32 rows as they are (oneDNN's `brg:avx512_core` on AVX-512:
    /// 1.3–2.4× OpenBLAS's `sgemm` on MiniLM's shapes at one thread, since the weight is packed once
    /// at load, not on every call; `bench/encoder/sgemm_vs_onednn.c`). `bf16` rounds the rows of `A` to
    /// bfloat16 and multiplies with float32 accumulation; `int8` quantises each row of `A` to uint8 with its own scale and zero point,
    /// multiplies in int32 and dequantises (`scale_i · s_j · (acc_ij − zp_i · Σ_k q_jk)`), except
    /// the entries above `outlierThreshold`, which are multiplied in float32 (LLM.int8()'s
    /// decomposition) and added. All three run
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
        let (a0, c0) = (UncheckedSendable(a), UncheckedSendable(c))
        forEachTile(m: m, n: n, k: k) { lo, hi in
            gemmTile(rows: hi - lo, a: a0.value + lo * lda, lda: lda, b: b, c: c0.value + lo * ldc, ldc: ldc)
        }
    }

    /// `C = A · Wᵀ` for a bfloat16 weight with `A` already rounded to bfloat16 (`[m, k]` bits,
    /// row stride `lda`): `gemm` without its rounding pass, for a caller that wrote its activations
    /// in bfloat16 in the pass that made them (`ctk_bias_gelu_bf16` in the inference feed-forward).
    /// The same tiles, threads and oneDNN matmul as `gemm`; the same result as `gemm` on the
    /// float32 rows whose rounding `a` holds.
    ///
    /// A weight of another precision, or a stride smaller than a row, is our own bug: it traps.
    public static func gemm(
        m: Int, bf16 a: UnsafePointer<UInt16>, lda: Int, b: GEMMWeights, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let (n, k) = (b.n, b.k)
        precondition(b.precision == .bf16, "gemm: bfloat16 rows need a bf16 weight, not \(b.precision)")
        precondition(m >= 0 && lda >= max(1, k) && ldc >= max(1, n), "gemm: m=\(m) lda=\(lda) ldc=\(ldc) for [\(n), \(k)]")
        if m == 0 || n == 0 { return }
        let (a0, c0) = (UncheckedSendable(a), UncheckedSendable(c))
        forEachTile(m: m, n: n, k: k) { lo, hi in
            let rows = hi - lo, (mm, padded, packed) = matmul(b, rows: rows)
            let src = a0.value + lo * lda
            if rows == padded && lda == k {  // packed rows: oneDNN reads them in place
                multiplyBF16(rows: rows, src: src, padded: padded, mm: mm, packed: packed, n: n, k: k, c: c0.value + lo * ldc, ldc: ldc)
                return
            }
            let copy = UnsafeMutablePointer<UInt16>.allocate(capacity: padded * k)
            defer { copy.deallocate() }
            for i in 0..<rows { (copy + i * k).update(from: src + i * lda, count: k) }
            (copy + rows * k).update(repeating: 0, count: (padded - rows) * k)
            multiplyBF16(rows: rows, src: copy, padded: padded, mm: mm, packed: packed, n: n, k: k, c: c0.value + lo * ldc, ldc: ldc)
        }
    }

    /// Runs `body(lo, hi)` for `gemm`'s row tiles of an `[m, k] · [k, n]` product: at most 256 rows
    /// each; outside a parallel region cut into up to `Parallel.maxChunks` tiles (products of 2^20
    /// multiply-adds and more), consecutive runs of tiles per thread; on a worker in order here.
    /// The tiles depend on the shape and the region only, never on the thread count, so the
    /// result's bits do not either (`Parallel.forEachChunk`).
    static func forEachTile(m: Int, n: Int, k: Int, _ body: (_ lo: Int, _ hi: Int) -> Void) {
        let blocks = Parallel.isWorker || m * n * k < (1 << 20) ? 1 : Parallel.maxChunks
        let perTile = min(OneDNN.maxRows, max(OneDNN.rowStep, ((m + blocks - 1) / blocks + 15) / 16 * 16))
        let tiles = (m + perTile - 1) / perTile
        Parallel.forEachBlock(count: tiles) { t in body(t * perTile, min(m, (t + 1) * perTile)) }
    }

    /// The matmul for a tile of `rows` rows of `b`'s precision, the row count it was created for
    /// (`rows` rounded up to 32; the tallest tile where oneDNN has no kernel for the packed layout
    /// at that height) and the packed weight it reads.
    static func matmul(_ b: GEMMWeights, rows: Int) -> (OneDNN.Matmul, Int, OneDNN.PackedWeights) {
        let packed = b.packed
        let padded = (rows + OneDNN.rowStep - 1) / OneDNN.rowStep * OneDNN.rowStep
        if let mm = OneDNN.matmul(b.precision, rows: padded, n: b.n, k: b.k, weights: packed) { return (mm, padded, packed) }
        guard let mm = OneDNN.matmul(b.precision, rows: OneDNN.maxRows, n: b.n, k: b.k, weights: packed) else {
            preconditionFailure("gemmTile: no \(b.precision) matmul for the packed [\(b.k), \(b.n)]")
        }
        return (mm, OneDNN.maxRows, packed)
    }

    /// The bf16 product of `padded` rows of bfloat16 bits `src` (`rows` real ones, zeros after):
    /// a full tile of packed rows lands in `c` directly, otherwise in a tile buffer, then copied.
    static func multiplyBF16(
        rows: Int, src: UnsafePointer<UInt16>, padded: Int, mm: OneDNN.Matmul, packed: OneDNN.PackedWeights, n: Int, k: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        if rows == padded && ldc == n {
            OneDNN.run(mm, rows: padded, n: n, k: k, a: src, b: packed, c: UnsafeMutableRawPointer(c), precision: .bf16)
            return
        }
        let out = UnsafeMutablePointer<Float>.allocate(capacity: padded * n)
        defer { out.deallocate() }
        OneDNN.run(mm, rows: padded, n: n, k: k, a: src, b: packed, c: UnsafeMutableRawPointer(out), precision: .bf16)
        for i in 0..<rows { (c + i * ldc).update(from: out + i * n, count: n) }
    }

    /// One tile of `gemm` (`rows ≤ 256`), on the calling thread.
    static func gemmTile(rows: Int, a: UnsafePointer<Float>, lda: Int, b: GEMMWeights, c: UnsafeMutablePointer<Float>, ldc: Int) {
        let (n, k) = (b.n, b.k)
        let (mm, padded, packed) = matmul(b, rows: rows)
        switch b.precision {
        case .fp32:
            if rows == padded && lda == k && ldc == n {  // a full tile of packed rows: read and written in place
                OneDNN.run(mm, rows: padded, n: n, k: k, a: a, b: packed, c: UnsafeMutableRawPointer(c), precision: .fp32)
                return
            }
            let src = UnsafeMutablePointer<Float>.allocate(capacity: padded * k), out = UnsafeMutablePointer<Float>.allocate(capacity: padded * n)
            defer { src.deallocate(); out.deallocate() }
            for i in 0..<rows { (src + i * k).update(from: a + i * lda, count: k) }
            (src + rows * k).update(repeating: 0, count: (padded - rows) * k)
            OneDNN.run(mm, rows: padded, n: n, k: k, a: src, b: packed, c: UnsafeMutableRawPointer(out), precision: .fp32)
            for i in 0..<rows { (c + i * ldc).update(from: out + i * n, count: n) }
        case .bf16:
            let src = UnsafeMutablePointer<UInt16>.allocate(capacity: padded * k)
            defer { src.deallocate() }
            ctk_bf16_rows(a, lda, rows, k, src)  // BFloat16.bits of each value, in AVX-512 where the CPU has it
            (src + rows * k).update(repeating: 0, count: (padded - rows) * k)
            multiplyBF16(rows: rows, src: src, padded: padded, mm: mm, packed: packed, n: n, k: k, c: c, ldc: ldc)
        case .int8:
            let src = UnsafeMutablePointer<UInt8>.allocate(capacity: padded * k)
            defer { src.deallocate() }
            let scale = UnsafeMutablePointer<Float>.allocate(capacity: rows), zero = UnsafeMutablePointer<Int32>.allocate(capacity: rows)
            defer { scale.deallocate(); zero.deallocate() }
            // quantizeRow of each row (its twin): outliers quantise to the zero point, i.e. to exactly 0.
            ctk_quantize_u8_rows(a, lda, rows, k, outlierThreshold, src, scale, zero)
            let out = UnsafeMutableRawPointer.allocate(byteCount: padded * n * 4, alignment: 64)  // int32 accumulators
            defer { out.deallocate() }
            (src + rows * k).update(repeating: 0, count: (padded - rows) * k)
            OneDNN.run(mm, rows: padded, n: n, k: k, a: src, b: packed, c: out, precision: .int8)
            let outliers = Outliers(rows: rows, a: a, lda: lda, b: b)
            defer { outliers.deallocate() }
            // c_ij = scale_i · s_j · (acc_ij − zp_i · Σ_k q_jk) + Σ_u xo_iu · wo_uj, as `dequantize` (its twin)
            b.scales.withUnsafeBufferPointer { ps in
                b.columnSums.withUnsafeBufferPointer { pz in
                    ctk_dequantize_rows(out.assumingMemoryBound(to: Int32.self), rows, n, scale, zero, ps.baseAddress!, pz.baseAddress!,
                                        outliers.x, outliers.w, outliers.count, c, ldc)
                }
            }
        }
    }

    /// Activations above this magnitude are outliers of the int8 product: taken out of its
    /// quantisation (a row's scale then follows the rest of the row) and multiplied in float32
    /// (LLM.int8()'s decomposition: Dettmers, Lewis, Belkada and Zettlemoyer, "LLM.int8(): 8-bit
    /// Matrix Multiplication for Transformers at Scale", NeurIPS 2022, arXiv:2208.07339, §3.2).
    /// LLM.int8() uses 6.0 for large language models; all-MiniLM-L6-v2's LayerNorm outputs are
    /// smaller, and on held-out generated CVs the error to fp32 fell as the threshold did (mean
    /// 1 − cos 2.89e-4 at 6, 2.78e-4 at 5, 2.46e-4 at 4, 2.24e-4 at 3) at no measurable cost in
    /// time up to 4 (docs/int8.md). Chosen on generated texts only.
    public static let outlierThreshold: Float = 4

    /// A tile's outliers gathered for `ctk_dequantize_rows`: the columns where some row exceeds
    /// `outlierThreshold` (`ctk_outlier_columns`), `x` `[rows, count]` the tile's entries there that
    /// exceed it (0 elsewhere, so each row's result does not depend on the other rows of its tile)
    /// and `w` `[count, n]` the float32 weight's columns there.
    struct Outliers {
        let count: Int
        let x: UnsafeMutablePointer<Float>
        let w: UnsafeMutablePointer<Float>

        init(rows: Int, a: UnsafePointer<Float>, lda: Int, b: GEMMWeights) {
            let (n, k) = (b.n, b.k)
            let columns = UnsafeMutablePointer<Int32>.allocate(capacity: k)
            defer { columns.deallocate() }
            let count = ctk_outlier_columns(a, lda, rows, k, outlierThreshold, columns)
            self.count = count
            x = .allocate(capacity: rows * count)
            w = .allocate(capacity: count * n)
            for u in 0..<count {
                let p = Int(columns[u])
                for i in 0..<rows {
                    let v = a[i * lda + p]
                    x[i * count + u] = abs(v) > outlierThreshold ? v : 0
                }
                b.original.withUnsafeBufferPointer { pw in
                    for j in 0..<n { w[u * n + j] = pw[j * k + p] }
                }
            }
        }

        func deallocate() {
            x.deallocate()
            w.deallocate()
        }
    }

    /// Asymmetric uint8 quantisation of one row: `q = clamp(round(x / scale) + zp, 0, 255)` over
    /// the row's range widened to include 0 (so 0 is exact), entries with `|x| > threshold` taken
    /// as 0 (they quantise to `zp`). Returns `(scale, zp)`. The twin of `ctk_quantize_u8_rows`,
    /// which `gemm` runs (tests check they agree bit for bit).
    static func quantizeRow(_ x: UnsafePointer<Float>, count: Int, threshold: Float, into q: UnsafeMutablePointer<UInt8>) -> (Float, Int32) {
        func value(_ p: Int) -> Float { abs(x[p]) > threshold ? 0 : x[p] }
        var lo: Float = 0, hi: Float = 0
        for p in 0..<count {
            lo = min(lo, value(p))
            hi = max(hi, value(p))
        }
        let scale: Float = hi > lo ? (hi - lo) / 255 : 1
        let zp = max(0, min(255, (-lo / scale).rounded(.toNearestOrEven)))
        let inv = 1 / scale
        for p in 0..<count {
            q[p] = UInt8(max(0, min(255, (value(p) * inv).rounded(.toNearestOrEven) + zp)))
        }
        return (scale, Int32(zp))
    }

    /// The columns (ascending) where some row of `a` `[rows, k]` has `|x| > threshold`. The twin
    /// of `ctk_outlier_columns`.
    static func outlierColumns(_ a: UnsafePointer<Float>, lda: Int, rows: Int, k: Int, threshold: Float) -> [Int32] {
        (0..<k).filter { p in (0..<rows).contains { abs(a[$0 * lda + p]) > threshold } }.map { Int32($0) }
    }

    /// One dequantised product, `scale_i · s_j · (acc_ij − zp_i · Σ_k q_jk)` in float32, then each
    /// outlier product `x[u] · w[u]` with `x[u] ≠ 0` added in order with one rounding (fused
    /// multiply-add). The twin of `ctk_dequantize_rows`.
    static func dequantize(
        _ acc: Int32, rowScale: Float, zero: Int32, weightScale: Float, columnSum: Int32, outliers x: [Float] = [], _ w: [Float] = []
    ) -> Float {
        zip(x, w).reduce(rowScale * weightScale * Float(acc &- zero &* columnSum)) { $1.0 == 0 ? $0 : $0.addingProduct($1.0, $1.1) }
    }

    /// The implementation oneDNN runs for a precision and shape (e.g. `brg:avx512_core_bf16`).
    public static func implementation(_ precision: Precision, n: Int, k: Int) -> String {
        OneDNN.matmul(precision, rows: OneDNN.maxRows, n: n, k: k)!.implementation
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
