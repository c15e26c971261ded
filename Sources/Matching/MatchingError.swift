/// Errors of the Matching module: missing or mismatched workspace files, unknown ids, bad CVs.
///
/// One line each, naming the file or id; never the CV or posting text.
public struct MatchingError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// A file the stage needs is missing or unreadable.
        case io
        /// A table lacks a column, or files disagree (index vs table vs model).
        case inconsistent
        /// An id that is not in the table.
        case unknownID
        /// A request or option that cannot be served (no CV text, bad k …).
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
