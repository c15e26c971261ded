import Tensor

/// A layer (or model) whose parameters can be walked by checkpoint key.
///
/// Parameters and gradients share one type: `backward` returns a value of the layer's own type
/// whose tensors are gradients. The optimiser, the gradient checks, checkpoints and the exporter
/// all use this one walk, in one fixed order.
///
/// ```swift
/// var model: BertModel = …
/// model.visit("") { key, t in print(key, t.shape) }   // embeddings.word_embeddings.weight [30522, 384] …
/// ```
public protocol ParameterContainer: Sendable {
    /// Calls `body` with each parameter's full key (`prefix.name`) and the tensor, always in the same order.
    mutating func visit(_ prefix: String, _ body: (String, inout Tensor) throws -> Void) rethrows
}

/// `prefix.name`, or `name` when the prefix is empty.
@inlinable
public func parameterKey(_ prefix: String, _ name: String) -> String {
    prefix.isEmpty ? name : prefix + "." + name
}

extension ParameterContainer {
    /// Every parameter as `(key, tensor)` in walk order (tensors are shared, copy-on-write).
    public func parameters(_ prefix: String = "") -> [(key: String, tensor: Tensor)] {
        var copy = self
        var out: [(key: String, tensor: Tensor)] = []
        copy.visit(prefix) { key, t in out.append((key, t)) }
        return out
    }

    /// The same structure with every tensor zero: an empty gradient.
    public func zeros() -> Self {
        var copy = self
        copy.visit("") { _, t in t = Tensor(zeros: t.shape) }
        return copy
    }

    /// Adds `other`'s tensors scaled by `scale` (gradient accumulation).
    public mutating func add(_ other: Self, scale: Float = 1) {
        let o = other.parameters()
        var i = 0
        visit("") { _, t in
            let src = o[i].tensor
            precondition(src.shape == t.shape, "add: \(o[i].key) has shape \(src.shape), expected \(t.shape)")
            t.data.withUnsafeMutableBufferPointer { pd in
                src.data.withUnsafeBufferPointer { ps in
                    guard let d = pd.baseAddress, let s = ps.baseAddress else { return }
                    if scale == 1 { Kernels.add(d, s, count: pd.count) } else { for j in 0..<pd.count { d[j] += scale * s[j] } }
                }
            }
            i += 1
        }
    }

    /// Multiplies every tensor by `s`.
    public mutating func scale(by s: Float) {
        visit("") { _, t in
            t.data.withUnsafeMutableBufferPointer { p in
                guard let b = p.baseAddress else { return }
                Kernels.scale(b, count: p.count, by: s)
            }
        }
    }

    /// Number of scalar parameters.
    public var parameterCount: Int { parameters().reduce(0) { $0 + $1.tensor.count } }
}

extension Linear: ParameterContainer {
    public mutating func visit(_ prefix: String, _ body: (String, inout Tensor) throws -> Void) rethrows {
        try body(parameterKey(prefix, "weight"), &weight)
        try body(parameterKey(prefix, "bias"), &bias)
    }
}

extension LayerNorm: ParameterContainer {
    public mutating func visit(_ prefix: String, _ body: (String, inout Tensor) throws -> Void) rethrows {
        try body(parameterKey(prefix, "weight"), &weight)
        try body(parameterKey(prefix, "bias"), &bias)
    }
}

extension BertEmbeddings: ParameterContainer {
    /// Keys `embeddings.*` (the prefix is the model's, usually empty).
    public mutating func visit(_ prefix: String, _ body: (String, inout Tensor) throws -> Void) rethrows {
        let p = parameterKey(prefix, "embeddings")
        try body(parameterKey(p, "word_embeddings.weight"), &wordEmbeddings)
        try body(parameterKey(p, "position_embeddings.weight"), &positionEmbeddings)
        try body(parameterKey(p, "token_type_embeddings.weight"), &tokenTypeEmbeddings)
        try layerNorm.visit(parameterKey(p, "LayerNorm"), body)
    }
}

extension BertSelfAttention: ParameterContainer {
    public mutating func visit(_ prefix: String, _ body: (String, inout Tensor) throws -> Void) rethrows {
        try query.visit(parameterKey(prefix, "query"), body)
        try key.visit(parameterKey(prefix, "key"), body)
        try value.visit(parameterKey(prefix, "value"), body)
    }
}

extension BertSelfOutput: ParameterContainer {
    public mutating func visit(_ prefix: String, _ body: (String, inout Tensor) throws -> Void) rethrows {
        try dense.visit(parameterKey(prefix, "dense"), body)
        try layerNorm.visit(parameterKey(prefix, "LayerNorm"), body)
    }
}

extension BertAttention: ParameterContainer {
    public mutating func visit(_ prefix: String, _ body: (String, inout Tensor) throws -> Void) rethrows {
        try selfAttention.visit(parameterKey(prefix, "self"), body)
        try output.visit(parameterKey(prefix, "output"), body)
    }
}

extension BertIntermediate: ParameterContainer {
    public mutating func visit(_ prefix: String, _ body: (String, inout Tensor) throws -> Void) rethrows {
        try dense.visit(parameterKey(prefix, "dense"), body)
    }
}

extension BertOutput: ParameterContainer {
    public mutating func visit(_ prefix: String, _ body: (String, inout Tensor) throws -> Void) rethrows {
        try dense.visit(parameterKey(prefix, "dense"), body)
        try layerNorm.visit(parameterKey(prefix, "LayerNorm"), body)
    }
}

extension BertLayer: ParameterContainer {
    public mutating func visit(_ prefix: String, _ body: (String, inout Tensor) throws -> Void) rethrows {
        try attention.visit(parameterKey(prefix, "attention"), body)
        try intermediate.visit(parameterKey(prefix, "intermediate"), body)
        try output.visit(parameterKey(prefix, "output"), body)
    }
}

extension BertModel: ParameterContainer {
    /// Keys as the checkpoint spells them without a model prefix: `embeddings.…`, `encoder.layer.3.…`.
    public mutating func visit(_ prefix: String, _ body: (String, inout Tensor) throws -> Void) rethrows {
        try embeddings.visit(prefix, body)
        for i in layers.indices {
            try layers[i].visit(parameterKey(prefix, "encoder.layer.\(i)"), body)
        }
    }
}
