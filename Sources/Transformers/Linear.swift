import Tensor

/// `torch.nn.Linear`: `y = x · Wᵀ + b`, with `W` stored `[out, in]` as in the checkpoint.
public struct Linear: Sendable {
    /// [out, in]
    public var weight: Tensor
    /// [out]
    public var bias: Tensor

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

    /// Reads `<prefix>.weight` [out, in] and `<prefix>.bias` [out].
    public init(_ weights: WeightReader, _ prefix: String, in inF: Int, out outF: Int) throws {
        try self.init(weight: weights.tensor(prefix + ".weight", shape: [outF, inF]),
                      bias: weights.tensor(prefix + ".bias", shape: [outF]))
    }

    /// x: [N, in] → y: [N, out]
    public func forward(_ x: Tensor, cache: Bool = false) throws -> (Tensor, Cache?) {
        guard x.rank == 2, x.shape[1] == inFeatures else {
            throw TensorError.shapeMismatch(op: "Linear.forward", expected: "[N, \(inFeatures)]", actual: describeShape(x.shape))
        }
        let n = x.shape[0]
        var y = Tensor(zeros: [n, outFeatures])
        x.data.withUnsafeBufferPointer { px in
            weight.data.withUnsafeBufferPointer { pw in
                bias.data.withUnsafeBufferPointer { pb in
                    y.data.withUnsafeMutableBufferPointer { py in
                        guard n > 0 else { return }
                        BLAS.sgemm(transB: true, m: n, n: outFeatures, k: inFeatures, a: px.baseAddress!, lda: inFeatures,
                                   b: pw.baseAddress!, ldb: inFeatures, c: py.baseAddress!, ldc: outFeatures)
                        Kernels.addBias(py.baseAddress!, rows: n, cols: outFeatures, bias: pb.baseAddress!)
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
        var dx = Tensor(zeros: [n, inFeatures])
        var dw = Tensor(zeros: weight.shape), db = Tensor(zeros: bias.shape)
        if n > 0 {
            dy.data.withUnsafeBufferPointer { pdy in
                x.data.withUnsafeBufferPointer { px in
                    weight.data.withUnsafeBufferPointer { pw in
                        dx.data.withUnsafeMutableBufferPointer { pdx in
                            BLAS.sgemm(m: n, n: inFeatures, k: outFeatures, a: pdy.baseAddress!, lda: outFeatures,
                                       b: pw.baseAddress!, ldb: inFeatures, c: pdx.baseAddress!, ldc: inFeatures)
                        }
                        dw.data.withUnsafeMutableBufferPointer { pdw in
                            BLAS.sgemm(transA: true, m: outFeatures, n: inFeatures, k: n, a: pdy.baseAddress!, lda: outFeatures,
                                       b: px.baseAddress!, ldb: inFeatures, c: pdw.baseAddress!, ldc: inFeatures)
                        }
                        db.data.withUnsafeMutableBufferPointer { pdb in
                            Kernels.sumRows(pdy.baseAddress!, rows: n, cols: outFeatures, into: pdb.baseAddress!)
                        }
                    }
                }
            }
        }
        return (dx, try Linear(weight: dw, bias: db))
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

    /// Reads `<prefix>.weight` and `<prefix>.bias`, both [C].
    public init(_ weights: WeightReader, _ prefix: String, size: Int, eps: Float) throws {
        weight = try weights.tensor(prefix + ".weight", shape: [size])
        bias = try weights.tensor(prefix + ".bias", shape: [size])
        self.eps = eps
    }

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
        var dx = Tensor(zeros: x.shape)
        var grad = self
        grad.weight = Tensor(zeros: [c])
        grad.bias = Tensor(zeros: [c])
        x.data.withUnsafeBufferPointer { px in
            dy.data.withUnsafeBufferPointer { pdy in
                dx.data.withUnsafeMutableBufferPointer { pdx in
                    weight.data.withUnsafeBufferPointer { pg in
                        grad.weight.data.withUnsafeMutableBufferPointer { pdg in
                            grad.bias.data.withUnsafeMutableBufferPointer { pdb in
                                guard x.shape[0] > 0 else { return }
                                Kernels.layerNormBackward(
                                    x: px.baseAddress!, dy: pdy.baseAddress!, dx: pdx.baseAddress!, rows: x.shape[0], cols: c,
                                    gamma: pg.baseAddress!, dgamma: pdg.baseAddress!, dbeta: pdb.baseAddress!, eps: eps)
                            }
                        }
                    }
                }
            }
        }
        return (dx, grad)
    }
}

/// The cache a backward pass needs, or an error naming the layer whose forward ran without one.
func requireCache<C>(_ cache: C?, _ layer: String) throws -> C {
    guard let cache else { throw TransformersError.invalidArgument("\(layer).backward: the forward pass ran without cache: true") }
    return cache
}
