/// The one error type of the EventLog module.
///
/// Every case carries where it happened (topic, partition, offset, file) and, for librdkafka,
/// the error code, the C function and librdkafka's own message (`rd_kafka_err2str`). Record
/// keys and values are never included: they may hold CV or posting text (personal data).
public enum EventLogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call on a log file failed (`errno` text in `reason`).
    case io(file: String, operation: String, reason: String)
    /// A record batch failed its CRC32C check or is malformed; it is not served.
    case corruptBatch(topic: String, partition: Int, offset: Int64, file: String, position: Int64, reason: String)
    /// A file of the log (topic metadata, offsets) is not in the expected format.
    case badFile(file: String, reason: String)
    /// The topic does not exist in this log.
    case unknownTopic(String)
    /// A partition number outside `0..<partitionCount`.
    case unknownPartition(topic: String, partition: Int)
    /// A topic exists already with another partition count.
    case partitionCountMismatch(topic: String, existing: Int, requested: Int)
    /// An argument that can never be valid (empty topic name, zero partitions).
    case invalidArgument(String)
    /// librdkafka returned an error.
    case kafka(code: Int32, function: String, message: String, topic: String?, partition: Int?)
    /// librdkafka did not finish in time (flush, admin request, assignment).
    case timeout(operation: String, seconds: Double)

    /// The same error, marked as one that stays until the log is reopened.
    static func sticky(_ error: EventLogError) -> EventLogError {
        guard case .io(let file, let operation, let reason) = error, !operation.hasSuffix("(sticky)") else { return error }
        return .io(file: file, operation: "\(operation) (sticky)", reason: reason + "; nothing written since is durable: reopen the log")
    }

    public var description: String {
        switch self {
        case .io(let file, let operation, let reason):
            return "\(file): \(operation) failed: \(reason)"
        case .corruptBatch(let topic, let partition, let offset, let file, let position, let reason):
            return "\(file) (\(topic)/\(partition)) at byte \(position), offset \(offset): corrupt record batch: \(reason)"
        case .badFile(let file, let reason):
            return "\(file): \(reason)"
        case .unknownTopic(let topic):
            return "unknown topic '\(topic)'"
        case .unknownPartition(let topic, let partition):
            return "topic '\(topic)' has no partition \(partition)"
        case .partitionCountMismatch(let topic, let existing, let requested):
            return "topic '\(topic)' exists with \(existing) partitions, \(requested) requested"
        case .invalidArgument(let reason):
            return reason
        case .kafka(let code, let function, let message, let topic, let partition):
            var place = ""
            if let topic { place += " topic \(topic)" }
            if let partition { place += " partition \(partition)" }
            return "librdkafka \(function) failed (code \(code))\(place): \(message)"
        case .timeout(let operation, let seconds):
            return "\(operation) did not finish within \(seconds) s"
        }
    }
}
