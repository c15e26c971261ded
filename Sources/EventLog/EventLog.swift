/// The event log protocol: topics of N partitions, keyed records, consumer groups.
///
/// Two engines implement it: ``EmbeddedLog`` (files in `workspace/log/`, the default) and
/// ``KafkaLog`` (any Kafka cluster through librdkafka). Producers partition by key with Kafka's
/// murmur2 (``Murmur2Partitioner``), so both engines put a key on the same partition.
/// Delivery is at least once: a consumer commits after its output is durable, and a restart
/// resumes from the last commit.
///
/// ```swift
/// let log = try EmbeddedLog(directory: "workspace/log")
/// try log.createTopic("jobs", partitions: 3)
/// let producer = try log.makeProducer()
/// try producer.send(topic: "jobs", key: Array("job-1".utf8), value: payload)
/// try producer.flush()                       // acknowledged from here on
/// let consumer = try log.makeConsumer(group: "processing", topics: ["jobs"])
/// while true {
///     let batch = try consumer.poll(maxRecords: 1000)
///     handle(batch.records)
///     try consumer.commit()                  // after the output is durable
///     if batch.atEnd { break }
/// }
/// ```
public protocol EventLog: AnyObject {
    /// Creates `name` with `partitions` partitions; does nothing if it exists with that count.
    /// - Throws: `EventLogError.partitionCountMismatch` if it exists with another count.
    func createTopic(_ name: String, partitions: Int) throws
    /// The number of partitions of `topic`.
    func partitionCount(of topic: String) throws -> Int
    /// A producer; records are acknowledged when its `flush()` returns.
    func makeProducer() throws -> any LogProducer
    /// A consumer of `topics` in consumer group `group`, starting at the group's committed offsets
    /// (the beginning where none are committed) or, with `.beginning`, at offset 0 of every
    /// partition whatever the group committed (a batch job that rebuilds its output from the whole
    /// log and commits to record what it read).
    func makeConsumer(group: String, topics: [String], from start: ConsumerStart) throws -> any LogConsumer
}

/// Where a new consumer starts reading.
public enum ConsumerStart: Sendable, Equatable {
    /// At the group's committed offsets (the beginning where none are committed).
    case committed
    /// At the beginning of every partition; `commit()` still stores the group's new positions.
    case beginning
    /// At the given offset of each partition (topic → partition → offset; the beginning for a
    /// partition not given, the end for an offset past it): a consumer that resumes from state it
    /// kept itself (`jobmatch watch`'s join snapshot). `commit()` still stores the group's positions.
    case offsets([String: [Int: Int64]])

    /// Where this start puts one partition, given the group's committed offset (nil: none).
    func offset(topic: String, partition: Int, committed: Int64?) -> Int64 {
        switch self {
        case .committed: committed ?? 0
        case .beginning: 0
        case .offsets(let given): given[topic]?[partition] ?? 0
        }
    }
}

extension EventLog {
    /// A consumer of `topics` in `group`, starting at the group's committed offsets.
    public func makeConsumer(group: String, topics: [String]) throws -> any LogConsumer {
        try makeConsumer(group: group, topics: topics, from: .committed)
    }
}

/// Publishes keyed records.
public protocol LogProducer: AnyObject {
    /// Queues one record for the partition its key hashes to. Not acknowledged until `flush()`.
    func send(topic: String, key: [UInt8], value: [UInt8]) throws
    /// Returns when every record sent so far is acknowledged (durable as the engine defines it).
    /// - Throws: the first delivery failure; records after a failure are not acknowledged.
    func flush() throws
}

/// One record read from the log.
public struct ConsumedRecord: Sendable, Hashable {
    public var topic: String
    public var partition: Int
    public var offset: Int64
    public var key: [UInt8]
    public var value: [UInt8]

    public init(topic: String, partition: Int, offset: Int64, key: [UInt8], value: [UInt8]) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
    }
}

/// What one poll returned.
public struct ConsumerBatch: Sendable {
    /// Records in offset order within each partition; empty when nothing new arrived.
    public var records: [ConsumedRecord]
    /// True when every partition of the subscribed topics has been read to its end: a batch run
    /// can stop after handling `records`.
    public var atEnd: Bool

    public init(records: [ConsumedRecord], atEnd: Bool) {
        self.records = records
        self.atEnd = atEnd
    }
}

/// Reads records of a consumer group.
public protocol LogConsumer: AnyObject {
    /// Up to `maxRecords` records.
    func poll(maxRecords: Int) throws -> ConsumerBatch
    /// Commits, durably, the position after every record returned by `poll` so far (for the
    /// partitions of this consumer; other partitions' commits of the group are kept).
    func commit() throws
    /// The group's committed offsets for this consumer's partitions when it was made
    /// (topic → partition → next offset; a partition never committed is absent).
    var committedAtStart: [String: [Int: Int64]] { get }
}

/// Which engine the pipeline's log runs on.
public enum LogEngine: String, Sendable, CaseIterable {
    case embedded, kafka
}

/// The topics of the pipeline (../shared/DESIGN.md, "Producers").
public enum PipelineTopic {
    public static let jobs = "jobs"
    public static let cvs = "cvs"
    public static let defaultPartitions = 3
}

extension String {
    /// True if the name is a valid topic or group name here: 1–200 of `[A-Za-z0-9._-]`, not `.` or `..`.
    var isValidLogName: Bool {
        guard !isEmpty, count <= 200, self != ".", self != ".." else { return false }
        return utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                || c == 0x2E || c == 0x5F || c == 0x2D
        }
    }
}
