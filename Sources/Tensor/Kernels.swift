import CTensorKernels

/// Elementwise, row-wise and reduction loops for the forward pass.
///
/// Bias adds and sums are `SIMD16` loops; LayerNorm, GELU and softmax call `CTensorKernels`
/// (AVX-512 chosen at run time, portable C otherwise), because Swift compiles `SIMD16` for the
/// baseline x86-64 target (SSE). They work in place on raw rows and allocate nothing, so the hot
/// path stays allocation-free. Each one has a float64 twin in `Kernels.naive` (Kernels+Naive.swift)
/// that the tests use.
public enum Kernels {
    public typealias V = SIMD16<Float>
    @usableFromInline static let width = V.scalarCount

    /// `x[r, :] += bias` for each of `rows` rows of `cols` values (`ctk_add_bias`: AVX-512 where
    /// the CPU has it; `SIMD16` here would compile to SSE).
    public static func addBias(_ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int, bias: UnsafePointer<Float>) {
        precondition(rows >= 0 && cols >= 0, "addBias: rows \(rows), cols \(cols)")
        ctk_add_bias(x, rows, cols, bias)
    }

    /// `x += y` over `count` values.
    @inlinable
    public static func add(_ x: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, count: Int) {
        var j = 0
        while j + width <= count {
            store(load(x + j) + load(y + j), x + j)
            j += width
        }
        while j < count { x[j] += y[j]; j += 1 }
    }

    /// LayerNorm over the last dimension, in place: `(x - mean) / sqrt(var + eps) · gamma + beta`.
    ///
    /// Mirrors `torch.nn.LayerNorm` (biased variance); runs `ctk_layer_norm` (AVX-512 or portable C).
    public static func layerNorm(
        _ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, eps: Float
    ) {
        precondition(rows >= 0 && cols >= 1, "layerNorm: rows \(rows), cols \(cols)")
        ctk_layer_norm(x, rows, cols, gamma, beta, eps)
    }

    /// The tail of a transformer block after its output product, in place and in one sweep per
    /// row: `x = LayerNorm((x + bias) + residual)` (no bias when `bias` is nil), the same bits as
    /// `addBias`, `add` and `layerNorm` in turn (`ctk_residual_layer_norm`). With `bf16`, the
    /// result's bfloat16 bits (`BFloat16.bits` of each value) are written there too, `[rows, cols]`:
    /// the next bfloat16 product's input, made while the rows are in cache.
    public static func residualLayerNorm(
        _ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int, bias: UnsafePointer<Float>?, residual: UnsafePointer<Float>,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, eps: Float, bf16: UnsafeMutablePointer<UInt16>? = nil
    ) {
        precondition(rows >= 0 && cols >= 1, "residualLayerNorm: rows \(rows), cols \(cols)")
        ctk_residual_layer_norm(x, rows, cols, bias, residual, gamma, beta, eps, bf16)
    }

    /// GELU with the exact error function, in place: `0.5 · x · (1 + erf(x / √2))`.
    ///
    /// Mirrors `torch.nn.functional.gelu(x)` (approximate="none"); runs `ctk_gelu_erf`, whose erf
    /// is within 4 ulp (CTensorKernels).
    public static func geluErf(_ x: UnsafeMutablePointer<Float>, count: Int) {
        precondition(count >= 0, "geluErf: count \(count)")
        ctk_gelu_erf(x, count)
    }

    /// `out[r, :] = bfloat16(gelu(h[r, :] + bias))` for `rows` rows of `cols` values, in one pass
    /// (`ctk_bias_gelu_bf16`): the input of a bf16 product made where the activation is. Its GELU
    /// is `x Φ(x)` with Φ a piecewise cubic within 1.7e-6 of the exact-erf one (half the
    /// instructions of `geluErf`'s erf), far below the bfloat16 rounding that follows; the AVX-512
    /// and portable paths give the same bits.
    public static func biasGELUBFloat16(
        _ h: UnsafePointer<Float>, rows: Int, cols: Int, bias: UnsafePointer<Float>, into out: UnsafeMutablePointer<UInt16>
    ) {
        precondition(rows >= 0 && cols >= 0, "biasGELUBFloat16: rows \(rows), cols \(cols)")
        ctk_bias_gelu_bf16(h, rows, cols, bias, out)
    }

    /// `out[r · ldo + j] = bfloat16(h[r · cols + j] + bias[j])` for `rows` rows of `cols` values
    /// (`ctk_bias_bf16_rows`, rounding as `BFloat16.bits`): a product's bias added and the result
    /// rounded in one pass, for a bfloat16 consumer (the attention's query, key and value).
    public static func biasBFloat16(
        _ h: UnsafePointer<Float>, rows: Int, cols: Int, bias: UnsafePointer<Float>, into out: UnsafeMutablePointer<UInt16>, ldo: Int
    ) {
        precondition(rows >= 0 && cols >= 0 && ldo >= cols, "biasBFloat16: rows \(rows), cols \(cols), ldo \(ldo)")
        ctk_bias_bf16_rows(h, rows, cols, bias, out, ldo)
    }

    /// Softmax of each row over its first `valid` columns, in place; columns past `valid` become 0.
    ///
    /// Used for attention with right padding: keys past the sequence length are masked out, which
    /// equals adding PyTorch's `finfo.min` mask before the softmax. Runs `ctk_softmax_rows`.
    public static func softmaxRows(_ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int, valid: Int) {
        precondition(valid >= 1 && valid <= cols, "softmaxRows: valid \(valid) not in 1...\(cols)")
        precondition(rows >= 0, "softmaxRows: rows \(rows)")
        ctk_softmax_rows(x, rows, cols, valid)
    }

    /// `x *= s` over `count` values.
    @inlinable
    public static func scale(_ x: UnsafeMutablePointer<Float>, count: Int, by s: Float) {
        var j = 0
        while j + width <= count { store(load(x + j) * s, x + j); j += width }
        while j < count { x[j] *= s; j += 1 }
    }

    @inlinable @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> V {
        UnsafeRawPointer(p).loadUnaligned(as: V.self)
    }

    @inlinable @inline(__always)
    static func load(_ p: UnsafeMutablePointer<Float>) -> V {
        UnsafeRawPointer(p).loadUnaligned(as: V.self)
    }

    @inlinable @inline(__always)
    static func store(_ v: V, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
    }
}
