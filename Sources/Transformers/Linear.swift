import Tensor

/// `torch.nn.Linear`: `y = x · Wᵀ + b`, with `W` stored `[out, in]` as in the checkpoint.
public struct Linear: Sendable {
    /// [out, in]. Changing it drops the converted copy (`packed`), so a product never reads a
    /// weight older than this one.
    public var weight: Tensor { didSet { packed = nil; packedTransposed = nil } }
    /// [out]
    public var bias: Tensor
    /// The weight converted once for inference (`converted(to:)`: packed for oneDNN's matmul at
    /// some precision), used by `forward`; nil runs float32 `sgemm` on `weight`, as training does
    /// (`trainable()`: its weights change every step, and backward reads `weight`).
    public private(set) var packed: GEMMWeights?
    /// `weight` transposed (`[in, out]`) and converted for mixed-precision training
    /// (`mixedPrecision(_:)`): backward's `dx = dy · W` runs on it; nil runs float32 `sgemm`.
    public private(set) var packedTransposed: GEMMWeights?

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
        l.packedTransposed = nil
        return l
    }

    /// The layer for one training step in mixed precision: forward's `x · Wᵀ` and backward's
    /// `dy · W` multiply in `precision` (bfloat16: inputs rounded, float32 sums), on copies of the
    /// float32 weight converted for this step; the weight gradient `dyᵀ · x` stays float32, and so
    /// do the weights the optimizer updates (the master copy) and everything elementwise.
    /// `fp32` is the layer as training runs it (`trainable()`).
    public func mixedPrecision(_ precision: Precision) throws -> Linear {
        guard precision != .fp32 else { return trainable() }
        guard precision == .bf16 else { throw TensorError.invalidArgument(op: "Linear.mixedPrecision", reason: "training multiplies in fp32 or bf16, not \(precision)") }
        var l = self
        l.packed = try GEMMWeights(weight, precision: precision)
        l.packedTransposed = try GEMMWeights(Linear.transposed(weight), precision: precision)
        return l
    }

    /// `[r, c]` → `[c, r]`.
    static func transposed(_ w: Tensor) -> Tensor {
        let (r, c) = (w.shape[0], w.shape[1])
        return Tensor(shape: [c, r]) { out in
            w.data.withUnsafeBufferPointer { p in
                for i in 0..<r { for j in 0..<c { out[j * r + i] = p[i * c + j] } }
            }
        }
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
    /// `dx = dy · W`, `dW = dyᵀ · x`: two `BLAS.sgemm` calls that write every element (no zero
    /// fill first: for the feed-forward output's dx that is 38 MB per layer and column at 6,144
    /// tokens); `db = Σ_rows dy`, its columns shared over the threads.
    public func backward(_ dy: Tensor, cache: Cache?) throws -> (Tensor, Linear) {
        let x = try requireCache(cache, "Linear").input
        let n = x.shape[0], (inF, outF) = (inFeatures, outFeatures)
        try dy.expectShape([n, outF], op: "Linear.backward")
        let dx = Tensor(shape: [n, inF]) { pdx in
            guard n > 0 else { return }
            withBaseAddresses([dy.data, weight.data]) { p in
                if let wt = packedTransposed {  // mixed precision: dy rounded, Wᵀ converted for the step
                    BLAS.gemm(m: n, a: p[0]!, lda: outF, b: wt, c: pdx.baseAddress!, ldc: inF)
                } else {
                    BLAS.sgemm(m: n, n: inF, k: outF, a: p[0]!, lda: outF, b: p[1]!, ldb: inF, c: pdx.baseAddress!, ldc: inF)
                }
            }
        }
        let dw = Tensor(shape: weight.shape) { pdw in
            guard n > 0 else { pdw.initialize(repeating: 0); return }
            withBaseAddresses([dy.data, x.data]) { p in
                BLAS.sgemm(transA: true, m: outF, n: inF, k: n, a: p[0]!, lda: outF, b: p[1]!, ldb: inF, c: pdw.baseAddress!, ldc: inF)
            }
        }
        var db = Tensor(zeros: bias.shape)
        if n > 0 {
            dy.data.withUnsafeBufferPointer { pdy in
                db.data.withUnsafeMutableBufferPointer { pdb in
                    let (dya, dba) = (pdy.baseAddress!, pdb.baseAddress!)
                    Parallel.forEachChunk(outF, minPerChunk: 64, align: 16) { r in
                        Kernels.sumRows(dya + r.lowerBound, rows: n, cols: r.count, stride: outF, into: dba + r.lowerBound)
                    }
                }
            }
        }
        return (dx, try Linear(weight: dw, bias: db))
    }
}

extension Linear {
    /// The backward pass of layers that read the same input (attention's query, key and value),
    /// as one layer whose weight is theirs stacked: dy [N, Σout] (each layer's output gradient in
    /// its columns, in order) → dx [N, in] = Σ dyᵢ · Wᵢ in one product, and each layer's gradient
    /// (its rows of dyᵀ · x and its columns' sums). Three products of [N, C] · [C, C] and two adds
    /// of dx become one [N, 3C] · [3C, C] product.
    public static func backward(stacked layers: [Linear], dy: Tensor, input x: Tensor) throws -> (Tensor, [Linear]) {
        guard let inF = layers.first?.inFeatures, layers.allSatisfy({ $0.inFeatures == inF }) else {
            throw TransformersError.invalidArgument("Linear.backward(stacked:): layers of different input sizes")
        }
        let outs = layers.map(\.outFeatures), total = outs.reduce(0, +)
        var weights = [Float]()
        weights.reserveCapacity(total * inF)
        for l in layers { weights += l.weight.data }
        var stacked = try Linear(weight: Tensor(shape: [total, inF], data: weights), bias: Tensor(zeros: [total]))
        // In mixed precision only the stacked Wᵀ is needed (dx); the weight gradient is float32.
        if let p = layers[0].packedTransposed?.precision {
            stacked.packedTransposed = try GEMMWeights(Linear.transposed(stacked.weight), precision: p)
        }
        let (dx, g) = try stacked.backward(dy, cache: Cache(input: x))
        var grads: [Linear] = [], row = 0
        for (l, out) in zip(layers, outs) {
            grads.append(try Linear(weight: Tensor(shape: l.weight.shape, data: Array(g.weight.data[(row * inF)..<((row + out) * inF)])),
                                    bias: Tensor(shape: l.bias.shape, data: Array(g.bias.data[row..<(row + out)]))))
            row += out
        }
        return (dx, grads)
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
