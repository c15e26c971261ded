/// The one error type of the Enrichment module (skills, text normalisation, embedding templates).
///
/// Carries the file and a short reason, never posting or CV text.
public struct EnrichmentError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A template file cannot be read.
        case io
        /// A template does not parse or render.
        case template
        /// A bad argument (unknown mode, rules that do not load).
        case invalidArgument
    }

    public let kind: Kind
    public let message: String
    /// The file the error is about, if any.
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
