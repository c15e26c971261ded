import CTensorKernels
/// The right-hand operand of `BLAS.gemm`, a linear layer's weight `[n, k]` (PyTorch layout),
/// converted once for a precision (at model load), so every product only converts its activations.
///
/// - `fp32`: the weight as given (for inference: training multiplies its changing weights with
///   `sgemm` and never converts them).
/// - `bf16`: rounded to bfloat16 (to nearest, ties to even).
/// - `int8`: one scale per output channel `s_j = max_k |w_jk| / 127`, `q_jk = round(w_jk / s_j)`
///   in `-127...127`, with the column sums `Σ_k q_jk` the zero-point correction needs.
///
/// Each is reordered once by oneDNN into the blocked layout its matmul kernel reads (`OneDNN.pack`),
/// which is all that is kept beside the float32 original.
public struct GEMMWeights: Sendable {
    public let precision: Precision
    /// Output channels (rows of the weight).
    public let n: Int
    /// Input features (columns of the weight).
    public let k: Int
    /// The float32 weight `[n, k]` (int8's outlier columns and the naive twin read it; it shares
    /// the layer's storage).
    public let original: [Float]
    /// The float32 values, bfloat16 bits or int8 levels in oneDNN's layout.
    let packed: OneDNN.PackedWeights
    /// Per-output-channel scales `[n]` (`int8` only).
    let scales: [Float]
    /// `Σ_k q_jk` per output channel `[n]` (`int8` only).
    let columnSums: [Int32]

    /// Converts `weight` `[n, k]` for `precision`.
    ///
    /// - Throws: `TensorError.shapeMismatch` when `weight` is not a matrix;
    ///   `TensorError.invalidArgument` when this CPU's oneDNN has no matmul for `precision`.
    public init(_ weight: Tensor, precision: Precision) throws {
        guard weight.rank == 2 else {
            throw TensorError.shapeMismatch(op: "GEMMWeights", expected: "[n, k]", actual: describeShape(weight.shape))
        }
        guard OneDNN.supports(precision) else { throw Precision.unavailable(precision) }
        let (n, k) = (weight.shape[0], weight.shape[1])
        self.precision = precision
        self.n = n
        self.k = k
        original = weight.data
        var bf16: [UInt16] = [], int8: [Int8] = [], scales: [Float] = [], sums: [Int32] = []
        switch precision {
        case .fp32:
            break
        case .bf16:
            // Rounded in the weight's own [n, k] layout (`ctk_bf16_rows`, `BFloat16.bits` of each
            // value); the reorder into oneDNN's layout reads it transposed.
            bf16 = weight.data.withUnsafeBufferPointer { pw in
                [UInt16](unsafeUninitializedCapacity: n * k) { out, initialized in
                    ctk_bf16_rows(pw.baseAddress!, k, n, k, out.baseAddress!)
                    initialized = n * k
                }
            }
        case .int8:
            int8 = [Int8](repeating: 0, count: n * k)
            scales = [Float](repeating: 1, count: n)
            sums = [Int32](repeating: 0, count: n)
            for j in 0..<n {
                var top: Float = 0
                for p in 0..<k { top = max(top, abs(weight.data[j * k + p])) }
                let s: Float = top > 0 ? top / 127 : 1
                scales[j] = s
                var sum: Int32 = 0
                for p in 0..<k {
                    let q = Int8(max(-127, min(127, (weight.data[j * k + p] / s).rounded(.toNearestOrEven))))
                    int8[p * n + j] = q
                    sum += Int32(q)
                }
                sums[j] = sum
            }
        }
        packed = switch precision {
        case .fp32: weight.data.withUnsafeBytes { OneDNN.pack($0.baseAddress!, precision: .fp32, n: n, k: k, transposed: true) }
        case .bf16: bf16.withUnsafeBytes { OneDNN.pack($0.baseAddress!, precision: .bf16, n: n, k: k, transposed: true) }
        case .int8: int8.withUnsafeBytes { OneDNN.pack($0.baseAddress!, precision: .int8, n: n, k: k) }
        }
        self.scales = scales
        columnSums = sums
    }

    /// Bytes the converted weight holds beside the float32 original.
    public var convertedBytes: Int { packed.bytes + scales.count * 4 + columnSums.count * 4 }
}

/// bfloat16 rounding: the top 16 bits of a float32, rounded to nearest (ties to even).
public enum BFloat16 {
    /// The bfloat16 bits of `x` (NaN stays NaN).
    @inlinable
    public static func bits(_ x: Float) -> UInt16 {
        let b = x.bitPattern
        if x.isNaN { return UInt16(truncatingIfNeeded: b >> 16) | 0x40 }
        return UInt16(truncatingIfNeeded: (b &+ 0x7FFF &+ ((b >> 16) & 1)) >> 16)
    }

    /// The bfloat16 bits of `rows` rows of `cols` floats (row stride `lda`) into `out` (packed
    /// `[rows, cols]`), `bits` of each value (AVX-512 where the CPU has it), rows split over
    /// `Parallel.threads`.
    public static func round(
        _ a: UnsafePointer<Float>, rows: Int, cols: Int, lda: Int, into out: UnsafeMutablePointer<UInt16>
    ) {
        precondition(rows >= 0 && cols >= 0 && lda >= cols, "BFloat16.round: rows \(rows), cols \(cols), lda \(lda)")
        let (a0, o0) = (UncheckedSendable(a), UncheckedSendable(out))
        Parallel.forEachChunk(rows, minPerChunk: 64) { r in
            ctk_bf16_rows(a0.value + r.lowerBound * lda, lda, r.count, cols, o0.value + r.lowerBound * cols)
        }
    }

    /// The float32 value of bfloat16 bits.
    @inlinable
    public static func value(_ bits: UInt16) -> Float { Float(bitPattern: UInt32(bits) << 16) }
}
