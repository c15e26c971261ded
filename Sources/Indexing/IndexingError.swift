/// Errors of the Indexing module: a jobs table or vectors table that cannot be indexed, an option
/// the model cannot serve.
///
/// One line each, naming the file; never a posting's text.
public struct IndexingError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// A file the stage needs is missing or unreadable.
        case io
        /// A table's rows disagree with what the index needs (empty ids or texts, short vectors).
        case inconsistent
        /// An option that cannot be served (a dimension larger than the model's).
        case invalidArgument
        /// The Spark engine failed (spark-submit missing, a task failed, parts left unencoded).
        case spark
        /// Files changed under a merge while it was staged (`IndexMerge`).
        case conflict
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
