/// Matrix products with BLAS's contract (`sgemm`: training, search; `gemm`: inference, in
/// BLAS+Precision.swift), all through oneDNN, with the shape checks BLAS does not do.
///
/// Every routine has a naive Swift twin (`BLAS.naive`) that the tests compare it with.
public enum BLAS {
    /// Threads one product is split over (`Parallel.threads`; oneDNN itself runs single-threaded).
    public static var threads: Int { Parallel.threads }

    /// Sets the number of threads products and elementwise work use (at least 1).
    public static func setThreads(_ n: Int) { Parallel.setThreads(n) }

    /// `C = alpha · op(A) · op(B) + beta · C`, row-major, on raw memory: the one GEMM entry point
    /// of forward and backward passes.
    ///
    /// A large product is split into row (or column) blocks over `Parallel.threads`; on a
    /// worker thread (inside `Parallel.run`) it runs on that thread only.
    ///
    /// `op(A)` is `[m, k]`, `op(B)` is `[k, n]`, `C` is `[m, n]`; the leading dimensions are the
    /// row strides of the matrices as stored. A stride smaller than a row is our own bug: it traps.
    ///
    /// - Parameters:
    ///   - transA: `A` is stored `[k, m]` and used transposed.
    ///   - transB: `B` is stored `[n, k]` and used transposed (a PyTorch `Linear` weight).
    @inlinable
    public static func sgemm(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "sgemm: negative size m=\(m) n=\(n) k=\(k)")
        precondition(lda >= max(1, transA ? m : k), "sgemm: lda \(lda) < row of A")
        precondition(ldb >= max(1, transB ? k : n), "sgemm: ldb \(ldb) < row of B")
        precondition(ldc >= max(1, n), "sgemm: ldc \(ldc) < n \(n)")
        if m == 0 || n == 0 { return }
        if k == 0 {  // C = beta · C; oneDNN's sgemm leaves C as it was for k = 0 whatever beta
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
            return
        }
        // On a worker (every parallel region, one thread or many) a product is one single-threaded
        // oneDNN call. Outside, one worth it (≥ 2 MFLOP) is cut into row (or column) blocks that
        // depend on the shape only, never on the thread count, so C has the same bits however
        // many threads run them (`Parallel.forEachChunk`).
        // Blocks of at least 256 rows (or columns), a power of two of them: each block repacks the
        // other operand, which for a weight gradient (k = all the batch's tokens) is not free.
        let blocks = Parallel.isWorker || m * n * k < (1 << 20) ? 1 : Parallel.powerOfTwo(atMost: min(Parallel.maxChunks, max(m, n) / 256))
        // A small C over a long k (a weight gradient [384, 384] summed over a batch's 6,144
        // tokens) has too few rows and columns to share: it is cut along k instead.
        let kBlocks = blocks > 1 || Parallel.isWorker || m * n * k < (1 << 20) ? 1 : Parallel.powerOfTwo(atMost: min(Parallel.maxChunks, k / 1024))
        if kBlocks > 1 {
            splitK(blocks: kBlocks, transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                   beta: beta, c: c, ldc: ldc)
            return
        }
        if blocks <= 1 {
            serialSgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                        beta: beta, c: c, ldc: ldc)
            return
        }
        split(blocks: blocks, transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
              beta: beta, c: c, ldc: ldc)
    }

    /// `sgemm` cut into `blocks` blocks of rows of C (when `m ≥ n`) or of columns, multiples of
    /// 16 rows or columns, run on `Parallel.forEachBlock`'s threads.
    @usableFromInline
    static func split(
        blocks: Int, transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let (a0, b0, c0) = (UncheckedSendable(a), UncheckedSendable(b), UncheckedSendable(c))
        let byRows = m >= n
        let size = byRows ? m : n
        let per = ((size + blocks - 1) / blocks + 15) / 16 * 16
        Parallel.forEachBlock(count: (size + per - 1) / per) { t in
            let lo = t * per, hi = min(size, lo + per)
            if byRows {  // rows of C (and of op(A))
                serialSgemm(transA: transA, transB: transB, m: hi - lo, n: n, k: k, alpha: alpha,
                            a: a0.value + (transA ? lo : lo * lda), lda: lda, b: b0.value, ldb: ldb,
                            beta: beta, c: c0.value + lo * ldc, ldc: ldc)
            } else {  // columns of C (and of op(B))
                serialSgemm(transA: transA, transB: transB, m: m, n: hi - lo, k: k, alpha: alpha,
                            a: a0.value, lda: lda, b: b0.value + (transB ? lo * ldb : lo), ldb: ldb,
                            beta: beta, c: c0.value + lo, ldc: ldc)
            }
        }
    }

    /// `sgemm` cut into `blocks` slices of k (multiples of 16): slice 0 writes `C` with `beta`,
    /// the others their own `[m, n]` partial products, which are then added to `C` in slice order
    /// (rows of C shared over the threads), so the bits depend on the shape only.
    @usableFromInline
    static func splitK(
        blocks: Int, transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let per = ((k + blocks - 1) / blocks + 15) / 16 * 16
        let count = (k + per - 1) / per
        let partials = UnsafeMutablePointer<Float>.allocate(capacity: max(1, (count - 1) * m * n))
        defer { partials.deallocate() }
        let (a0, b0, c0, p0) = (UncheckedSendable(a), UncheckedSendable(b), UncheckedSendable(c), UncheckedSendable(partials))
        Parallel.forEachBlock(count: count) { t in
            let lo = t * per, hi = min(k, lo + per)
            // op(A)'s columns lo..<hi and op(B)'s rows lo..<hi
            let pa = a0.value + (transA ? lo * lda : lo), pb = b0.value + (transB ? lo : lo * ldb)
            if t == 0 {
                serialSgemm(transA: transA, transB: transB, m: m, n: n, k: hi - lo, alpha: alpha, a: pa, lda: lda, b: pb, ldb: ldb,
                            beta: beta, c: c0.value, ldc: ldc)
            } else {
                serialSgemm(transA: transA, transB: transB, m: m, n: n, k: hi - lo, alpha: alpha, a: pa, lda: lda, b: pb, ldb: ldb,
                            beta: 0, c: p0.value + (t - 1) * m * n, ldc: n)
            }
        }
        Parallel.forEachChunk(m, minPerChunk: max(1, (1 << 14) / max(1, n))) { r in
            for t in 1..<count {
                let p = p0.value + (t - 1) * m * n
                for i in r { Kernels.add(c0.value + i * ldc, p + i * n, count: n) }
            }
        }
    }

    /// One single-threaded product on the calling thread (shapes already checked by `sgemm`):
    /// oneDNN's `dnnl_sgemm`, which picks its kernel from CPUID features (AVX-512, AVX2, SSE4.1),
    /// never from a table of model numbers.
    @usableFromInline
    static func serialSgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        _ = Parallel.configured
        OneDNN.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                     beta: beta, c: c, ldc: ldc)
    }

    /// `[m, k] · [k, n] → [m, n]`, or with `transposeB` `[m, k] · [n, k]ᵀ → [m, n]`.
    ///
    /// - Throws: `TensorError.shapeMismatch` naming `matmul` and both shapes.
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeB: Bool = false) throws -> Tensor {
        guard a.rank == 2, b.rank == 2 else {
            throw TensorError.shapeMismatch(
                op: "matmul", expected: "two matrices", actual: "\(describeShape(a.shape)) · \(describeShape(b.shape))")
        }
        let (m, k) = (a.shape[0], a.shape[1])
        let (kb, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        guard k == kb else {
            throw TensorError.shapeMismatch(
                op: "matmul", expected: "inner sizes equal",
                actual: "\(describeShape(a.shape)) · \(describeShape(b.shape))\(transposeB ? "ᵀ" : "")")
        }
        var out = Tensor(zeros: [m, n])
        a.data.withUnsafeBufferPointer { pa in
            b.data.withUnsafeBufferPointer { pb in
                out.data.withUnsafeMutableBufferPointer { pc in
                    sgemm(
                        transB: transposeB, m: m, n: n, k: k, a: pa.baseAddress!, lda: max(1, k),
                        b: pb.baseAddress!, ldb: max(1, b.shape[1]), c: pc.baseAddress!, ldc: max(1, n))
                }
            }
        }
        return out
    }

    /// Naive Swift twins of the BLAS routines, for tests.
    public enum naive {
        /// The same contract as `BLAS.sgemm`, in plain loops (accumulating in Double).
        public static func sgemm(
            transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
            alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
            beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
        ) {
            for i in 0..<m {
                for j in 0..<n {
                    var s = 0.0
                    for p in 0..<k {
                        let av = transA ? a[p * lda + i] : a[i * lda + p]
                        let bv = transB ? b[j * ldb + p] : b[p * ldb + j]
                        s += Double(av) * Double(bv)
                    }
                    let old = beta == 0 ? 0 : beta * c[i * ldc + j]
                    c[i * ldc + j] = alpha * Float(s) + old
                }
            }
        }
    }
}
