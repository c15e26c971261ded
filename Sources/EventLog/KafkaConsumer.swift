import CRdKafka
import Foundation

/// A Kafka consumer (librdkafka) of a consumer group, with manual commits and end-of-partition events.
///
/// Two ways to take partitions: ``Assignment/allPartitions`` (the default, for batch runs) reads
/// every partition of the topics in this one consumer, starting at the group's committed offsets
/// (`rd_kafka_committed` + `rd_kafka_assign`), with no group rebalance to wait for;
/// ``Assignment/balanced`` subscribes, so several processes of the group share the partitions.
/// Measured against librdkafka 2.0.2's mock cluster: a second subscriber of a group waits out the
/// previous member's session timeout (45 s) before it gets partitions, so tests use `allPartitions`.
///
/// Auto-commit is off: ``commit()`` stores the position after the last record `poll` returned,
/// synchronously, so a caller commits only once its output is durable (at least once).
/// `enable.partition.eof` tells when each partition is read to its end; ``poll(maxRecords:)``
/// reports `atEnd` once all partitions of the subscribed topics are.
public final class KafkaConsumer: LogConsumer {
    private let handle: OpaquePointer
    private let totalPartitions: Int
    private var atEndPartitions = Set<PartitionKey>()
    private var positions: [PartitionKey: Int64] = [:]
    private var committed: [PartitionKey: Int64] = [:]
    public private(set) var committedAtStart: [String: [Int: Int64]] = [:]
    /// How long one `poll` waits for records before returning an empty batch.
    public var pollTimeoutSeconds: Double = 2

    struct PartitionKey: Hashable {
        var topic: String
        var partition: Int32
    }

    /// The settings every consumer gets; `properties` may add to or override them.
    public static let defaultProperties: [String: String] = [
        "enable.auto.commit": "false",
        "enable.auto.offset.store": "false",
        "auto.offset.reset": "earliest",
        "enable.partition.eof": "true",
        "log_level": "3",
    ]

    /// How the consumer gets its partitions.
    public enum Assignment: Sendable {
        /// Every partition of the topics, from the group's committed offsets.
        case allPartitions
        /// Subscribe and let the group coordinator balance partitions among members.
        case balanced
    }

    /// Consumes `topics` (which must exist) for consumer group `group`.
    public init(
        bootstrapServers: String, group: String, topics: [String], assignment: Assignment = .allPartitions,
        start: ConsumerStart = .committed, properties: [String: String] = [:]
    ) throws {
        guard !topics.isEmpty else { throw EventLogError.invalidArgument("a consumer needs at least one topic") }
        var settings = Self.defaultProperties
        settings["bootstrap.servers"] = bootstrapServers
        settings["group.id"] = group
        settings.merge(properties) { _, new in new }
        handle = try Kafka.handle(RD_KAFKA_CONSUMER, try Kafka.configuration(settings))
        do {
            var counts: [(String, Int)] = []
            for topic in topics { counts.append((topic, try Kafka.metadata(handle, topic: topic).partitions)) }
            totalPartitions = counts.reduce(0) { $0 + $1.1 }
            try Kafka.check(rd_kafka_poll_set_consumer(handle), "rd_kafka_poll_set_consumer")
            switch assignment {
            case .balanced:
                let list = rd_kafka_topic_partition_list_new(Int32(topics.count))!
                defer { rd_kafka_topic_partition_list_destroy(list) }
                for topic in topics { rd_kafka_topic_partition_list_add(list, topic, -1) }  // RD_KAFKA_PARTITION_UA
                try Kafka.check(rd_kafka_subscribe(handle, list), "rd_kafka_subscribe")
            case .allPartitions:
                let list = rd_kafka_topic_partition_list_new(Int32(totalPartitions))!
                defer { rd_kafka_topic_partition_list_destroy(list) }
                for (topic, count) in counts {
                    for p in 0..<count { rd_kafka_topic_partition_list_add(list, topic, Int32(p)) }
                }
                try Kafka.check(rd_kafka_committed(handle, list, 30_000), "rd_kafka_committed")
                for i in 0..<Int(list.pointee.cnt) {
                    let element = list.pointee.elems[i]
                    if element.offset >= 0 {
                        committedAtStart[String(cString: element.topic), default: [:]][Int(element.partition)] = element.offset
                    }
                    switch start {
                    case .committed where element.offset >= 0: break
                    case .committed, .beginning: list.pointee.elems[i].offset = -2  // RD_KAFKA_OFFSET_BEGINNING
                    case .offsets(let given):
                        // An offset past the end is served from the end (Kafka's auto.offset.reset would restart at the beginning).
                        let topic = String(cString: element.topic), partition = Int(element.partition)
                        let wanted = given[topic]?[partition] ?? 0
                        list.pointee.elems[i].offset = wanted > 0 ? min(wanted, try Kafka.highWatermark(handle, topic: topic, partition: partition)) : -2
                    }
                }
                try Kafka.check(rd_kafka_assign(handle, list), "rd_kafka_assign")
            }
        } catch {
            rd_kafka_destroy(handle)
            throw error
        }
    }

    deinit {
        _ = rd_kafka_consumer_close(handle)
        rd_kafka_destroy(handle)
    }

    public func poll(maxRecords: Int) throws -> ConsumerBatch {
        var records: [ConsumedRecord] = []
        let deadline = Date().addingTimeInterval(pollTimeoutSeconds)
        while records.count < maxRecords {
            let wait: Int32 = records.isEmpty ? 100 : 0
            guard let message = rd_kafka_consumer_poll(handle, wait) else {
                if !records.isEmpty || isAtEnd || Date() > deadline { break }
                continue
            }
            defer { rd_kafka_message_destroy(message) }
            let m = message.pointee
            let topic = m.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
            let key = PartitionKey(topic: topic, partition: m.partition)
            if m.err == RD_KAFKA_RESP_ERR__PARTITION_EOF {
                atEndPartitions.insert(key)
                if isAtEnd { break }
                continue
            }
            if m.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                if let fatal = Kafka.fatalError(handle) { throw fatal }
                // Broker transport problems are retried by librdkafka; anything else stops the consumer.
                if m.err == RD_KAFKA_RESP_ERR__TRANSPORT || m.err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN { continue }
                throw Kafka.error(m.err, "rd_kafka_consumer_poll", topic: topic.isEmpty ? nil : topic, partition: Int(m.partition))
            }
            atEndPartitions.remove(key)
            let value = m.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: m.len)) } ?? []
            let recordKey = m.key.map { Array(UnsafeRawBufferPointer(start: $0, count: m.key_len)) } ?? []
            records.append(ConsumedRecord(topic: topic, partition: Int(m.partition), offset: m.offset, key: recordKey, value: value))
            positions[key] = m.offset + 1
        }
        return ConsumerBatch(records: records, atEnd: isAtEnd)
    }

    private var isAtEnd: Bool { totalPartitions > 0 && atEndPartitions.count >= totalPartitions }

    public func commit() throws {
        let pending = positions.filter { committed[$0.key] != $0.value }
        guard !pending.isEmpty else { return }
        let list = rd_kafka_topic_partition_list_new(Int32(pending.count))!
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for (key, offset) in pending {
            rd_kafka_topic_partition_list_add(list, key.topic, key.partition).pointee.offset = offset
        }
        try Kafka.check(rd_kafka_commit(handle, list, 0), "rd_kafka_commit")
        for i in 0..<Int(list.pointee.cnt) {
            let element = list.pointee.elems[i]
            let topic = String(cString: element.topic)
            try Kafka.check(element.err, "rd_kafka_commit", topic: topic, partition: Int(element.partition))
        }
        committed.merge(pending) { _, new in new }
    }
}
