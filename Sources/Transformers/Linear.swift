import Tensor

/// `torch.nn.Linear`: `y = x · Wᵀ + b`, with `W` stored `[out, in]` as in the checkpoint.
public struct Linear: Sendable {
    /// [out, in]
    public var weight: Tensor
    /// [out]
    public var bias: Tensor
    /// The weight converted for a reduced precision (`converted(to:)`), used by `forward`; nil
    /// runs float32 `sgemm` on `weight`. Training never sets it (backward uses `weight`).
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

    /// The same layer with its weight converted once for `precision` (inference only: a later
    /// change of `weight` does not reach the converted copy; `fp32` drops it).
    public func converted(to precision: Precision) throws -> Linear {
        var l = self
        l.packed = precision == .fp32 ? nil : try GEMMWeights(weight, precision: precision)
        return l
    }

    /// `c = a · Wᵀ` for `m` rows on raw memory (no bias), at the layer's precision: `BLAS.gemm` with
    /// the converted weight, else `sgemm`. For fused inference paths that keep their own scratch.
    public func product(m: Int, a: UnsafePointer<Float>, lda: Int, c: UnsafeMutablePointer<Float>, ldc: Int) {
        if let packed {
            BLAS.gemm(m: m, a: a, lda: lda, b: packed, c: c, ldc: ldc)
            return
        }
        weight.data.withUnsafeBufferPointer { pw in
            BLAS.sgemm(transB: true, m: m, n: outFeatures, k: inFeatures, a: a, lda: lda, b: pw.baseAddress!, ldb: inFeatures,
                       c: c, ldc: ldc)
        }
    }

    /// `c = a · Wᵀ` for `m` rows already rounded to bfloat16 (`a` bits, row stride `lda`): only for
    /// a layer converted to `bf16` (`BLAS.gemm(m:bf16:…)`, which traps otherwise).
    public func product(m: Int, bf16 a: UnsafePointer<UInt16>, lda: Int, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard let packed else { preconditionFailure("Linear.product(bf16:): the layer is float32") }
        BLAS.gemm(m: m, bf16: a, lda: lda, b: packed, c: c, ldc: ldc)
    }

    /// x: [N, in] already rounded to bfloat16 (`x` bits, row stride `in`) → y: [N, out], bias
    /// added: `forward` without its rounding pass, for a layer converted to `bf16`, so that layers
    /// reading the same input round it once (the attention's query, key and value). Inference only.
    public func forward(bf16 x: UnsafePointer<UInt16>, rows n: Int) -> Tensor {
        precondition(precision == .bf16, "Linear.forward(bf16:): the layer is \(precision)")
        let (inF, outF) = (inFeatures, outFeatures)
        return Tensor(shape: [n, outF]) { py in
            bias.data.withUnsafeBufferPointer { pb in
                guard n > 0 else { return }
                let (ba, ya) = (pb.baseAddress!, py.baseAddress!)
                Parallel.forEachChunk(n, minPerChunk: max(16, (1 << 20) / max(1, inF * outF))) { r in
                    var lo = r.lowerBound
                    while lo < r.upperBound {
                        let hi = min(r.upperBound, lo + 256)
                        product(m: hi - lo, bf16: x + lo * inF, lda: inF, c: ya + lo * outF, ldc: outF)
                        Kernels.addBias(ya + lo * outF, rows: hi - lo, cols: outF, bias: ba)
                        lo = hi
                    }
                }
            }
        }
    }

    /// x: [N, in] → y: [N, out]
    ///
    /// The rows are split over `Parallel.threads`; each thread multiplies its blocks of rows
    /// (single-threaded OpenBLAS), adds the bias and runs `epilogue` on the block while it is in
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
                Parallel.forEachChunk(n, minPerChunk: max(16, (1 << 20) / max(1, inF * outF))) { r in
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

/// `torch.nn.LayerNorm` over the last dimension.
public struct LayerNorm: Sendable {
    /// [C]
    public var weight: Tensor
    /// [C]
    public var bias: Tensor
    public var eps: Float

    public init(weight: Tensor, bias: Tensor, eps: Float) {
        self.weight = weight
        self.bias = bias
        self.eps = eps
    }

    /// What backward needs: the input (mean and variance are recomputed).
    public struct Cache: Sendable { public let input: Tensor }

    /// x: [N, C] → [N, C]
    public func forward(_ x: Tensor, cache: Bool = false) throws -> (Tensor, Cache?) {
        let c = weight.count
        guard x.rank == 2, x.shape[1] == c else {
            throw TensorError.shapeMismatch(op: "LayerNorm.forward", expected: "[N, \(c)]", actual: describeShape(x.shape))
        }
        var y = x
        y.data.withUnsafeMutableBufferPointer { py in
            weight.data.withUnsafeBufferPointer { pg in
                bias.data.withUnsafeBufferPointer { pb in
                    guard let base = py.baseAddress else { return }
                    let (g, b) = (pg.baseAddress!, pb.baseAddress!)
                    Parallel.forEachChunk(x.shape[0], minPerChunk: max(1, (1 << 15) / c)) { r in
                        Kernels.layerNorm(base + r.lowerBound * c, rows: r.count, cols: c, gamma: g, beta: b, eps: eps)
                    }
                }
            }
        }
        return (y, cache ? Cache(input: x) : nil)
    }

    /// dy: [N, C] → dx: [N, C], and the gradient as a `LayerNorm` (dgamma, dbeta: [C]).
    public func backward(_ dy: Tensor, cache: Cache?) throws -> (Tensor, LayerNorm) {
        let x = try requireCache(cache, "LayerNorm").input
        try dy.expectShape(x.shape, op: "LayerNorm.backward")
        let c = weight.count
        var grad = self
        // Rows are split over the threads; each chunk sums its own dgamma and dbeta (2·C floats
        // per chunk), added up in chunk order afterwards.
        let rows = x.shape[0]
        let chunks = Parallel.isWorker ? 1 : max(1, min(Parallel.threads, rows / 64))
        var out = [[Float](repeating: 0, count: x.count), [Float](repeating: 0, count: 2 * c * chunks)]  // dx, then the chunks' sums
        let per = (rows + chunks - 1) / max(1, chunks)
        withBaseAddresses([x.data, dy.data, weight.data], writing: &out) { p, w in
            guard rows > 0 else { return }
            let (xa, dya, g, dxa, pa) = (p[0]!, p[1]!, p[2]!, w[0]!, w[1]!)
            Parallel.run(chunks) { t in
                let lo = t * per, hi = min(rows, lo + per)
                guard lo < hi else { return }
                Kernels.layerNormBackward(
                    x: xa + lo * c, dy: dya + lo * c, dx: dxa + lo * c, rows: hi - lo, cols: c,
                    gamma: g, dgamma: pa + 2 * t * c, dbeta: pa + (2 * t + 1) * c, eps: eps)
            }
        }
        let (dx, partial) = (try Tensor(shape: x.shape, data: out[0]), out[1])
        var dgamma = [Float](repeating: 0, count: c), dbeta = dgamma
        for t in 0..<chunks {
            for j in 0..<c {
                dgamma[j] += partial[2 * t * c + j]
                dbeta[j] += partial[(2 * t + 1) * c + j]
            }
        }
        grad.weight = try Tensor(shape: [c], data: dgamma)
        grad.bias = try Tensor(shape: [c], data: dbeta)
        return (dx, grad)
    }
}

extension LayerNorm: ParameterContainer {
    /// A LayerNorm over `size` to be read (`ParameterContainer.read`): weight and bias [C], their
    /// values not written yet.
    init(unread size: Int, eps: Float) {
        self.init(weight: .unread([size]), bias: .unread([size]), eps: eps)
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
