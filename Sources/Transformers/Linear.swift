import Tensor

/// `torch.nn.Linear`: `y = x · Wᵀ + b`, with `W` stored `[out, in]` as in the checkpoint.
public struct Linear: Sendable {
    /// [out, in]. Changing it drops the converted copy (`packed`), so a product never reads a
    /// weight older than this one.
    public var weight: Tensor { didSet { packed = nil } }
    /// [out]
    public var bias: Tensor
    /// The weight converted once for inference (`converted(to:)`: packed for oneDNN's matmul at
    /// some precision), used by `forward`; nil runs float32 `sgemm` on `weight`, as training does
    /// (`trainable()`: its weights change every step, and backward reads `weight`).
    public private(set) var packed: GEMMWeights?

    /// The precision `forward` multiplies in.
    public var precision: Precision { packed?.precision ?? .fp32 }

    public var inFeatures: Int { weight.shape[1] }
    public var outFeatures: Int { weight.shape[0] }

    /// What backward needs: the input.
    public struct Cache: Sendable { public let input: Tensor }

    public init(weight: Tensor, bias: Tensor) throws {
        guard weight.rank == 2, bias.shape == [weight.shape[0]] else {
            throw TensorError.shapeMismatch(op: "Linear", expected: "[out, in] and [out]",
                                            actual: "\(describeShape(weight.shape)) and \(describeShape(bias.shape))")
        }
        self.weight = weight
        self.bias = bias
    }

    /// The same layer with its weight converted once for `precision`, for inference (`fp32` too:
    /// packed once into oneDNN's layout; a later change of `weight` drops the converted copy).
    public func converted(to precision: Precision) throws -> Linear {
        var l = self
        l.packed = try GEMMWeights(weight, precision: precision)
        return l
    }

    /// The same layer without a converted weight: float32 `sgemm` on `weight`, what training runs.
    public func trainable() -> Linear {
        var l = self
        l.packed = nil
        return l
    }

    /// x: [N, in] → y: [N, out]
    ///
    /// The rows are cut into chunks (`Parallel.forEachChunk`: the same whatever the thread count); each multiplies its blocks of rows
    /// (single-threaded oneDNN), adds the bias and runs `epilogue` on the block while it is in
    /// cache, so no elementwise pass competes with the product for the cores.
    ///
    /// - Parameter epilogue: called with each block's first row and its row range (an activation).
    public func forward(
        _ x: Tensor, cache: Bool = false, epilogue: ((UnsafeMutablePointer<Float>, Range<Int>) -> Void)? = nil
    ) throws -> (Tensor, Cache?) {
        guard x.rank == 2, x.shape[1] == inFeatures else {
            throw TensorError.shapeMismatch(op: "Linear.forward", expected: "[N, \(inFeatures)]", actual: describeShape(x.shape))
        }
        let n = x.shape[0], (inF, outF) = (inFeatures, outFeatures)
        // Every row is written by its block's product (no zero fill first).
        let y = Tensor(shape: [n, outF]) { py in
            withBaseAddresses([x.data, weight.data, bias.data]) { p in
                guard n > 0 else { return }
                let (xa, wa, ba, ya) = (p[0]!, p[1]!, p[2]!, py.baseAddress!)
                let packed = self.packed
                // Blocks of rows keep the output tile in cache for the bias and epilogue.
                let block = 256
                Parallel.forEachChunk(n, minPerChunk: max(32, (1 << 20) / max(1, inF * outF)), align: 16) { r in
                    var lo = r.lowerBound
                    while lo < r.upperBound {
                        let hi = min(r.upperBound, lo + block)
                        if let packed {
                            BLAS.gemm(m: hi - lo, a: xa + lo * inF, lda: inF, b: packed, c: ya + lo * outF, ldc: outF)
                        } else {
                            BLAS.sgemm(transB: true, m: hi - lo, n: outF, k: inF, a: xa + lo * inF, lda: inF,
                                       b: wa, ldb: inF, c: ya + lo * outF, ldc: outF)
                        }
                        Kernels.addBias(ya + lo * outF, rows: hi - lo, cols: outF, bias: ba)
                        epilogue?(ya + lo * outF, lo..<hi)
                        lo = hi
                    }
                }
            }
        }
        return (y, cache ? Cache(input: x) : nil)
    }

    /// dy: [N, out] → dx: [N, in], and the gradient as a `Linear` (dW [out, in], db [out]).
    ///
    /// `dx = dy · W`, `dW = dyᵀ · x`, `db = Σ_rows dy`: two `BLAS.sgemm` calls.
    public func backward(_ dy: Tensor, cache: Cache?) throws -> (Tensor, Linear) {
        let x = try requireCache(cache, "Linear").input
        let n = x.shape[0]
        try dy.expectShape([n, outFeatures], op: "Linear.backward")
        // dx [N, in], dW [out, in], db [out]
        var out = [[Float](repeating: 0, count: n * inFeatures), [Float](repeating: 0, count: weight.count),
                   [Float](repeating: 0, count: bias.count)]
        if n > 0 {
            withBaseAddresses([dy.data, x.data, weight.data], writing: &out) { p, w in
                let (dya, xa, wa, dxa, dwa, dba) = (p[0]!, p[1]!, p[2]!, w[0]!, w[1]!, w[2]!)
                BLAS.sgemm(m: n, n: inFeatures, k: outFeatures, a: dya, lda: outFeatures, b: wa, ldb: inFeatures, c: dxa, ldc: inFeatures)
                BLAS.sgemm(transA: true, m: outFeatures, n: inFeatures, k: n, a: dya, lda: outFeatures,
                           b: xa, ldb: inFeatures, c: dwa, ldc: inFeatures)
                Kernels.sumRows(dya, rows: n, cols: outFeatures, into: dba)
            }
        }
        return (try Tensor(shape: [n, inFeatures], data: out[0]),
                try Linear(weight: Tensor(shape: weight.shape, data: out[1]), bias: Tensor(shape: bias.shape, data: out[2])))
    }
}

extension Linear: ParameterContainer {
    /// A layer `in → out` to be read (`ParameterContainer.read`): weight [out, in] and bias [out],
    /// their values not written yet.
    init(unreadIn inF: Int, out outF: Int) {
        weight = .unread([outF, inF])
        bias = .unread([outF])
    }

    public mutating func visit(_ prefix: String, _ body: (String, inout Tensor) throws -> Void) rethrows {
        try body(parameterKey(prefix, "weight"), &weight)
        try body(parameterKey(prefix, "bias"), &bias)
    }
}

/// The cache a backward pass needs, or an error naming the layer whose forward ran without one.
func requireCache<C>(_ cache: C?, _ layer: String) throws -> C {
    guard let cache else { throw TransformersError.invalidArgument("\(layer).backward: the forward pass ran without cache: true") }
    return cache
}
