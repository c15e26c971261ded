import Tensor

extension BertModel {
    /// The model with every linear layer's weight converted once for `precision` (`jobmatch
    /// embed --precision`): the six products of each layer (query, key, value, attention output,
    /// intermediate, output) run at that precision, and for `bf16` and `int8` the attention
    /// products (`Q·Kᵀ`, `P·V`) run in bfloat16 (`BertSelfAttention`); embeddings, softmax, LayerNorm
    /// and GELU stay float32. For inference: training keeps `fp32`.
    public func converted(to precision: Precision) throws -> BertModel {
        var m = self
        for i in m.layers.indices {
            try m.layers[i].attention.selfAttention.query = m.layers[i].attention.selfAttention.query.converted(to: precision)
            try m.layers[i].attention.selfAttention.key = m.layers[i].attention.selfAttention.key.converted(to: precision)
            try m.layers[i].attention.selfAttention.value = m.layers[i].attention.selfAttention.value.converted(to: precision)
            try m.layers[i].attention.output.dense = m.layers[i].attention.output.dense.converted(to: precision)
            try m.layers[i].intermediate.dense = m.layers[i].intermediate.dense.converted(to: precision)
            try m.layers[i].output.dense = m.layers[i].output.dense.converted(to: precision)
        }
        return m
    }

    /// The precision the linear layers run at (that of the first layer; `converted(to:)` sets all).
    public var precision: Precision { layers.first?.intermediate.dense.precision ?? .fp32 }
}
