import CTensorKernels

/// Fused inference attention for one (sequence, head) pair (`ctk_attention` in CTensorKernels).
extension Kernels {
    /// Floats of per-thread scratch `attention` needs for sequences of up to `maxLength` tokens.
    public static func attentionScratchCount(maxLength: Int, headDim: Int) -> Int {
        ctk_attention_scratch(max(0, maxLength), max(0, headDim))
    }

    /// `context = softmax(scale · q · kᵀ) · v` for one sequence and head, in one pass per six query
    /// rows (their scores stay in L1; no `[L, L]` matrix is written).
    ///
    /// `q`, `k`, `v` and `context` are `[length, headDim]` views with row strides `ld` and `ldc`
    /// (a head's columns of the packed `[N, C]` projections). Inference only: no probabilities are
    /// kept and no dropout runs. The float64 twin is `Kernels.naive.attention`.
    ///
    /// - Parameters:
    ///   - bf16: round q, k, v and the probabilities to bfloat16 and multiply with AVX-512 BF16
    ///     (float32 accumulation; max, exp and sums stay float32): `--precision bf16` and `int8`.
    ///   - scratch: `attentionScratchCount(maxLength:headDim:)` floats at least.
    ///   - next: the q, k and v (same `ld`, `headDim`) and length of the pair this thread runs
    ///     next, if any: their rows are prefetched while this pair computes.
    /// - Returns: false, with nothing written, when this thread has no AVX-512 (or, for `bf16`,
    ///   AVX-512 BF16) path or `headDim` is not a multiple of 16; the caller runs its BLAS path then.
    public static func attention(
        q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>, ld: Int, length: Int, headDim: Int,
        scale: Float, context: UnsafeMutablePointer<Float>, ldc: Int, scratch: UnsafeMutablePointer<Float>, bf16: Bool = false,
        next: (q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>, length: Int)? = nil
    ) -> Bool {
        precondition(length >= 0 && headDim >= 1 && ld >= headDim && ldc >= headDim,
                     "attention: length \(length), headDim \(headDim), ld \(ld), ldc \(ldc)")
        let run = bf16 ? ctk_attention_bf16 : ctk_attention
        guard let next else { return run(q, k, v, ld, length, headDim, scale, context, ldc, scratch, nil, 0) != 0 }
        let pointers: [UnsafePointer<Float>?] = [next.q, next.k, next.v]
        return pointers.withUnsafeBufferPointer {
            run(q, k, v, ld, length, headDim, scale, context, ldc, scratch, $0.baseAddress, max(0, next.length)) != 0
        }
    }
}
