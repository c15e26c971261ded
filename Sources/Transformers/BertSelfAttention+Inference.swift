import Tensor

// Inference only: the bf16 fast path (query, key and value converted to bf16, `BertModel.converted(to:)`).
extension BertSelfAttention {
    /// Query, key and value all bfloat16: inference reads its input's bfloat16 bits (`x16`).
    var readsBF16: Bool { [query, key, value].allSatisfy { $0.precision == .bf16 } }

    /// bf16 inference, x: [N, C] and, when the pass that wrote x made them, its bfloat16 bits `x16`
    /// → the context's bfloat16 bits [N, C], for a bf16 output product. The three projections read
    /// x rounded once and write q, k, v as bfloat16 bits (`projectionBits`); the attention kernel
    /// reads those and writes the context in bfloat16 (`Kernels.attention(bits:…)`): no float32
    /// q, k, v or context in memory, no rounding pass. Query, key and value must be bf16
    /// (`readsBF16`). The same bits as rounding the float32 context of `forward`.
    func contextBF16(_ x: Tensor, bf16 x16: [UInt16]?, batch: TokenBatch) throws -> [UInt16] {
        guard readsBF16, x.rank == 2, x.shape[1] == query.inFeatures, x.shape[0] == batch.tokenCount,
              x16.map({ $0.count == x.count }) ?? true else {
            throw TensorError.shapeMismatch(op: "BertSelfAttention bf16", expected: "[\(batch.tokenCount), \(query.inFeatures)], bf16",
                                            actual: "\(describeShape(x.shape)), \(query.precision)")
        }
        let n = x.shape[0], c = query.outFeatures, d = c / numHeads
        // Without the bf16 kernel on this thread: `forward`'s float32 context (x16 is x's bits,
        // which forward makes again), rounded.
        guard Kernels.attentionBF16Available(headDim: d) else { return Self.bf16Bits(try forward(x, batch: batch).0) }
        let qkv = projectionBits(x16 ?? Self.bf16Bits(x), rows: n)
        let scale = 1 / Float(d).squareRoot(), ld = 3 * c
        let tile = Kernels.attentionScratchCount(maxLength: batch.maxLength, headDim: d)
        let (lengths, offsets) = (batch.lengths, batch.offsets)
        return [UInt16](unsafeUninitializedCapacity: n * c) { out, count in
            count = n * c
            qkv.withUnsafeBufferPointer { pqkv in
                guard let base = pqkv.baseAddress, let ctx = out.baseAddress else { return }
                // q of sequence b, head h at base + row · 3C + h·d; k at + C, v at + 2C.
                func rows(_ b: Int, _ h: Int) -> (q: UnsafePointer<UInt16>, k: UnsafePointer<UInt16>, v: UnsafePointer<UInt16>, length: Int) {
                    let o = offsets[b] * ld + h * d
                    return (base + o, base + o + c, base + o + 2 * c, lengths[b])
                }
                forEachPair(batch, tile: tile) { s, b, h, following in
                    let p = rows(b, h)
                    let ran = Kernels.attention(bits: p.q, p.k, p.v, ld: ld, length: p.length, headDim: d, scale: scale,
                                                context16: ctx + offsets[b] * c + h * d, ldc: c, scratch: s,
                                                next: following.map { rows($0.b, $0.h) })
                    precondition(ran, "attention: no bfloat16 kernel for heads of \(d) on this thread")
                }
            }
        }
    }

    /// The bfloat16 bits of x [N, C] (`BFloat16.round`).
    static func bf16Bits(_ x: Tensor) -> [UInt16] {
        let n = x.rank == 2 ? x.shape[0] : 0, width = x.rank == 2 ? x.shape[1] : 0
        return x.data.withUnsafeBufferPointer { px in
            [UInt16](unsafeUninitializedCapacity: n * width) { out, initialized in
                if n * width > 0 { BFloat16.round(px.baseAddress!, rows: n, cols: width, lda: width, into: out.baseAddress!) }
                initialized = n * width
            }
        }
    }

    /// q, k, v of bf16 inference from the input's bfloat16 bits (rounded once for the three products).
    func projectionsBF16(_ bits: [UInt16], rows n: Int) -> (Tensor, Tensor, Tensor) {
        bits.withUnsafeBufferPointer { pb in
            guard let base = pb.baseAddress else {
                let empty = Tensor(zeros: [0, query.outFeatures])
                return (empty, empty, empty)
            }
            return (query.forward(bf16: base, rows: n), key.forward(bf16: base, rows: n), value.forward(bf16: base, rows: n))
        }
    }

    /// bf16 inference: the input's bfloat16 bits [N, C] → q, k, v as bfloat16 bits side by side,
    /// [N, 3C] (row i: q_i, k_i, v_i). In each thread, block by block of rows, each product lands in
    /// a float32 tile in cache, and its bias is added and the result rounded in one pass
    /// (`Kernels.biasBFloat16`): the bits of `BFloat16.round` of `projectionsBF16`'s tensors.
    func projectionBits(_ bits: [UInt16], rows n: Int) -> [UInt16] {
        let (inF, c) = (query.inFeatures, query.outFeatures), block = 128
        let layers = [query, key, value]
        return [UInt16](unsafeUninitializedCapacity: n * 3 * c) { out, count in
            count = n * 3 * c
            bits.withUnsafeBufferPointer { px in
                guard n > 0, let x = px.baseAddress, let o = out.baseAddress else { return }
                Parallel.forEachChunk(n, minPerChunk: 32, align: 16) { r in
                    let tile = UnsafeMutablePointer<Float>.allocate(capacity: min(block, r.count) * c)
                    defer { tile.deallocate() }
                    var lo = r.lowerBound
                    while lo < r.upperBound {
                        let rows = min(r.upperBound, lo + block) - lo
                        for (i, layer) in layers.enumerated() {
                            layer.product(m: rows, bf16: x + lo * inF, lda: inF, c: tile, ldc: c)
                            layer.bias.data.withUnsafeBufferPointer { pb in
                                Kernels.biasBFloat16(tile, rows: rows, cols: c, bias: pb.baseAddress!, into: o + lo * 3 * c + i * c, ldo: 3 * c)
                            }
                        }
                        lo += rows
                    }
                }
            }
        }
    }
}
