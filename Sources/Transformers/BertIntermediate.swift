import Tensor

/// `BertIntermediate`: dense to the intermediate size, then exact (erf) GELU.
public struct BertIntermediate: Sendable {
    public var dense: Linear

    /// What backward needs: the dense cache and the pre-activation.
    public struct Cache: Sendable { public let dense: Linear.Cache?, preActivation: Tensor }

    /// A layer from its parts (tests and training build small ones).
    public init(dense: Linear) { self.dense = dense }

    /// x: [N, C] → [N, I]
    public func forward(_ x: Tensor, cache: Bool = false) throws -> (Tensor, Cache?) {
        // GELU runs on each block of rows right after its product, in the same thread; in training
        // the pre-activation block is copied out first.
        var pre = Tensor(zeros: cache ? [x.rank == 2 ? x.shape[0] : 0, dense.outFeatures] : [0])
        let width = dense.outFeatures
        let (y, dc) = try pre.data.withUnsafeMutableBufferPointer { pp in
            let preBase = pp.baseAddress
            return try dense.forward(x, cache: cache) { rows, r in
                if cache { (preBase! + r.lowerBound * width).update(from: rows, count: r.count * width) }
                Kernels.geluErf(rows, count: r.count * width)
            }
        }
        return (y, cache ? Cache(dense: dc, preActivation: pre) : nil)
    }

    /// dy: [N, I] → dx: [N, C], and the gradient as a `BertIntermediate`.
    public func backward(_ dy: Tensor, cache: Cache?) throws -> (Tensor, BertIntermediate) {
        let cache = try requireCache(cache, "BertIntermediate")
        let pre = cache.preActivation
        try dy.expectShape(pre.shape, op: "BertIntermediate.backward")
        var dPre = dy
        dPre.data.withUnsafeMutableBufferPointer { pd in
            pre.data.withUnsafeBufferPointer { pp in
                guard let d = pd.baseAddress, let p = pp.baseAddress else { return }
                Parallel.forEachChunk(pd.count, minPerChunk: 1 << 15, align: 16) { r in
                    Kernels.geluErfBackward(p + r.lowerBound, d + r.lowerBound, count: r.count)
                }
            }
        }
        let (dx, gDense) = try dense.backward(dPre, cache: cache.dense)
        var grad = self
        grad.dense = gDense
        return (dx, grad)
    }
}

extension BertIntermediate: ParameterContainer {
    /// The layer shaped for `c`, to be read (`ParameterContainer.read`).
    init(unread c: BertConfig) {
        dense = Linear(unreadIn: c.hiddenSize, out: c.intermediateSize)
    }

    public mutating func visit(_ prefix: String, _ body: (String, inout Tensor) throws -> Void) rethrows {
        try dense.visit(parameterKey(prefix, "dense"), body)
    }
}
