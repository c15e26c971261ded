import Tensor

/// `transformers.models.bert.modeling_bert.BertEmbeddings`: word + position + token type
/// embeddings, then LayerNorm, then dropout (training only).
public struct BertEmbeddings: Sendable {
    /// [vocab, C]
    public var wordEmbeddings: Tensor
    /// [maxPositions, C]
    public var positionEmbeddings: Tensor
    /// [typeVocab, C]
    public var tokenTypeEmbeddings: Tensor
    public var layerNorm: LayerNorm

    /// What backward needs: the LayerNorm cache, the batch (ids, types, positions) and the dropout.
    public struct Cache: Sendable {
        public let layerNorm: LayerNorm.Cache?
        public let batch: TokenBatch
        public let dropout: Dropout?
    }

    /// A layer from its parts (tests and training build small ones).
    public init(wordEmbeddings: Tensor, positionEmbeddings: Tensor, tokenTypeEmbeddings: Tensor, layerNorm: LayerNorm) {
        self.wordEmbeddings = wordEmbeddings
        self.positionEmbeddings = positionEmbeddings
        self.tokenTypeEmbeddings = tokenTypeEmbeddings
        self.layerNorm = layerNorm
    }

    /// Reads `embeddings.*` (the keys of the walk, `visit`).
    public init(_ w: WeightReader, config c: BertConfig) throws {
        self.init(unread: c)
        try read(w)
    }

    /// ids, typeIds: [N] packed → [N, C]; positions restart at 0 for each sequence.
    ///
    /// - Throws: `TransformersError.invalidArgument` for an id, type or position out of range.
    public func forward(_ batch: TokenBatch, cache: Bool = false, dropout: DropoutPlan? = nil) throws -> (Tensor, Cache?) {
        let c = wordEmbeddings.shape[1]
        let vocab = wordEmbeddings.shape[0], maxPos = positionEmbeddings.shape[0], types = tokenTypeEmbeddings.shape[0]
        guard batch.maxLength <= maxPos else {
            throw TransformersError.invalidArgument("sequence of \(batch.maxLength) tokens exceeds max_position_embeddings \(maxPos)")
        }
        var x = Tensor(zeros: [batch.tokenCount, c])
        try x.data.withUnsafeMutableBufferPointer { px in
            try wordEmbeddings.data.withUnsafeBufferPointer { pw in
                try positionEmbeddings.data.withUnsafeBufferPointer { pp in
                    try tokenTypeEmbeddings.data.withUnsafeBufferPointer { pt in
                        for (b, start) in batch.offsets.enumerated() {
                            for t in 0..<batch.lengths[b] {
                                let i = start + t
                                let id = Int(batch.ids[i]), type = Int(batch.typeIds[i])
                                guard id >= 0 && id < vocab, type >= 0 && type < types else {
                                    throw TransformersError.invalidArgument("token id \(id) or type \(type) out of range (vocab \(vocab), types \(types))")
                                }
                                let row = px.baseAddress! + i * c
                                row.update(from: pw.baseAddress! + id * c, count: c)
                                Kernels.add(row, pp.baseAddress! + t * c, count: c)
                                Kernels.add(row, pt.baseAddress! + type * c, count: c)
                            }
                        }
                    }
                }
            }
        }
        var (y, lnCache) = try layerNorm.forward(x, cache: cache)
        let drop = dropout?.hidden
        drop?.apply(&y, stream: 0)
        return (y, cache ? Cache(layerNorm: lnCache, batch: batch, dropout: drop) : nil)
    }

    /// dy: [N, C] → the gradient as a `BertEmbeddings` (rows of the three tables that the batch
    /// used get the sum of their tokens' gradients; the rest stay zero).
    public func backward(_ dy: Tensor, cache: Cache?) throws -> BertEmbeddings {
        var grad = self
        grad.wordEmbeddings = Tensor(zeros: wordEmbeddings.shape)
        grad.positionEmbeddings = Tensor(zeros: positionEmbeddings.shape)
        grad.tokenTypeEmbeddings = Tensor(zeros: tokenTypeEmbeddings.shape)
        grad.layerNorm.weight = Tensor(zeros: layerNorm.weight.shape)
        grad.layerNorm.bias = Tensor(zeros: layerNorm.bias.shape)
        try backward(dy, cache: cache, accumulatingInto: &grad)
        return grad
    }

    /// dy: [N, C] → adds this batch's gradient to `grad` in place.
    ///
    /// Only the rows of the tables that the batch's tokens use are touched: the word-embedding
    /// gradient (vocab × C floats) is never zeroed, copied or summed whole, which is what makes
    /// accumulating over columns and GradCache mini-batches cheap.
    public func backward(_ dy: Tensor, cache: Cache?, accumulatingInto grad: inout BertEmbeddings) throws {
        let cache = try requireCache(cache, "BertEmbeddings")
        guard grad.wordEmbeddings.shape == wordEmbeddings.shape, grad.positionEmbeddings.shape == positionEmbeddings.shape,
              grad.tokenTypeEmbeddings.shape == tokenTypeEmbeddings.shape else {
            throw TensorError.shapeMismatch(op: "BertEmbeddings.backward(accumulatingInto:)", expected: describeShape(wordEmbeddings.shape),
                                            actual: describeShape(grad.wordEmbeddings.shape))
        }
        var dy = dy
        cache.dropout?.apply(&dy, stream: 0)
        let (dx, dLN) = try layerNorm.backward(dy, cache: cache.layerNorm)
        grad.layerNorm.add(dLN)
        let c = wordEmbeddings.shape[1], batch = cache.batch
        dx.data.withUnsafeBufferPointer { pdx in
            grad.wordEmbeddings.data.withUnsafeMutableBufferPointer { pw in
                grad.positionEmbeddings.data.withUnsafeMutableBufferPointer { pp in
                    grad.tokenTypeEmbeddings.data.withUnsafeMutableBufferPointer { pt in
                        for (b, start) in batch.offsets.enumerated() {
                            for t in 0..<batch.lengths[b] {
                                let i = start + t
                                let row = pdx.baseAddress! + i * c
                                Kernels.add(pw.baseAddress! + Int(batch.ids[i]) * c, row, count: c)
                                Kernels.add(pp.baseAddress! + t * c, row, count: c)
                                Kernels.add(pt.baseAddress! + Int(batch.typeIds[i]) * c, row, count: c)
                            }
                        }
                    }
                }
            }
        }
    }
}

extension BertEmbeddings: ParameterContainer {
    /// The embeddings shaped for `c`, to be read (`ParameterContainer.read`).
    init(unread c: BertConfig) {
        wordEmbeddings = .unread([c.vocabSize, c.hiddenSize])
        positionEmbeddings = .unread([c.maxPositionEmbeddings, c.hiddenSize])
        tokenTypeEmbeddings = .unread([c.typeVocabSize, c.hiddenSize])
        layerNorm = LayerNorm(unread: c.hiddenSize, eps: c.layerNormEps)
    }

    /// Keys `embeddings.*` (the prefix is the model's, usually empty).
    public mutating func visit(_ prefix: String, _ body: (String, inout Tensor) throws -> Void) rethrows {
        let p = parameterKey(prefix, "embeddings")
        try body(parameterKey(p, "word_embeddings.weight"), &wordEmbeddings)
        try body(parameterKey(p, "position_embeddings.weight"), &positionEmbeddings)
        try body(parameterKey(p, "token_type_embeddings.weight"), &tokenTypeEmbeddings)
        try layerNorm.visit(parameterKey(p, "LayerNorm"), body)
    }
}
