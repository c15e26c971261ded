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

    /// A layer from its parts (tests and training build small ones).
    public init(query: Linear, key: Linear, value: Linear, numHeads: Int) {
        self.query = query
        self.key = key
        self.value = value
        self.numHeads = numHeads
    }

    /// x: [N, C] packed → context: [N, C] (the projections, then `attend`). In bf16 inference the
    /// three products read x rounded to bfloat16 once, not once each.
    public func forward(_ x: Tensor, batch: TokenBatch, cache: Bool = false, dropout: Dropout? = nil) throws -> (Tensor, Cache?) {
        let q: Tensor, k: Tensor, v: Tensor, qc: Linear.Cache?, kc: Linear.Cache?, vc: Linear.Cache?
        if !cache && readsBF16 && x.rank == 2 && x.shape[1] == query.inFeatures {
            (q, k, v) = projectionsBF16(Self.bf16Bits(x), rows: x.shape[0])
            (qc, kc, vc) = (nil, nil, nil)
        } else {
            (q, qc) = try query.forward(x, cache: cache)
            (k, kc) = try key.forward(x, cache: cache)
            (v, vc) = try value.forward(x, cache: cache)
        }
        // Every (sequence, head) pair writes its rows of its head's columns: all of ctx (no zero fill).
        var ctx = Tensor(shape: [batch.tokenCount, q.shape[1]]) { _ in }
        // Every pair writes its [L, L] probabilities whole (no zero fill: 25 MB per layer at 32 × 128 tokens).
        var probs = [Float](unsafeUninitializedCapacity: cache ? Self.probOffsets(batch, heads: numHeads).last! : 0) { _, n in
            n = cache ? Self.probOffsets(batch, heads: numHeads).last! : 0
        }
        ctx.data.withUnsafeMutableBufferPointer { pc in
            probs.withUnsafeMutableBufferPointer { pp in
                attend(q: q, k: k, v: v, batch: batch, dropout: dropout, probs: cache ? pp.baseAddress : nil, context: pc.baseAddress!)
            }
        }
        return (ctx, cache ? Cache(query: qc, key: kc, value: vc, q: q, k: k, v: v, probs: probs, dropout: dropout) : nil)
    }

    /// dContext: [N, C] packed → dx: [N, C], and the gradient as a `BertSelfAttention`.
    ///
    /// Per sequence and head, with `P' = dropout(P)`: `dV = P'ᵀ·dCtx`, `dP = mask ⊙ (dCtx·Vᵀ)`,
    /// `dS = P ⊙ (dP − rowsum(dP ⊙ P))`, `dQ = dS·K/√d`, `dK = dSᵀ·Q/√d`; then the three projections.
    /// The pairs run on `Parallel.threads` as in forward, each writing its own head's columns.
    public func backward(_ dContext: Tensor, cache: Cache?, batch: TokenBatch) throws -> (Tensor, BertSelfAttention) {
        let cache = try requireCache(cache, "BertSelfAttention")
        let (q, k, v) = (cache.q, cache.k, cache.v)
        try dContext.expectShape(q.shape, op: "BertSelfAttention.backward")
        let c = q.shape[1], d = c / numHeads, heads = numHeads
        let scale = 1 / Float(d).squareRoot()
        let maxL = batch.maxLength, threads = Parallel.threads, n = q.shape[0]
        // dq, dk and dv side by side as one [N, 3C] matrix, so the three projections' backward
        // passes run as one (`Linear.backward(stacked:)`); every pair writes its rows of its
        // head's columns of each, which covers all of it when the sequences cover every token.
        let covered = batch.lengths.reduce(0, +) == n
        var dqkv = covered ? Tensor(shape: [n, 3 * c]) { _ in } : Tensor(zeros: [n, 3 * c])
        var scratch = [Float](repeating: 0, count: 2 * threads * maxL * maxL)  // two [L, L] tiles per thread
        let drop = cache.dropout
        let probOffsets = Self.probOffsets(batch, heads: heads)
        guard cache.probs.count == probOffsets.last! else {
            throw TransformersError.invalidArgument("BertSelfAttention.backward: the cache holds another batch's probabilities")
        }
        let (lengths, offsets) = (batch.lengths, batch.offsets)
        var out = [dqkv.data, scratch]
        dqkv.data = []
        scratch = []
        withBaseAddresses([q.data, k.data, v.data, dContext.data, cache.probs], writing: &out) { r, w in
            let (qa, ka, va, ca, pa) = (r[0]!, r[1]!, r[2]!, r[3]!, r[4]!)
            let (dqa, sa) = (w[0]!, w[1]!)
            let (dka, dva, ld) = (dqa + c, dqa + 2 * c, 3 * c)
            Parallel.forEachInterleaved(lengths.count * heads) { t, item in
                let (b, h) = (item / heads, item % heads)
                let l = lengths[b], off = offsets[b] * c + h * d, doff = offsets[b] * ld + h * d
                let p = pa + probOffsets[b] + h * l * l
                let sd = sa + 2 * t * maxL * maxL, sg = sd + maxL * maxL
                sd.update(from: p, count: l * l)
                drop?.apply(sd, count: l * l, stream: UInt64(b), offset: h * l * l)
                BLAS.sgemm(transA: true, m: l, n: d, k: l, a: sd, lda: l, b: ca + off, ldb: c, c: dva + doff, ldc: ld)
                BLAS.sgemm(transB: true, m: l, n: l, k: d, a: ca + off, lda: c, b: va + off, ldb: c, c: sg, ldc: l)
                drop?.apply(sg, count: l * l, stream: UInt64(b), offset: h * l * l)
                Kernels.softmaxRowsBackward(p, sg, rows: l, cols: l)
                BLAS.sgemm(m: l, n: d, k: l, alpha: scale, a: sg, lda: l, b: ka + off, ldb: c, c: dqa + doff, ldc: ld)
                BLAS.sgemm(transA: true, m: l, n: d, k: l, alpha: scale, a: sg, lda: l, b: qa + off, ldb: c, c: dka + doff, ldc: ld)
            }
        }
        dqkv.data = out[0]
        guard let input = cache.query?.input, cache.key?.input == input, cache.value?.input == input else {
            throw TransformersError.invalidArgument("BertSelfAttention.backward: the projections' caches do not hold the same input")
        }
        let (dx, g) = try Linear.backward(stacked: [query, key, value], dy: dqkv, input: input)
        let (gq, gk, gv) = (g[0], g[1], g[2])
        var grad = self
        grad.query = gq
        grad.key = gk
        grad.value = gv
        return (dx, grad)
    }
}

// The attention itself, which forward and the bf16 inference path share.
extension BertSelfAttention {
    /// Runs `body` for every (sequence, head) pair on `Parallel.threads`, interleaved so that long
    /// and short sequences mix, with the thread's scratch of `tile` floats and the pair this thread
    /// runs next, if any (`forEachInterleaved` hands it item + stride), for prefetching.
    func forEachPair(
        _ batch: TokenBatch, tile: Int,
        _ body: (_ scratch: UnsafeMutablePointer<Float>, _ b: Int, _ h: Int, _ next: (b: Int, h: Int)?) -> Void
    ) {
        let heads = numHeads, threads = Parallel.threads
        let items = batch.lengths.count * heads, stride = Parallel.isWorker ? 1 : min(threads, items)
        var scratch = [Float](repeating: 0, count: threads * max(1, tile))
        scratch.withUnsafeMutableBufferPointer { ps in
            let sa = ps.baseAddress!
            Parallel.forEachInterleaved(items) { t, item in
                let following = item + stride < items ? item + stride : nil
                body(sa + t * tile, item / heads, item % heads, following.map { (b: $0 / heads, h: $0 % heads) })
            }
        }
    }

    /// softmax(q kᵀ / √d) v for every (sequence, head) pair into `context`, probabilities kept at
    /// `probs` (training) and dropout on them when given.
    ///
    /// Each thread runs scores, softmax, dropout and `P · V` of one pair on its own `[L, L]` tile
    /// while it is in cache (single-threaded `BLAS.sgemm` calls on strided views). In inference
    /// `Kernels.attention` runs the whole pair instead where it measured faster (heads of at most 32
    /// on AVX-512; bfloat16 products for reduced precisions).
    func attend(
        q: Tensor, k: Tensor, v: Tensor, batch: TokenBatch, dropout: Dropout?, probs: UnsafeMutablePointer<Float>?,
        context ca: UnsafeMutablePointer<Float>
    ) {
        let c = q.shape[1], d = c / numHeads, heads = numHeads
        let scale = 1 / Float(d).squareRoot()
        let maxL = batch.maxLength
        // Inference runs the fused AVX-512 kernel where it measured less time than the BLAS path below
        // (bench/encoder/attention_kernel.c, one thread): in float32 for heads of at most 32 (MiniLM) and
        // sequences of 64 tokens or more (1.01–1.22×; at L = 32 0.72–1.01×, at d = 64 0.85–1.15×), in
        // bfloat16 for `--precision bf16`, and `int8` where bf16 is its companion (1.15–1.94× at d = 32
        // and 64, L = 32…256). Where the kernel declines (no AVX-512 or AVX-512 BF16), the BLAS path runs.
        let bf16 = query.precision == .bf16 || (query.precision == .int8 && Precision.int8Companion() == .bf16)
        let fused = probs == nil && dropout == nil && (bf16 || d <= 32)
        let tile = fused ? max(maxL * maxL, Kernels.attentionScratchCount(maxLength: maxL, headDim: d)) : maxL * maxL
        // In training the probabilities of sequence b, head h are kept at probOffsets[b] + h·L².
        let probOffsets = Self.probOffsets(batch, heads: heads)
        let (lengths, offsets) = (batch.lengths, batch.offsets)
        q.data.withUnsafeBufferPointer { pq in
        k.data.withUnsafeBufferPointer { pk in
        v.data.withUnsafeBufferPointer { pv in
            guard let qa = pq.baseAddress, let ka = pk.baseAddress, let va = pv.baseAddress else { return }
            forEachPair(batch, tile: tile) { s, b, h, following in
                let l = lengths[b], off = offsets[b] * c + h * d
                let next = following.map { n in
                    let o = offsets[n.b] * c + n.h * d
                    return (q: UnsafePointer(qa + o), k: UnsafePointer(ka + o), v: UnsafePointer(va + o), length: lengths[n.b])
                }
                if fused && (bf16 || l >= 64) && Kernels.attention(q: qa + off, k: ka + off, v: va + off, ld: c, length: l, headDim: d, scale: scale,
                                              context: ca + off, ldc: c, scratch: s, bf16: bf16, next: next) { return }
                BLAS.sgemm(transB: true, m: l, n: l, k: d, alpha: scale, a: qa + off, lda: c, b: ka + off, ldb: c, c: s, ldc: l)
                Kernels.softmaxRows(s, rows: l, cols: l, valid: l)
                if let probs { (probs + probOffsets[b] + h * l * l).update(from: s, count: l * l) }
                dropout?.apply(s, count: l * l, stream: UInt64(b), offset: h * l * l)
                BLAS.sgemm(m: l, n: d, k: l, a: s, lda: l, b: va + off, ldb: c, c: ca + off, ldc: c)
            }
        }}}
    }

    /// Start of each sequence's `[H, L, L]` probabilities in the cache, and the total at the end.
    static func probOffsets(_ batch: TokenBatch, heads: Int) -> [Int] {
        var out = [0]
        out.reserveCapacity(batch.count + 1)
        for l in batch.lengths { out.append(out.last! + heads * l * l) }
        return out
    }

}

extension BertSelfAttention: ParameterContainer {
    /// The layer shaped for `c`, to be read (`ParameterContainer.read`).
    init(unread c: BertConfig) {
        query = Linear(unreadIn: c.hiddenSize, out: c.hiddenSize)
        key = Linear(unreadIn: c.hiddenSize, out: c.hiddenSize)
        value = Linear(unreadIn: c.hiddenSize, out: c.hiddenSize)
        numHeads = c.numAttentionHeads
    }

    public mutating func visit(_ prefix: String, _ body: (String, inout Tensor) throws -> Void) rethrows {
        try query.visit(parameterKey(prefix, "query"), body)
        try key.visit(parameterKey(prefix, "key"), body)
        try value.visit(parameterKey(prefix, "value"), body)
    }
}
