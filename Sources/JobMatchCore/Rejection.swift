/// A record that a streaming stage set aside: where it was and why.
///
/// Carries position and reason only, never the record's text (personal data).
public struct Rejection: Codable, Sendable, Hashable, CustomStringConvertible {
    /// The file (or topic/partition) the record came from.
    public var source: String
    /// 1-based line where the record starts (or the log offset).
    public var line: Int
    /// Why it was rejected, one short sentence.
    public var reason: String

    public init(source: String, line: Int, reason: String) {
        self.source = source
        self.line = line
        self.reason = reason
    }

    public var description: String { "\(source):\(line): \(reason)" }
}
