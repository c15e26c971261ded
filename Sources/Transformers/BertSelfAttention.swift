import Tensor

/// `BertSelfAttention`: multi-head scaled dot-product attention over each sequence's own tokens.
///
/// Per sequence `b` (length L) and head `h`: `P = softmax(Q_bh · K_bhᵀ / √d)`, `ctx_bh = P · V_bh`,
/// two `cblas_sgemm` calls on strided views of the `[N, C]` projections. Keys beyond a sequence
/// are never seen, which equals PyTorch's additive padding mask (padded keys get probability 0, so
/// they receive no gradient either). In training the probabilities go through dropout.
public struct BertSelfAttention: Sendable {
    public var query: Linear
    public var key: Linear
    public var value: Linear
    public let numHeads: Int

    /// What backward needs: the projections' caches, q, k, v and the attention probabilities
    /// (per sequence `[H, L, L]`, sequences concatenated).
    public struct Cache: Sendable {
        public let query: Linear.Cache?, key: Linear.Cache?, value: Linear.Cache?
        public let q: Tensor, k: Tensor, v: Tensor
        public let probs: [Float]
        public let dropout: Dropout?
    }

    public init(_ w: WeightReader, _ prefix: String, config c: BertConfig) throws {
        query = try Linear(w, prefix + ".query", in: c.hiddenSize, out: c.hiddenSize)
        key = try Linear(w, prefix + ".key", in: c.hiddenSize, out: c.hiddenSize)
        value = try Linear(w, prefix + ".value", in: c.hiddenSize, out: c.hiddenSize)
        numHeads = c.numAttentionHeads
    }

    /// x: [N, C] packed → context: [N, C]
    public func forward(_ x: Tensor, batch: TokenBatch, cache: Bool = false, dropout: Dropout? = nil) throws -> (Tensor, Cache?) {
        let (q, qc) = try query.forward(x, cache: cache)
        let (k, kc) = try key.forward(x, cache: cache)
        let (v, vc) = try value.forward(x, cache: cache)
        let c = q.shape[1], d = c / numHeads
        let scale = 1 / Float(d).squareRoot()
        var ctx = Tensor(zeros: [batch.tokenCount, c])
        let maxL = batch.maxLength
        // Scores of every head of one sequence: [H, L, L], so the softmax runs on all threads.
        var scratch = [Float](repeating: 0, count: numHeads * maxL * maxL)
        var probs: [Float] = []  // filled only when a cache is wanted
        if cache { probs.reserveCapacity(batch.lengths.reduce(0) { $0 + $1 * $1 } * numHeads) }
        let heads = numHeads
        q.data.withUnsafeBufferPointer { pq in
            k.data.withUnsafeBufferPointer { pk in
                v.data.withUnsafeBufferPointer { pv in
                    ctx.data.withUnsafeMutableBufferPointer { pc in
                        scratch.withUnsafeMutableBufferPointer { ps in
                            let s = ps.baseAddress!
                            for (b, start) in batch.offsets.enumerated() {
                                let l = batch.lengths[b]
                                for h in 0..<heads {
                                    let off = start * c + h * d
                                    BLAS.sgemm(transB: true, m: l, n: l, k: d, alpha: scale, a: pq.baseAddress! + off, lda: c,
                                               b: pk.baseAddress! + off, ldb: c, c: s + h * l * l, ldc: l)
                                }
                                Parallel.forEachChunk(heads * l, minPerChunk: max(1, (1 << 14) / l)) { r in
                                    Kernels.softmaxRows(s + r.lowerBound * l, rows: r.count, cols: l, valid: l)
                                }
                                if cache { probs.append(contentsOf: UnsafeBufferPointer(start: s, count: heads * l * l)) }
                                dropout?.apply(s, count: heads * l * l, stream: UInt64(b))
                                for h in 0..<heads {
                                    let off = start * c + h * d
                                    BLAS.sgemm(m: l, n: d, k: l, a: s + h * l * l, lda: l, b: pv.baseAddress! + off, ldb: c,
                                               c: pc.baseAddress! + off, ldc: c)
                                }
                            }
                        }
                    }
                }
            }
        }
        return (ctx, cache ? Cache(query: qc, key: kc, value: vc, q: q, k: k, v: v, probs: probs, dropout: dropout) : nil)
    }

    /// dContext: [N, C] packed → dx: [N, C], and the gradient as a `BertSelfAttention`.
    ///
    /// Per sequence and head, with `P' = dropout(P)`: `dV = P'ᵀ·dCtx`, `dP = mask ⊙ (dCtx·Vᵀ)`,
    /// `dS = P ⊙ (dP − rowsum(dP ⊙ P))`, `dQ = dS·K/√d`, `dK = dSᵀ·Q/√d`; then the three projections.
    public func backward(_ dContext: Tensor, cache: Cache?, batch: TokenBatch) throws -> (Tensor, BertSelfAttention) {
        let cache = try requireCache(cache, "BertSelfAttention")
        let (q, k, v) = (cache.q, cache.k, cache.v)
        try dContext.expectShape(q.shape, op: "BertSelfAttention.backward")
        let c = q.shape[1], d = c / numHeads, heads = numHeads
        let scale = 1 / Float(d).squareRoot()
        var dq = Tensor(zeros: q.shape), dk = Tensor(zeros: k.shape), dv = Tensor(zeros: v.shape)
        let maxL = batch.maxLength
        var dropped = [Float](repeating: 0, count: heads * maxL * maxL)
        var dp = [Float](repeating: 0, count: heads * maxL * maxL)
        let drop = cache.dropout
        cache.probs.withUnsafeBufferPointer { pp in
            q.data.withUnsafeBufferPointer { pq in
            k.data.withUnsafeBufferPointer { pk in
            v.data.withUnsafeBufferPointer { pv in
            dContext.data.withUnsafeBufferPointer { pc in
            dq.data.withUnsafeMutableBufferPointer { pdq in
            dk.data.withUnsafeMutableBufferPointer { pdk in
            dv.data.withUnsafeMutableBufferPointer { pdv in
            dropped.withUnsafeMutableBufferPointer { pd in
            dp.withUnsafeMutableBufferPointer { pg in
                var pOff = 0
                let (sd, sg) = (pd.baseAddress!, pg.baseAddress!)
                for (b, start) in batch.offsets.enumerated() {
                    let l = batch.lengths[b], block = heads * l * l
                    let p = pp.baseAddress! + pOff
                    sd.update(from: p, count: block)
                    drop?.apply(sd, count: block, stream: UInt64(b))
                    for h in 0..<heads {
                        let off = start * c + h * d
                        BLAS.sgemm(transA: true, m: l, n: d, k: l, a: sd + h * l * l, lda: l, b: pc.baseAddress! + off, ldb: c,
                                   c: pdv.baseAddress! + off, ldc: c)
                        BLAS.sgemm(transB: true, m: l, n: l, k: d, a: pc.baseAddress! + off, lda: c, b: pv.baseAddress! + off, ldb: c,
                                   c: sg + h * l * l, ldc: l)
                    }
                    drop?.apply(sg, count: block, stream: UInt64(b))
                    Kernels.softmaxRowsBackward(p, sg, rows: heads * l, cols: l)
                    for h in 0..<heads {
                        let off = start * c + h * d
                        BLAS.sgemm(m: l, n: d, k: l, alpha: scale, a: sg + h * l * l, lda: l, b: pk.baseAddress! + off, ldb: c,
                                   c: pdq.baseAddress! + off, ldc: c)
                        BLAS.sgemm(transA: true, m: l, n: d, k: l, alpha: scale, a: sg + h * l * l, lda: l, b: pq.baseAddress! + off,
                                   ldb: c, c: pdk.baseAddress! + off, ldc: c)
                    }
                    pOff += block
                }
            }}}}}}}}}
        }
        var (dx, gq) = try query.backward(dq, cache: cache.query)
        let (dxk, gk) = try key.backward(dk, cache: cache.key)
        let (dxv, gv) = try value.backward(dv, cache: cache.value)
        dx.data.withUnsafeMutableBufferPointer { p in
            dxk.data.withUnsafeBufferPointer { Kernels.add(p.baseAddress!, $0.baseAddress!, count: p.count) }
            dxv.data.withUnsafeBufferPointer { Kernels.add(p.baseAddress!, $0.baseAddress!, count: p.count) }
        }
        var grad = self
        grad.query = gq
        grad.key = gk
        grad.value = gv
        return (dx, grad)
    }
}
