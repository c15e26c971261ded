/// The one error type of the Processing module.
///
/// Carries the file (or stage) and a short reason, never posting or CV text.
public struct ProcessingError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A file cannot be read or written.
        case io
        /// An input table or file has the wrong shape (missing column, wrong type).
        case schema
        /// A template does not parse or render.
        case template
        /// The Spark engine failed (spark-submit missing or exited non-zero).
        case spark
        /// A bad argument (unknown mode, empty vocabulary).
        case invalidArgument
        /// The input is known to be incomplete (an ingest run without its completion record).
        case incompleteInput
    }

    public let kind: Kind
    public let message: String
    /// The file or stage the error is about, if any.
    public let file: String?

    public init(_ kind: Kind, _ message: String, file: String? = nil) {
        self.kind = kind
        self.message = message
        self.file = file
    }

    public var description: String {
        if let file { return "\(file): \(message)" }
        return message
    }
}
