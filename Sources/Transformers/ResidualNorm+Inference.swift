import Tensor

extension ResidualNorm {
    /// Inference: in each thread, block by block of rows, the product (`Linear.product`), then bias,
    /// residual and LayerNorm in one sweep (`Kernels.residualLayerNorm`) while the block is in cache.
    ///
    /// hidden: [N, in] (float32 rows, or their bfloat16 bits for a bf16 `dense`), input: [N, C] →
    /// LayerNorm(dense(hidden) + input): [N, C], and with `emitBF16` its bfloat16 bits too (the next
    /// bfloat16 product's input, made in the same sweep).
    func inference(hidden: Rows, input: Tensor, emitBF16: Bool) throws -> (Tensor, [UInt16]?) {
        let c = dense.outFeatures, inF = dense.inFeatures
        let n = input.rank == 2 ? input.shape[0] : -1
        guard input.shape == [n, c], layerNorm.weight.count == c, hidden.count == n * inF else {
            throw TensorError.shapeMismatch(op: op, expected: "hidden [N, \(inF)] and input [N, \(c)]",
                                            actual: "\(hidden.count) hidden values and input \(describeShape(input.shape))")
        }
        if case .bf16 = hidden, dense.precision != .bf16 {
            throw TransformersError.invalidArgument("\(op): bfloat16 rows for a \(dense.precision) product")
        }
        // y, every row written below (no zero fill), and with emitBF16 its bfloat16 bits.
        var y = [[Float](unsafeUninitializedCapacity: n * c) { _, count in count = n * c }]
        var y16 = [emitBF16 ? [UInt16](unsafeUninitializedCapacity: n * c) { _, count in count = n * c } : []]
        let eps = layerNorm.eps
        withBaseAddresses([input.data, dense.bias.data, layerNorm.weight.data, layerNorm.bias.data], writing: &y) { p, w in
        withBaseAddresses(writing: &y16) { _, w16 in
            hidden.withPointers { h, h16 in
                guard n > 0 else { return }
                let (xin, b, g, beta, ya) = (p[0]!, p[1]!, p[2]!, p[3]!, w[0]!)
                let o16 = emitBF16 ? w16[0] : nil  // an empty array's may be non-nil
                Parallel.forEachChunk(n, minPerChunk: max(32, (1 << 20) / max(1, inF * c)), align: 16) { r in
                    var lo = r.lowerBound
                    while lo < r.upperBound {
                        let rows = min(r.upperBound, lo + 256) - lo, out = ya + lo * c
                        if let h16 {
                            dense.product(m: rows, bf16: h16 + lo * inF, lda: inF, c: out, ldc: c)
                        } else {
                            dense.product(m: rows, a: h! + lo * inF, lda: inF, c: out, ldc: c)
                        }
                        Kernels.residualLayerNorm(out, rows: rows, cols: c, bias: b, residual: xin + lo * c, gamma: g, beta: beta,
                                                  eps: eps, bf16: o16.map { $0 + lo * c })
                        lo += rows
                    }
                }
            }
        }}
        return (try Tensor(shape: [n, c], data: y[0]), emitBF16 ? y16[0] : nil)
    }
}

/// The rows an inference product reads: float32, or their bfloat16 bits (made by the pass that
/// wrote them, for a bf16 layer).
enum Rows {
    case float(Tensor)
    case bf16([UInt16])

    var count: Int {
        switch self {
        case .float(let t): t.count
        case .bf16(let bits): bits.count
        }
    }

    /// `body` with the float32 rows or the bits (the other nil).
    func withPointers<R>(_ body: (UnsafePointer<Float>?, UnsafePointer<UInt16>?) throws -> R) rethrows -> R {
        switch self {
        case .float(let t): try t.data.withUnsafeBufferPointer { try body($0.baseAddress, nil) }
        case .bf16(let bits): try bits.withUnsafeBufferPointer { try body(nil, $0.baseAddress) }
        }
    }
}
