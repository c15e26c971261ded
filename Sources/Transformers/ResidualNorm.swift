import Tensor

/// The block `BertSelfOutput` and `BertOutput` share, `LayerNorm(dropout(dense(hidden)) + input)`:
/// one implementation (forward, backward and the walk here, inference in
/// `ResidualNorm+Inference.swift`) under the two Hugging Face names, whose keys are `dense.*` and
/// `LayerNorm.*` under `attention.output` and `output`.
///
/// The product runs block by block of rows inside the threads of the dense layer (Linear's
/// epilogue). In inference the residual add and the LayerNorm both run on each block while it is
/// in cache. In training the block gets dropout (element indices of the whole `[N, C]` output, so
/// the masks equal one `apply` over the tensor) and the residual; the LayerNorm then runs on the
/// whole sum, which its cache keeps.
public protocol ResidualNorm: ParameterContainer {
    /// [in → C]
    var dense: Linear { get set }
    /// [C]
    var layerNorm: LayerNorm { get set }
    /// The dropout stream of the site: 1 after attention, 2 after the feed-forward block.
    static var dropoutStream: UInt64 { get }
}

/// `BertSelfOutput`: the attention's dense projection [C → C], then LayerNorm of it plus the
/// attention's input (`ResidualNorm`).
public struct BertSelfOutput: ResidualNorm {
    public var dense: Linear
    public var layerNorm: LayerNorm
    public static var dropoutStream: UInt64 { 1 }

    /// A layer from its parts (tests and training build small ones).
    public init(dense: Linear, layerNorm: LayerNorm) {
        self.dense = dense
        self.layerNorm = layerNorm
    }

    /// The layer shaped for `c`, to be read (`ParameterContainer.read`).
    init(unread c: BertConfig) {
        dense = Linear(unreadIn: c.hiddenSize, out: c.hiddenSize)
        layerNorm = LayerNorm(unread: c.hiddenSize, eps: c.layerNormEps)
    }
}

/// `BertOutput`: the feed-forward block's dense projection back to the hidden size [I → C], then
/// LayerNorm of it plus the layer's input to the block (`ResidualNorm`).
public struct BertOutput: ResidualNorm {
    public var dense: Linear
    public var layerNorm: LayerNorm
    public static var dropoutStream: UInt64 { 2 }

    /// A layer from its parts (tests and training build small ones).
    public init(dense: Linear, layerNorm: LayerNorm) {
        self.dense = dense
        self.layerNorm = layerNorm
    }

    /// The layer shaped for `c`, to be read (`ParameterContainer.read`).
    init(unread c: BertConfig) {
        dense = Linear(unreadIn: c.intermediateSize, out: c.hiddenSize)
        layerNorm = LayerNorm(unread: c.hiddenSize, eps: c.layerNormEps)
    }
}

/// What `ResidualNorm.backward` needs: the dense and LayerNorm caches and the dropout.
public struct ResidualNormCache: Sendable { public let dense: Linear.Cache?, layerNorm: LayerNorm.Cache?, dropout: Dropout? }

extension ResidualNorm {
    public typealias Cache = ResidualNormCache

    /// The op errors name: `BertSelfOutput residual`, `BertOutput residual`.
    var op: String { "\(Self.self) residual" }

    /// hidden: [N, in], input: [N, C] → LayerNorm(dropout(dense(hidden)) + input): [N, C]
    public func forward(_ hidden: Tensor, input: Tensor, cache: Bool = false, dropout: Dropout? = nil) throws -> (Tensor, Cache?) {
        let c = dense.outFeatures
        guard input.shape == [hidden.rank == 2 ? hidden.shape[0] : -1, c], layerNorm.weight.count == c else {
            throw TensorError.shapeMismatch(op: op, expected: "input [\(hidden.rank == 2 ? hidden.shape[0] : -1), \(c)]",
                                            actual: describeShape(input.shape))
        }
        if !cache && dropout == nil {
            return (try inference(hidden: .float(hidden), input: input, emitBF16: false).0, nil)
        }
        let fuseNorm = !cache
        let (eps, stream) = (layerNorm.eps, Self.dropoutStream)
        let (y, dc) = try withBaseAddresses([input.data, layerNorm.weight.data, layerNorm.bias.data]) { p in
            let (inBase, g, b) = (p[0], p[1]!, p[2]!)
            return try dense.forward(hidden, cache: cache) { rows, r in
                dropout?.apply(rows, count: r.count * c, stream: stream, offset: r.lowerBound * c)
                Kernels.add(rows, inBase! + r.lowerBound * c, count: r.count * c)
                if fuseNorm { Kernels.layerNorm(rows, rows: r.count, cols: c, gamma: g, beta: b, eps: eps) }
            }
        }
        if fuseNorm { return (y, nil) }
        let (out, lc) = try layerNorm.forward(y, cache: cache)
        return (out, Cache(dense: dc, layerNorm: lc, dropout: dropout))
    }

    /// dy: [N, C] → (dHidden [N, in], dInput [N, C]) and the gradient as a layer of this type.
    public func backward(_ dy: Tensor, cache: Cache?) throws -> (Tensor, Tensor, Self) {
        let cache = try requireCache(cache, "\(Self.self)")
        let (dSum, gLN) = try layerNorm.backward(dy, cache: cache.layerNorm)
        var dDense = dSum
        cache.dropout?.apply(&dDense, stream: Self.dropoutStream)
        let (dHidden, gDense) = try dense.backward(dDense, cache: cache.dense)
        var grad = self
        grad.dense = gDense
        grad.layerNorm = gLN
        return (dHidden, dSum, grad)
    }

    public mutating func visit(_ prefix: String, _ body: (String, inout Tensor) throws -> Void) rethrows {
        try dense.visit(parameterKey(prefix, "dense"), body)
        try layerNorm.visit(parameterKey(prefix, "LayerNorm"), body)
    }
}
