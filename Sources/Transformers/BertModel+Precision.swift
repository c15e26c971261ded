import Tensor

extension BertModel {
    /// The model with every linear layer's weight converted once for `precision` (`jobmatch
    /// embed --precision`; `fp32` packs the float32 weights for oneDNN): the six products of each layer (query, key, value, attention output,
    /// intermediate, output) run at that precision, and for `bf16` (and `int8` where bf16 is
    /// native) the attention products (`Q·Kᵀ`, `P·V`) run in bfloat16 (`BertSelfAttention`); embeddings, softmax, LayerNorm
    /// and GELU stay float32. For inference: training keeps `fp32`.
    ///
    /// `int8` keeps one product per layer out of int8: the feed-forward output (`output.dense`,
    /// intermediate → hidden), in `Precision.int8Companion()` (bfloat16 where the CPU multiplies it
    /// natively, float32 elsewhere). Its int8 weight, one scale per output channel over 1,536 inputs,
    /// loses 2–7× more than the other five (relative squared error 1.3–4.5e-4 against ~6e-5 in
    /// all-MiniLM-L6-v2), and it alone carried half the int8 error: mean 1 − cos to fp32 on
    /// 2,864 generated texts 5.84e-4 with it in int8, 2.89e-4 in bfloat16 (docs/int8.md).
    ///
    /// The layers convert on `Parallel.threads` (each conversion rounds and reorders six weights).
    public func converted(to precision: Precision) throws -> BertModel {
        if layers.allSatisfy({ $0.intermediate.dense.packed?.precision == precision }) { return self }
        try precision.checkAvailable()
        return try mappingLayers { try $0.converted(to: precision) }
    }

    /// The model with `transform` applied to every layer, the layers on `Parallel.threads`.
    func mappingLayers(_ transform: (BertLayer) throws -> BertLayer) throws -> BertModel {
        var results = [Result<BertLayer, any Error>?](repeating: nil, count: layers.count)
        results.withUnsafeMutableBufferPointer { out in
            Parallel.forEachInterleaved(layers.count) { _, i in
                out[i] = Result { try transform(layers[i]) }
            }
        }
        var m = self
        m.layers = try results.map { try $0!.get() }
        return m
    }

    /// The precision the model was converted to (that of the first layer's intermediate product).
    public var precision: Precision { layers.first?.intermediate.dense.precision ?? .fp32 }

    /// The model without converted weights: every product float32 `sgemm` on the weights as they
    /// are, what training runs (its weights change every step; a loaded model is converted for
    /// inference, `init(config:weights:precision:)`).
    public func trainable() -> BertModel {
        var m = self
        m.layers = layers.map { $0.trainable() }
        return m
    }
}

extension BertModel {
    /// The model for one training step in `precision` (`Linear.mixedPrecision`: the six products
    /// of each layer, forward and input gradient, in bfloat16 for `bf16`; `fp32`: `trainable()`).
    /// Made from the float32 weights at every step, on `Parallel.threads`.
    public func mixedPrecision(_ precision: Precision) throws -> BertModel {
        guard precision != .fp32 else { return trainable() }
        try precision.checkAvailable()
        return try mappingLayers { layer in try layer.mappingLinears { try $0.mixedPrecision(precision) } }
    }
}

extension BertLayer {
    /// The layer with its six linear layers converted for `precision` (`BertModel.converted(to:)`):
    /// with `int8`, the feed-forward output is in `Precision.int8Companion()`.
    public func converted(to precision: Precision) throws -> BertLayer {
        let feedForwardOutput: Precision = precision == .int8 ? Precision.int8Companion() : precision
        var l = try mappingLinears { try $0.converted(to: precision) }
        l.output.dense = try output.dense.converted(to: feedForwardOutput)
        return l
    }

    /// The layer with its six linear layers' converted weights dropped (`BertModel.trainable()`).
    public func trainable() -> BertLayer {
        mappingLinears { $0.trainable() }
    }

    /// The layer with `transform` applied to each of its six linear layers (query, key, value,
    /// attention output, intermediate, output).
    func mappingLinears(_ transform: (Linear) throws -> Linear) rethrows -> BertLayer {
        var l = self
        l.attention.selfAttention.query = try transform(l.attention.selfAttention.query)
        l.attention.selfAttention.key = try transform(l.attention.selfAttention.key)
        l.attention.selfAttention.value = try transform(l.attention.selfAttention.value)
        l.attention.output.dense = try transform(l.attention.output.dense)
        l.intermediate.dense = try transform(l.intermediate.dense)
        l.output.dense = try transform(l.output.dense)
        return l
    }
}
