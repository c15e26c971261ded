/// The one error type of the Privacy module: a bad groups file for the bias audit, or a report
/// that cannot be written.
///
/// Messages name the file and line and say what is wrong; they quote CV ids, column names and
/// category names where that locates the problem, never CV text.
public struct PrivacyError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// The groups file breaks its format (header, field count, quoting, duplicate id).
        case badGroupsFile
        /// A file could not be read or written.
        case io
        /// A setting out of range (bootstrap count, confidence, share).
        case invalidArgument
    }

    public var kind: Kind
    /// What is wrong, in one line: `FILE:LINE: reason` for a groups file.
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
