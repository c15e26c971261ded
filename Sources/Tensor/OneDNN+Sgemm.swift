import CDNNL

extension OneDNN {
    /// `C = alpha · op(A) · op(B) + beta · C`, row-major, through oneDNN's BLAS-like `dnnl_sgemm` on
    /// the calling thread: what training and search multiply with (their weights change every step
    /// or are read once, so nothing is packed ahead). oneDNN picks its kernel from the CPU's features
    /// (`ONEDNN_MAX_CPU_ISA` caps it), and reuses no buffer across calls, so threads may call it at once.
    static func sgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        omp_set_num_threads(1)
        let t = CChar(UInt8(ascii: "T")), nt = CChar(UInt8(ascii: "N"))
        check(dnnl_sgemm(transA ? t : nt, transB ? t : nt, dnnl_dim_t(m), dnnl_dim_t(n), dnnl_dim_t(k), alpha, a, dnnl_dim_t(lda),
                         b, dnnl_dim_t(ldb), beta, c, dnnl_dim_t(ldc)), "sgemm")
    }
}
