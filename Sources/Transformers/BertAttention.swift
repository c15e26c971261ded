import Tensor

/// `BertSelfOutput`: dense projection, then LayerNorm of it plus the attention input.
public struct BertSelfOutput: Sendable {
    public var dense: Linear
    public var layerNorm: LayerNorm

    public struct Cache: Sendable { public let dense: Linear.Cache?, layerNorm: LayerNorm.Cache? }

    public init(_ w: WeightReader, _ prefix: String, config c: BertConfig) throws {
        dense = try Linear(w, prefix + ".dense", in: c.hiddenSize, out: c.hiddenSize)
        layerNorm = try LayerNorm(w, prefix + ".LayerNorm", size: c.hiddenSize, eps: c.layerNormEps)
    }

    /// hidden: [N, C], input: [N, C] → LayerNorm(dense(hidden) + input): [N, C]
    public func forward(_ hidden: Tensor, input: Tensor, cache: Bool = false) throws -> (Tensor, Cache?) {
        var (y, dc) = try dense.forward(hidden, cache: cache)
        try input.expectShape(y.shape, op: "BertSelfOutput residual")
        y.data.withUnsafeMutableBufferPointer { py in
            input.data.withUnsafeBufferPointer { Kernels.add(py.baseAddress!, $0.baseAddress!, count: py.count) }
        }
        let (out, lc) = try layerNorm.forward(y, cache: cache)
        return (out, cache ? Cache(dense: dc, layerNorm: lc) : nil)
    }
}

/// `BertAttention`: `BertSelfAttention` then `BertSelfOutput`.
public struct BertAttention: Sendable {
    public var selfAttention: BertSelfAttention
    public var output: BertSelfOutput

    public struct Cache: Sendable { public let selfAttention: BertSelfAttention.Cache?, output: BertSelfOutput.Cache? }

    /// Reads `<prefix>.self.*` and `<prefix>.output.*`.
    public init(_ w: WeightReader, _ prefix: String, config c: BertConfig) throws {
        selfAttention = try BertSelfAttention(w, prefix + ".self", config: c)
        output = try BertSelfOutput(w, prefix + ".output", config: c)
    }

    /// x: [N, C] → [N, C]
    public func forward(_ x: Tensor, batch: TokenBatch, cache: Bool = false) throws -> (Tensor, Cache?) {
        let (ctx, sc) = try selfAttention.forward(x, batch: batch, cache: cache)
        let (y, oc) = try output.forward(ctx, input: x, cache: cache)
        return (y, cache ? Cache(selfAttention: sc, output: oc) : nil)
    }
}
