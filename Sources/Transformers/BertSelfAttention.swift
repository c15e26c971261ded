import Tensor

/// `BertSelfAttention`: multi-head scaled dot-product attention over each sequence's own tokens.
///
/// Per sequence `b` (length L) and head `h`: `P = softmax(Q_bh · K_bhᵀ / √d)`, `ctx_bh = P · V_bh`,
/// two `cblas_sgemm` calls on strided views of the `[N, C]` projections. Keys beyond a sequence
/// are never seen, which equals PyTorch's additive padding mask.
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
    }

    public init(_ w: WeightReader, _ prefix: String, config c: BertConfig) throws {
        query = try Linear(w, prefix + ".query", in: c.hiddenSize, out: c.hiddenSize)
        key = try Linear(w, prefix + ".key", in: c.hiddenSize, out: c.hiddenSize)
        value = try Linear(w, prefix + ".value", in: c.hiddenSize, out: c.hiddenSize)
        numHeads = c.numAttentionHeads
    }

    /// x: [N, C] packed → context: [N, C]
    public func forward(_ x: Tensor, batch: TokenBatch, cache: Bool = false) throws -> (Tensor, Cache?) {
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
        return (ctx, cache ? Cache(query: qc, key: kc, value: vc, q: q, k: k, v: v, probs: probs) : nil)
    }
}
