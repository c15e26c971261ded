import Foundation

/// Errors of the Tables module: a workspace table that is missing, unreadable, lacks a column or
/// holds a value its schema forbids.
///
/// One line each, naming the file, the column and the row; never a CV's or a posting's text.
public struct TablesError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The file is missing or cannot be read or written.
        case io
        /// A column is missing, of another type, or holds a null where the schema forbids one.
        case schema
        /// An id or row that is not in the table.
        case unknownID
    }

    public let kind: Kind
    public let path: String
    public let message: String

    public init(_ kind: Kind, path: String, _ message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
