import Tensor

// Inference only (no cache, no dropout): the fused feed-forward sweep, and the output handed to the
// next layer in bfloat16 too when that layer reads it.
extension BertLayer {
    /// Query, key and value are bfloat16: the layer's inference reads its input's bfloat16 bits.
    var readsBF16: Bool { attention.selfAttention.readsBF16 }

    /// Inference: x: [N, C] (with its bfloat16 bits `x16` when the pass that wrote x made them) →
    /// [N, C], and its bfloat16 bits with `emitBF16` (for a next layer that `readsBF16`).
    func inference(_ x: Tensor, bf16 x16: [UInt16]?, batch: TokenBatch, emitBF16: Bool) throws -> (Tensor, [UInt16]?) {
        let (a, a16) = try attention.inference(x, bf16: x16, batch: batch, emitBF16: intermediate.dense.precision == .bf16)
        return try feedForwardInference(a, bf16: a16, emitBF16: emitBF16)
    }

    /// a: [N, C] (with its bfloat16 bits `a16` for a bf16 first product, if made) →
    /// LayerNorm(dense₂(GELU(dense₁(a))) + a): [N, C], and its bfloat16 bits with `emitBF16`.
    /// Inference only.
    ///
    /// The same arithmetic as `BertIntermediate` then `BertOutput`, one block of rows at a time
    /// in each thread: the `[block, I]` intermediate lives in a per-thread scratch in cache instead
    /// of an `[N, I]` tensor (50 MB for 32 texts of 256 tokens in MiniLM, which glibc maps and
    /// unmaps, page-faulting on every batch). Bias, residual and LayerNorm run in one sweep
    /// (`Kernels.residualLayerNorm`).
    func feedForwardInference(_ a: Tensor, bf16 a16: [UInt16]? = nil, emitBF16: Bool = false) throws -> (Tensor, [UInt16]?) {
        let (d1, d2, ln) = (intermediate.dense, output.dense, output.layerNorm)
        let c = d1.inFeatures, inter = d1.outFeatures
        guard a.rank == 2, a.shape[1] == c, d2.inFeatures == inter, d2.outFeatures == c, ln.weight.count == c else {
            throw TensorError.shapeMismatch(op: "BertLayer feed-forward", expected: "[N, \(c)]", actual: describeShape(a.shape))
        }
        let n = a.shape[0], block = 128
        let readBits = a16 != nil && d1.precision == .bf16
        guard !readBits || a16!.count == a.count else {
            throw TensorError.shapeMismatch(op: "BertLayer feed-forward", expected: "\(a.count) bfloat16 values", actual: "\(a16!.count)")
        }
        // y, every row written below (no zero fill), and with emitBF16 its bfloat16 bits.
        var y = [[Float](unsafeUninitializedCapacity: n * c) { _, count in count = n * c }]
        var y16 = [emitBF16 ? [UInt16](unsafeUninitializedCapacity: n * c) { _, count in count = n * c } : []]
        withBaseAddresses([a.data, d1.bias.data, d2.bias.data, ln.weight.data, ln.bias.data], writing: &y) { p, w in
        withBaseAddresses([readBits ? a16! : []], writing: &y16) { p16, w16 in
            guard n > 0 else { return }
            let (xa, b1, b2, g, bt, ya) = (p[0]!, p[1]!, p[2]!, p[3]!, p[4]!, w[0]!)
            // A bf16 second product takes its input in bfloat16 straight from the pass that adds the
            // bias and runs GELU (`Kernels.biasGELUBFloat16`: a GELU within 1.7e-6 of the exact one,
            // cheaper than the float32 path's erf, then the bfloat16 rounding).
            let bf16Input = d2.precision == .bf16
            Parallel.forEachChunk(n, minPerChunk: 32, align: 16) { r in
                // This thread's [block, I] intermediate, and its bfloat16 bits for a bf16 second product.
                let tile = min(block, r.count) * inter, tile16 = bf16Input ? tile : 0
                let (h, h16) = (UnsafeMutablePointer<Float>.allocate(capacity: tile), UnsafeMutablePointer<UInt16>.allocate(capacity: tile16))
                h.initialize(repeating: 0, count: tile)
                h16.initialize(repeating: 0, count: tile16)
                defer { h.deallocate(); h16.deallocate() }
                var lo = r.lowerBound
                while lo < r.upperBound {
                    let rows = min(r.upperBound, lo + block) - lo
                    if readBits {
                        d1.product(m: rows, bf16: p16[0]! + lo * c, lda: c, c: h, ldc: inter)
                    } else {
                        d1.product(m: rows, a: xa + lo * c, lda: c, c: h, ldc: inter)  // at the layer's precision
                    }
                    let out = ya + lo * c
                    if bf16Input {
                        Kernels.biasGELUBFloat16(h, rows: rows, cols: inter, bias: b1, into: h16)
                        d2.product(m: rows, bf16: h16, lda: inter, c: out, ldc: c)
                    } else {
                        Kernels.addBias(h, rows: rows, cols: inter, bias: b1)
                        Kernels.geluErf(h, count: rows * inter)
                        d2.product(m: rows, a: h, lda: inter, c: out, ldc: c)
                    }
                    Kernels.residualLayerNorm(out, rows: rows, cols: c, bias: b2, residual: xa + lo * c, gamma: g,
                                              beta: bt, eps: ln.eps, bf16: emitBF16 ? w16[0]! + lo * c : nil)
                    lo += rows
                }
            }
        }}
        return (try Tensor(shape: [n, c], data: y[0]), emitBF16 ? y16[0] : nil)
    }
}
