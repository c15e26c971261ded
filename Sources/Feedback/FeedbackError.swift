/// The one error type of the Feedback module.
///
/// It has the shape every module's error will share (a `kind` a caller can branch on, plus a
/// one-line `message` of context: ids, file names, counts), so the server maps kinds to HTTP
/// statuses in one place. Messages carry request and job ids, never CV text or reasons typed by a
/// user, and never SQL arguments.
public struct FeedbackError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, coarsely.
    public enum Kind: String, Sendable, Equatable {
        /// A request id that the store never recorded.
        case unknownRequest
        /// A job id that was not among the results shown for the request.
        case jobNotShown
        /// A CV id that was not among the CVs shown for a request for candidates.
        case cvNotShown
        /// The caller passed an inconsistent value (empty id, duplicate rank, bad score…).
        case invalidArgument
        /// SQLite reported an error (the message holds its code and text, not the arguments).
        case database
        /// A file could not be written or read (the export).
        case io
    }

    public var kind: Kind
    /// What is wrong, in one line, without personal text.
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
