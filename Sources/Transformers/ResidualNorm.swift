import Tensor

/// The tail `BertSelfOutput` and `BertOutput` share: `LayerNorm(dropout(dense(hidden)) + input)`,
/// run block by block inside the threads of the dense product (Linear's epilogue).
///
/// In inference the residual add and the LayerNorm both run on each block while it is in cache.
/// In training the block gets dropout (element indices of the whole `[N, C]` output, so the
/// masks equal one `apply` over the tensor) and the residual; the LayerNorm then runs on the
/// whole sum, which its cache keeps.
enum ResidualNorm {
    /// hidden: [N, in], input: [N, C] → ([N, C], dense cache, LayerNorm cache)
    static func forward(
        dense: Linear, layerNorm: LayerNorm, hidden: Tensor, input: Tensor, cache: Bool, dropout: Dropout?,
        stream: UInt64, op: String
    ) throws -> (Tensor, Linear.Cache?, LayerNorm.Cache?) {
        let c = dense.outFeatures
        guard input.shape == [hidden.rank == 2 ? hidden.shape[0] : -1, c], layerNorm.weight.count == c else {
            throw TensorError.shapeMismatch(op: op, expected: "input [\(hidden.rank == 2 ? hidden.shape[0] : -1), \(c)]",
                                            actual: describeShape(input.shape))
        }
        let fuseNorm = !cache
        let eps = layerNorm.eps
        let (y, dc) = try input.data.withUnsafeBufferPointer { pin in
            try layerNorm.weight.data.withUnsafeBufferPointer { pg in
                try layerNorm.bias.data.withUnsafeBufferPointer { pb in
                    let (inBase, g, b) = (pin.baseAddress, pg.baseAddress!, pb.baseAddress!)
                    return try dense.forward(hidden, cache: cache) { rows, r in
                        dropout?.apply(rows, count: r.count * c, stream: stream, offset: r.lowerBound * c)
                        Kernels.add(rows, inBase! + r.lowerBound * c, count: r.count * c)
                        if fuseNorm { Kernels.layerNorm(rows, rows: r.count, cols: c, gamma: g, beta: b, eps: eps) }
                    }
                }
            }
        }
        if fuseNorm { return (y, dc, nil) }
        let (out, lc) = try layerNorm.forward(y, cache: cache)
        return (out, dc, lc)
    }
}
