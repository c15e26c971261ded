import CBLAS

/// Matrix products through OpenBLAS's `cblas_sgemm`, with the shape checks BLAS does not do.
///
/// Every routine has a naive Swift twin (`BLAS.naive`) that the tests compare it with.
public enum BLAS {
    /// Threads OpenBLAS uses for one call.
    public static var threads: Int {
        get { Int(openblas_get_num_threads()) }
    }

    /// Sets the number of OpenBLAS threads (at least 1).
    public static func setThreads(_ n: Int) {
        openblas_set_num_threads(Int32(max(1, n)))
    }

    /// The CPU kernel family OpenBLAS picked (e.g. `SkylakeX` for AVX-512).
    public static var coreName: String {
        guard let p = openblas_get_corename() else { return "unknown" }
        return String(cString: p)
    }

    /// `C = alpha · op(A) · op(B) + beta · C`, row-major, on raw memory.
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
        cblas_sgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
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
