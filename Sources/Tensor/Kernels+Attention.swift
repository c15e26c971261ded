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
    ///     (float32 accumulation; max, exp and sums stay float32): `--precision bf16`, and `int8` where
    ///     the CPU multiplies bfloat16 natively (`Precision.int8Companion`).
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
        guard let next else {
            return bf16 ? ctk_attention_bf16(q, k, v, ld, length, headDim, scale, context, ldc, scratch, nil, 0) != 0
                        : ctk_attention(q, k, v, ld, length, headDim, scale, context, ldc, scratch, nil, 0) != 0
        }
        let pointers: [UnsafePointer<Float>?] = [next.q, next.k, next.v]
        return pointers.withUnsafeBufferPointer {
            bf16 ? ctk_attention_bf16(q, k, v, ld, length, headDim, scale, context, ldc, scratch, $0.baseAddress, max(0, next.length)) != 0
                 : ctk_attention(q, k, v, ld, length, headDim, scale, context, ldc, scratch, $0.baseAddress, max(0, next.length)) != 0
        }
    }

    /// Whether `attention(bits:…)` runs on this thread for heads of `headDim` (AVX-512 BF16,
    /// `headDim` a multiple of 16).
    public static func attentionBF16Available(headDim: Int) -> Bool { ctk_attention_bf16_available(max(0, headDim)) != 0 }

    /// `attention(… bf16: true)` on q, k, v already rounded to bfloat16 (`BFloat16.bits`, row
    /// stride `ld`; made by the pass that added the projections' bias), writing the context as
    /// bfloat16 bits (`context16`, row stride `ldc`) for the bfloat16 product that reads it next:
    /// half the bytes to read and write, no rounding pass on either side. The same bits as
    /// `BFloat16.bits` of the float32 context `attention(… bf16: true)` gives for those q, k, v.
    /// Returns false, with nothing written, where `attentionBF16Available` is false.
    public static func attention(
        bits q: UnsafePointer<UInt16>, _ k: UnsafePointer<UInt16>, _ v: UnsafePointer<UInt16>, ld: Int, length: Int, headDim: Int,
        scale: Float, context16: UnsafeMutablePointer<UInt16>, ldc: Int, scratch: UnsafeMutablePointer<Float>,
        next: (q: UnsafePointer<UInt16>, k: UnsafePointer<UInt16>, v: UnsafePointer<UInt16>, length: Int)? = nil
    ) -> Bool {
        precondition(length >= 0 && headDim >= 1 && ld >= headDim && ldc >= headDim,
                     "attention: length \(length), headDim \(headDim), ld \(ld), ldc \(ldc)")
        guard let next else { return ctk_attention_bf16_bits(q, k, v, ld, length, headDim, scale, context16, ldc, scratch, nil, 0) != 0 }
        let pointers: [UnsafePointer<UInt16>?] = [next.q, next.k, next.v]
        return pointers.withUnsafeBufferPointer {
            ctk_attention_bf16_bits(q, k, v, ld, length, headDim, scale, context16, ldc, scratch, $0.baseAddress, max(0, next.length)) != 0
        }
    }
}
