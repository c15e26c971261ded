/// Errors of the VectorIndex module: index files, their side files, and calls with wrong shapes.
///
/// Every message names the file (or the call) and what is wrong in one line.
public struct VectorIndexError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The file is not there or cannot be read or written.
        case io
        /// The file is not a FAISS index we can read, or it is truncated or inconsistent.
        case format
        /// The file is a valid FAISS index of a kind we do not implement (another metric, IVF, PQ …).
        case unsupported
        /// A call was given vectors of the wrong dimension, a bad k, or the wrong model.
        case invalidArgument
    }

    public let kind: Kind
    /// The file involved, when there is one.
    public let path: String?
    public let message: String

    public init(_ kind: Kind, path: String? = nil, _ message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    public var description: String { path.map { "\($0): \(message)" } ?? message }
}
