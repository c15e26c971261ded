import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The embedded engine: a durable, partitioned, append-only log in one folder (`workspace/log/`).
///
/// ```
/// log/
///   .lock                          flock: one process opens the log at a time
///   jobs/topic.json                {"partitions": 3}
///   jobs/0/00000000000000000000.log   segment: record batches (see RecordBatch)
///   jobs/0/00000000000000000000.index offset index: (base offset, byte position) per batch
///   __consumer_offsets/<group>.json   committed offsets, replaced by write-then-rename
/// ```
/// Opening recovers every partition (see ``PartitionLog``); what it repaired is in
/// ``recoveryEvents``. Not thread-safe: use one instance from one task at a time.
public final class EmbeddedLog: EventLog {
    public let directory: String
    public let configuration: EmbeddedLogConfiguration
    private var topics: [String: [PartitionLog]] = [:]
    /// The `.lock` descriptor; -1 for a read-only view, which takes no lock.
    private let lockDescriptor: Int32
    /// Whether this is a read-only view (``init(readingWhileWrittenAt:configuration:)``).
    public let readOnly: Bool
    /// Runs the `.everyBatch` syncs on a thread of their own (see ``BackgroundSyncer``).
    let syncer = BackgroundSyncer()

    /// Opens (creating if needed) the log in `directory` and recovers every existing topic.
    /// - Throws: `EventLogError.io` if the folder cannot be created or another process holds it.
    public init(directory: String, configuration: EmbeddedLogConfiguration = EmbeddedLogConfiguration()) throws {
        self.directory = directory
        self.configuration = configuration
        try LogFile.createFolder(directory)
        let lockPath = directory + "/.lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LogFile.error(lockPath, "open") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw EventLogError.io(file: lockPath, operation: "flock", reason: "the log is open in another process")
        }
        lockDescriptor = fd
        readOnly = false
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names.sorted() where name.isValidLogName && !name.hasPrefix("__") {
            let metadata = topicFile(name)
            guard FileManager.default.fileExists(atPath: metadata) else { continue }
            try openTopic(name, partitions: try readPartitionCount(metadata))
        }
    }

    /// Opens a read-only view of the log in `directory` beside the process that writes it (an
    /// `ingest` run): no lock is taken, nothing is created, cut off or rewritten, and each
    /// partition is served up to its last whole, checksummed batch as the files hold it now.
    /// Open a new view to see what was appended since. Consumers made from it read and commit
    /// their own group's offsets (`__consumer_offsets/<group>.json`, replaced atomically), so
    /// one process per group, as ever.
    ///
    /// Topics that do not exist yet are absent (`makeConsumer` throws `unknownTopic`).
    public init(readingWhileWrittenAt directory: String, configuration: EmbeddedLogConfiguration = EmbeddedLogConfiguration()) throws {
        self.directory = directory
        self.configuration = configuration
        lockDescriptor = -1
        readOnly = true
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names.sorted() where name.isValidLogName && !name.hasPrefix("__") {
            let metadata = topicFile(name)
            guard FileManager.default.fileExists(atPath: metadata) else { continue }
            let count = try readPartitionCount(metadata)
            topics[name] = try (0..<count).map {
                try PartitionLog(topic: name, partition: $0, directory: "\(directory)/\(name)/\($0)", configuration: configuration, readOnly: true)
            }
        }
    }

    deinit {
        syncer.stop()
        if lockDescriptor >= 0 {
            flock(lockDescriptor, LOCK_UN)
            close(lockDescriptor)
        }
    }

    /// What opening found and repaired: torn tails cut off, damaged ranges refused.
    public var recoveryEvents: [RecoveryEvent] {
        topics.keys.sorted().flatMap { topics[$0]!.flatMap(\.events) }
    }

    public func createTopic(_ name: String, partitions: Int) throws {
        guard !readOnly else { throw EventLogError.invalidArgument("cannot create topic '\(name)': the log is open read-only") }
        guard name.isValidLogName, !name.hasPrefix("__") else {
            throw EventLogError.invalidArgument("invalid topic name '\(name)': use 1-200 of A-Z a-z 0-9 . _ -")
        }
        guard partitions > 0, partitions <= Self.maxPartitions else {
            throw EventLogError.invalidArgument("topic '\(name)': partition count \(partitions) out of range 1...\(Self.maxPartitions)")
        }
        if let existing = topics[name] {
            guard existing.count == partitions else {
                throw EventLogError.partitionCountMismatch(topic: name, existing: existing.count, requested: partitions)
            }
            return
        }
        try LogFile.createFolder(directory + "/" + name)  // fsyncs the log folder
        try openTopic(name, partitions: partitions)
        try LogFile.replaceAtomically(path: topicFile(name), with: Array("{\"partitions\": \(partitions)}\n".utf8))
    }

    public func partitionCount(of topic: String) throws -> Int {
        try partitions(of: topic).count
    }

    public func makeProducer() throws -> any LogProducer {
        guard !readOnly else { throw EventLogError.invalidArgument("cannot produce: the log is open read-only") }
        return EmbeddedProducer(log: self)
    }

    public func makeConsumer(group: String, topics: [String], from start: ConsumerStart) throws -> any LogConsumer {
        try EmbeddedConsumer(log: self, group: group, topics: topics, from: start)
    }

    /// The offset the next record of `topic`/`partition` will get (its high-water mark).
    public func endOffset(topic: String, partition: Int) throws -> Int64 {
        try partitionLog(topic, partition).endOffset
    }

    /// Reads records of one partition from `offset` on, outside any consumer group.
    /// - Returns: up to `maxRecords` records; empty at the end of the partition. Stops before a
    ///   damaged batch, which the next read starting there reports.
    /// - Throws: `EventLogError.corruptBatch` if the batch holding `offset` is damaged.
    public func read(topic: String, partition: Int, from offset: Int64, maxRecords: Int) throws -> [ConsumedRecord] {
        var records: [ConsumedRecord] = []
        let log = try partitionLog(topic, partition)
        var position = offset
        while records.count < maxRecords {
            let next: Int64
            do {
                next = try log.read(from: position, maxRecords: maxRecords - records.count) { offset, key, value in
                    records.append(ConsumedRecord(topic: topic, partition: partition, offset: offset, key: Array(key), value: Array(value)))
                }
            } catch {
                if records.isEmpty { throw error }  // the records before the damage; the next read throws
                break
            }
            if next == position { break }
            position = next
        }
        return records
    }

    func partitions(of topic: String) throws -> [PartitionLog] {
        guard let logs = topics[topic] else { throw EventLogError.unknownTopic(topic) }
        return logs
    }

    func partitionLog(_ topic: String, _ partition: Int) throws -> PartitionLog {
        let logs = try partitions(of: topic)
        guard partition >= 0, partition < logs.count else {
            throw EventLogError.unknownPartition(topic: topic, partition: partition)
        }
        return logs[partition]
    }

    private func openTopic(_ name: String, partitions: Int) throws {
        topics[name] = try (0..<partitions).map {
            try PartitionLog(topic: name, partition: $0, directory: "\(directory)/\(name)/\($0)", configuration: configuration, syncer: configuration.backgroundSync ? syncer : nil)
        }
    }

    private func topicFile(_ name: String) -> String { "\(directory)/\(name)/topic.json" }

    private func readPartitionCount(_ path: String) throws -> Int {
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let count = object["partitions"] as? Int, count > 0, count <= Self.maxPartitions
        else { throw EventLogError.badFile(file: path, reason: "expected {\"partitions\": N} with 1 ≤ N ≤ \(Self.maxPartitions)") }
        return count
    }

    /// The most partitions a topic may have (also the bound on what `topic.json` may claim).
    static let maxPartitions = 10_000

    var offsetsFolder: String { directory + "/__consumer_offsets" }
}
