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
        var (y, dc) = try dense.forward(x, cache: cache)
        let pre = cache ? y : nil
        y.data.withUnsafeMutableBufferPointer { p in
            guard let base = p.baseAddress else { return }
            Parallel.forEachChunk(p.count, minPerChunk: 1 << 15) { r in Kernels.geluErf(base + r.lowerBound, count: r.count) }
        }
        return (y, cache ? Cache(dense: dc, preActivation: pre!) : nil)
    }
}

/// `BertOutput`: dense back to the hidden size, then LayerNorm of it plus the layer's input.
public struct BertOutput: Sendable {
    public var dense: Linear
    public var layerNorm: LayerNorm

    public struct Cache: Sendable { public let dense: Linear.Cache?, layerNorm: LayerNorm.Cache? }

    public init(_ w: WeightReader, _ prefix: String, config c: BertConfig) throws {
        dense = try Linear(w, prefix + ".dense", in: c.intermediateSize, out: c.hiddenSize)
        layerNorm = try LayerNorm(w, prefix + ".LayerNorm", size: c.hiddenSize, eps: c.layerNormEps)
    }

    /// hidden: [N, I], input: [N, C] → [N, C]
    public func forward(_ hidden: Tensor, input: Tensor, cache: Bool = false) throws -> (Tensor, Cache?) {
        var (y, dc) = try dense.forward(hidden, cache: cache)
        try input.expectShape(y.shape, op: "BertOutput residual")
        y.data.withUnsafeMutableBufferPointer { py in
            input.data.withUnsafeBufferPointer { Kernels.add(py.baseAddress!, $0.baseAddress!, count: py.count) }
        }
        let (out, lc) = try layerNorm.forward(y, cache: cache)
        return (out, cache ? Cache(dense: dc, layerNorm: lc) : nil)
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
    public func forward(_ x: Tensor, batch: TokenBatch, cache: Bool = false) throws -> (Tensor, Cache?) {
        let (a, ac) = try attention.forward(x, batch: batch, cache: cache)
        let (i, ic) = try intermediate.forward(a, cache: cache)
        let (y, oc) = try output.forward(i, input: a, cache: cache)
        return (y, cache ? Cache(attention: ac, intermediate: ic, output: oc) : nil)
    }
}
