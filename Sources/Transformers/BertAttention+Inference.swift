import Tensor

// Inference only (no cache, no dropout): a bf16 block hands bfloat16 along instead of rounding again.
extension BertAttention {
    /// Inference: x: [N, C] (with its bfloat16 bits `x16` when the pass that wrote x made them) →
    /// [N, C], and its bfloat16 bits too with `emitBF16`. A bf16 block passes bfloat16 along
    /// (projections' input, the context for the output product) instead of rounding each input
    /// in a pass of its own.
    func inference(_ x: Tensor, bf16 x16: [UInt16]?, batch: TokenBatch, emitBF16: Bool) throws -> (Tensor, [UInt16]?) {
        let hidden: Rows
        if selfAttention.readsBF16 && output.dense.precision == .bf16 {
            hidden = .bf16(try selfAttention.contextBF16(x, bf16: x16, batch: batch))
        } else {
            hidden = .float(try selfAttention.forward(x, batch: batch).0)
        }
        return try output.inference(hidden: hidden, input: x, emitBF16: emitBF16)
    }
}
