import Tensor

/// `BertAttention`: `BertSelfAttention` then `BertSelfOutput`.
public struct BertAttention: Sendable {
    public var selfAttention: BertSelfAttention
    public var output: BertSelfOutput

    public struct Cache: Sendable { public let selfAttention: BertSelfAttention.Cache?, output: BertSelfOutput.Cache? }

    /// A layer from its parts (tests and training build small ones).
    public init(selfAttention: BertSelfAttention, output: BertSelfOutput) {
        self.selfAttention = selfAttention
        self.output = output
    }

    /// x: [N, C] → [N, C]
    public func forward(_ x: Tensor, batch: TokenBatch, cache: Bool = false, dropout: DropoutPlan? = nil) throws -> (Tensor, Cache?) {
        let (ctx, sc) = try selfAttention.forward(x, batch: batch, cache: cache, dropout: dropout?.attention)
        let (y, oc) = try output.forward(ctx, input: x, cache: cache, dropout: dropout?.hidden)
        return (y, cache ? Cache(selfAttention: sc, output: oc) : nil)
    }

    /// dy: [N, C] → dx: [N, C] (through attention and the residual), and the gradient.
    public func backward(_ dy: Tensor, cache: Cache?, batch: TokenBatch) throws -> (Tensor, BertAttention) {
        let cache = try requireCache(cache, "BertAttention")
        let (dCtx, dResidual, gOut) = try output.backward(dy, cache: cache.output)
        var (dx, gSelf) = try selfAttention.backward(dCtx, cache: cache.selfAttention, batch: batch)
        dx.add(dResidual)
        var grad = self
        grad.selfAttention = gSelf
        grad.output = gOut
        return (dx, grad)
    }
}

extension BertAttention: ParameterContainer {
    /// The layer shaped for `c`, to be read (`ParameterContainer.read`).
    init(unread c: BertConfig) {
        selfAttention = BertSelfAttention(unread: c)
        output = BertSelfOutput(unread: c)
    }

    public mutating func visit(_ prefix: String, _ body: (String, inout Tensor) throws -> Void) rethrows {
        try selfAttention.visit(parameterKey(prefix, "self"), body)
        try output.visit(parameterKey(prefix, "output"), body)
    }
}
