/// The Skills module's one error: what went wrong, and where (file and line, or the id).
public struct SkillsError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// The vocabulary or IDF file is missing or unreadable.
        case missingFile
        /// A line or JSON document does not have the expected shape.
        case malformed
        /// An argument breaks a rule (empty vocabulary, duplicate id).
        case invalidArgument
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
