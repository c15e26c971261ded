import Tensor

/// `BertIntermediate`: dense to the intermediate size, then exact (erf) GELU.
public struct BertIntermediate: Sendable {
    public var dense: Linear

    /// What backward needs: the dense cache and the pre-activation.
    public struct Cache: Sendable { public let dense: Linear.Cache?, preActivation: Tensor }

    public init(_ w: WeightReader, _ prefix: String, config c: BertConfig) throws {
        dense = try Linear(w, prefix + ".dense", in: c.hiddenSize, out: c.intermediateSize)
    }

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
                Parallel.forEachChunk(pd.count, minPerChunk: 1 << 15) { r in
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

/// `BertOutput`: dense back to the hidden size, then LayerNorm of it plus the layer's input.
public struct BertOutput: Sendable {
    public var dense: Linear
    public var layerNorm: LayerNorm

    public struct Cache: Sendable { public let dense: Linear.Cache?, layerNorm: LayerNorm.Cache?, dropout: Dropout? }

    public init(_ w: WeightReader, _ prefix: String, config c: BertConfig) throws {
        dense = try Linear(w, prefix + ".dense", in: c.intermediateSize, out: c.hiddenSize)
        layerNorm = try LayerNorm(w, prefix + ".LayerNorm", size: c.hiddenSize, eps: c.layerNormEps)
    }

    /// hidden: [N, I], input: [N, C] → LayerNorm(dropout(dense(hidden)) + input): [N, C]
    public func forward(_ hidden: Tensor, input: Tensor, cache: Bool = false, dropout: Dropout? = nil) throws -> (Tensor, Cache?) {
        let (out, dc, lc) = try ResidualNorm.forward(
            dense: dense, layerNorm: layerNorm, hidden: hidden, input: input, cache: cache, dropout: dropout, stream: 2,
            op: "BertOutput residual")
        return (out, cache ? Cache(dense: dc, layerNorm: lc, dropout: dropout) : nil)
    }

    /// dy: [N, C] → (dHidden [N, I], dInput [N, C]) and the gradient as a `BertOutput`.
    public func backward(_ dy: Tensor, cache: Cache?) throws -> (Tensor, Tensor, BertOutput) {
        let cache = try requireCache(cache, "BertOutput")
        let (dSum, gLN) = try layerNorm.backward(dy, cache: cache.layerNorm)
        var dDense = dSum
        cache.dropout?.apply(&dDense, stream: 2)
        let (dHidden, gDense) = try dense.backward(dDense, cache: cache.dense)
        var grad = self
        grad.dense = gDense
        grad.layerNorm = gLN
        return (dHidden, dSum, grad)
    }
}

/// `BertLayer`: attention, then the feed-forward block (`BertIntermediate`, `BertOutput`).
public struct BertLayer: Sendable {
    public var attention: BertAttention
    public var intermediate: BertIntermediate
    public var output: BertOutput

    public struct Cache: Sendable {
        public let attention: BertAttention.Cache?, intermediate: BertIntermediate.Cache?, output: BertOutput.Cache?
    }

    /// Reads `encoder.layer.<index>.*`.
    public init(_ w: WeightReader, index: Int, config c: BertConfig) throws {
        let p = "encoder.layer.\(index)"
        attention = try BertAttention(w, p + ".attention", config: c)
        intermediate = try BertIntermediate(w, p + ".intermediate", config: c)
        output = try BertOutput(w, p + ".output", config: c)
    }

    /// x: [N, C] → [N, C]
    public func forward(_ x: Tensor, batch: TokenBatch, cache: Bool = false, dropout: DropoutPlan? = nil) throws -> (Tensor, Cache?) {
        let (a, ac) = try attention.forward(x, batch: batch, cache: cache, dropout: dropout)
        let (i, ic) = try intermediate.forward(a, cache: cache)
        let (y, oc) = try output.forward(i, input: a, cache: cache, dropout: dropout?.hidden)
        return (y, cache ? Cache(attention: ac, intermediate: ic, output: oc) : nil)
    }

    /// dy: [N, C] → dx: [N, C], and the gradient as a `BertLayer`.
    public func backward(_ dy: Tensor, cache: Cache?, batch: TokenBatch) throws -> (Tensor, BertLayer) {
        let cache = try requireCache(cache, "BertLayer")
        let (dI, dA, gOut) = try output.backward(dy, cache: cache.output)
        var (dA2, gInt) = try intermediate.backward(dI, cache: cache.intermediate)
        dA2.add(dA)
        let (dx, gAtt) = try attention.backward(dA2, cache: cache.attention, batch: batch)
        var grad = self
        grad.attention = gAtt
        grad.intermediate = gInt
        grad.output = gOut
        return (dx, grad)
    }
}
