import Tensor

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
        // Rows are cut into chunks that depend on the row count only (so the sums' bits do not
        // depend on the thread count); each chunk sums its own dgamma and dbeta (2·C floats per
        // chunk), added up in chunk order afterwards.
        let rows = x.shape[0]
        let chunks = max(1, min(Parallel.maxChunks, rows / 64))
        var out = [[Float](repeating: 0, count: x.count), [Float](repeating: 0, count: 2 * c * chunks)]  // dx, then the chunks' sums
        let per = (rows + chunks - 1) / max(1, chunks)
        withBaseAddresses([x.data, dy.data, weight.data], writing: &out) { p, w in
            guard rows > 0 else { return }
            let (xa, dya, g, dxa, pa) = (p[0]!, p[1]!, p[2]!, w[0]!, w[1]!)
            Parallel.forEachBlock(count: chunks) { t in
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
