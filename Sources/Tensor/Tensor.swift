/// A dense, row-major tensor of `Float`.
///
/// The storage is a Swift array, so copies are copy-on-write and a tensor can be kept in a
/// backward cache at no cost. Layers work on `[rows, cols]` views of it through raw pointers.
///
/// ```swift
/// let x = try Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
/// x.shape      // [2, 3]
/// x[1, 2]      // 6
/// ```
public struct Tensor: Sendable, Equatable {
    /// Sizes of each dimension, outermost first.
    public private(set) var shape: [Int]
    /// The elements in row-major order; `data.count == shape.reduce(1, *)`.
    public var data: [Float]

    /// A tensor with the given shape and elements.
    ///
    /// - Throws: `TensorError.invalidArgument` when `data.count` is not the product of `shape`.
    public init(shape: [Int], data: [Float]) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw TensorError.invalidArgument(op: "Tensor.init", reason: "negative size in \(describeShape(shape))")
        }
        let count = shape.reduce(1, *)
        guard data.count == count else {
            throw TensorError.invalidArgument(
                op: "Tensor.init", reason: "\(data.count) elements for shape \(describeShape(shape)) (\(count))")
        }
        self.shape = shape
        self.data = data
    }

    /// A tensor of zeros.
    public init(zeros shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative size in \(shape)")
        self.shape = shape
        self.data = [Float](repeating: 0, count: shape.reduce(1, *))
    }

    /// A tensor without a zero fill first, for outputs a product overwrites (the fills were 1.9%
    /// of a bf16 `jobmatch embed`'s CPU samples). Every element must be written before it is read:
    /// by `body`, or, with an empty `body`, by the caller right after (`BertSelfAttention`'s
    /// context, the inference feed-forward's output). An unwritten element holds whatever the
    /// memory held.
    public init(shape: [Int], writingEvery body: (UnsafeMutableBufferPointer<Float>) throws -> Void) rethrows {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative size in \(shape)")
        let count = shape.reduce(1, *)
        self.shape = shape
        self.data = try [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            try body(UnsafeMutableBufferPointer(rebasing: buffer[0..<count]))
            initialized = count
        }
    }

    /// Number of elements.
    @inlinable public var count: Int { data.count }

    /// Number of dimensions.
    @inlinable public var rank: Int { shape.count }

    /// The element at a 2-D index (rows, columns).
    public subscript(row: Int, col: Int) -> Float {
        get { data[row * shape[1] + col] }
        set { data[row * shape[1] + col] = newValue }
    }

    /// The same elements under another shape with the same count.
    ///
    /// - Throws: `TensorError.shapeMismatch` when the counts differ.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        guard newShape.reduce(1, *) == count else {
            throw TensorError.shapeMismatch(
                op: "reshape", expected: "\(count) elements", actual: describeShape(newShape))
        }
        var t = self
        t.shape = newShape
        return t
    }

    /// Throws unless the shape is `expected`.
    public func expectShape(_ expected: [Int], op: String) throws {
        guard shape == expected else {
            throw TensorError.shapeMismatch(op: op, expected: describeShape(expected), actual: describeShape(shape))
        }
    }
}
