/// Errors of the Tensor module: an op given tensors of the wrong shape, or a bad argument.
///
/// Each case names the op and, for shapes, what was expected and what came.
public enum TensorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `op` needed `expected` but got `actual` (shapes written as `[2, 3]`).
    case shapeMismatch(op: String, expected: String, actual: String)
    /// `op` got an argument it cannot use (a negative size, a count that does not match).
    case invalidArgument(op: String, reason: String)

    public var description: String {
        switch self {
        case .shapeMismatch(let op, let expected, let actual):
            "\(op): expected shape \(expected), got \(actual)"
        case .invalidArgument(let op, let reason):
            "\(op): \(reason)"
        }
    }
}

/// Writes a shape as `[2, 3]` for error messages.
@inlinable
public func describeShape(_ shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: ", ") + "]"
}
