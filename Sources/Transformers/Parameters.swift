import Tensor

/// A layer (or model) whose parameters can be walked by checkpoint key.
///
/// Parameters and gradients share one type: `backward` returns a value of the layer's own type
/// whose tensors are gradients. The walk is the one place a layer names its keys: the loader
/// (`read`), the optimiser, the gradient checks, checkpoints and the exporter all use it, in one
/// fixed order.
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
    /// Replaces every tensor with the one `weights` stores under its walk key, which must have the
    /// tensor's shape: the loader, so that the keys a layer reads are the keys its walk names.
    ///
    /// A layer to be read is first built with its shapes only (`unread`), then read:
    /// `var l = BertLayer(unread: config); try l.read(weights, "encoder.layer.0")`.
    ///
    /// - Throws: `TransformersError.badTensor` naming the file and the first key that is missing,
    ///   misshapen or not floats.
    public mutating func read(_ weights: WeightReader, _ prefix: String = "") throws {
        try visit(prefix) { key, t in t = try weights.tensor(key, shape: t.shape) }
    }

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

extension Tensor {
    /// A tensor of `shape` whose values are not written yet: a slot that `read` overwrites right
    /// after (no zero fill, which for the word embeddings alone costs as much as reading them).
    /// Only for layers built to be read (`unread`); reading an element before `read` reads
    /// whatever the memory held.
    static func unread(_ shape: [Int]) -> Tensor { Tensor(shape: shape) { _ in } }
}
