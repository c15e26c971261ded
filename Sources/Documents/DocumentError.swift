/// Why a CV file gave no text. Names the file and the reason, never the file's content (a CV is
/// personal data).
public struct DocumentError: Error, Sendable, Codable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// Not a PDF, a DOCX or UTF-8 text (or a format we do not read, e.g. a Word 97 `.doc`).
        case unsupported
        /// A PDF without a text layer: a scan or a picture of a CV.
        case noText
        /// Damaged, truncated or inconsistent: the reader's own reason says where.
        case damaged
        /// Password-protected.
        case encrypted
        /// Over a bound of ``DocumentLimits`` (size, pages, entries, depth, time, memory).
        case tooLarge
        /// The file could not be read, or the extraction helper could not run.
        case io
    }

    public var kind: Kind
    /// The file as the user named it.
    public var file: String
    public var reason: String

    public init(_ kind: Kind, file: String, _ reason: String) {
        self.kind = kind
        self.file = file
        self.reason = reason
    }

    /// `FILE: reason`, the one line the CLI prints and the server answers.
    public var description: String { "\(file): \(reason)" }

    /// The message for a PDF whose pages have no text layer.
    public static let scanMessage = "no text in this PDF — is it a scan?"
}
