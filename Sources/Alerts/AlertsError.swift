/// Errors of the Alerts module: one line each, naming the file or id and what is wrong, never a
/// CV's or a posting's text.
public struct AlertsError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// A file cannot be read or written.
        case io
        /// A file's content is not what it should be.
        case badFile
        /// A CV id that is not in the CVs table, or a search that does not exist.
        case unknownID
        /// A request that cannot be served (no consent, a score out of range …).
        case invalidArgument
    }

    public let kind: Kind
    public let path: String?
    public let message: String

    public init(_ kind: Kind, path: String? = nil, _ message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    public var description: String { path.map { "\($0): \(message)" } ?? message }
}
