import Tensor

/// `BertLayer`: attention, then the feed-forward block (`BertIntermediate`, `BertOutput`).
public struct BertLayer: Sendable {
    public var attention: BertAttention
    public var intermediate: BertIntermediate
    public var output: BertOutput

    public struct Cache: Sendable {
        public let attention: BertAttention.Cache?, intermediate: BertIntermediate.Cache?, output: BertOutput.Cache?
    }

    /// A layer from its parts (tests and training build small ones).
    public init(attention: BertAttention, intermediate: BertIntermediate, output: BertOutput) {
        self.attention = attention
        self.intermediate = intermediate
        self.output = output
    }

    /// Reads `encoder.layer.<index>.*` (the keys of the walk, `visit`).
    public init(_ w: WeightReader, index: Int, config c: BertConfig) throws {
        self.init(unread: c)
        try read(w, BertModel.layerKey(index))
    }

    /// x: [N, C] → [N, C]
    public func forward(_ x: Tensor, batch: TokenBatch, cache: Bool = false, dropout: DropoutPlan? = nil) throws -> (Tensor, Cache?) {
        if !cache && dropout == nil { return (try inference(x, bf16: nil, batch: batch, emitBF16: false).0, nil) }
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

extension BertLayer: ParameterContainer {
    /// The layer shaped for `c`, to be read (`ParameterContainer.read`).
    init(unread c: BertConfig) {
        attention = BertAttention(unread: c)
        intermediate = BertIntermediate(unread: c)
        output = BertOutput(unread: c)
    }

    public mutating func visit(_ prefix: String, _ body: (String, inout Tensor) throws -> Void) rethrows {
        try attention.visit(parameterKey(prefix, "attention"), body)
        try intermediate.visit(parameterKey(prefix, "intermediate"), body)
        try output.visit(parameterKey(prefix, "output"), body)
    }
}
