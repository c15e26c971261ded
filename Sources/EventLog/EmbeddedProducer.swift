/// The embedded engine's producer: one pending batch per partition, written when it reaches
/// `batchBytes` or at `flush()`.
final class EmbeddedProducer: LogProducer {
    /// The partitions of one topic and their pending batches.
    private final class TopicBuffers {
        let partitions: [PartitionLog]
        var builders: [RecordBatchBuilder]

        init(partitions: [PartitionLog]) {
            self.partitions = partitions
            builders = Array(repeating: RecordBatchBuilder(), count: partitions.count)
        }
    }

    private let log: EmbeddedLog
    private let batchBytes: Int
    private var topics: [String: TopicBuffers] = [:]
    private var lastTopic: (name: String, buffers: TopicBuffers)?
    private var touched: [ObjectIdentifier: PartitionLog] = [:]

    init(log: EmbeddedLog) {
        self.log = log
        batchBytes = log.configuration.batchBytes
    }

    func send(topic: String, key: [UInt8], value: [UInt8]) throws {
        let buffers = try self.buffers(topic)
        // A batch body is at most RecordBatch.maxBodyLength (256 MiB): a larger record could
        // never be read back, so it is refused here (this also keeps each length within UInt32).
        let recordBytes = 8 + key.count + value.count
        guard recordBytes <= RecordBatch.maxBodyLength - RecordBatch.bodyFixedSize else {
            throw EventLogError.invalidArgument(
                "topic '\(topic)': record of \(key.count + value.count) bytes exceeds the embedded log's limit of \(RecordBatch.maxBodyLength - RecordBatch.bodyFixedSize - 8) bytes")
        }
        let partition = Murmur2Partitioner.partition(forKey: key, partitionCount: buffers.partitions.count)
        if !buffers.builders[partition].isEmpty,
           buffers.builders[partition].byteCount - RecordBatch.headerSize + recordBytes > RecordBatch.maxBodyLength {
            try write(buffers, partition)  // the pending batch first, so no batch passes the limit
        }
        key.withUnsafeBytes { k in value.withUnsafeBytes { v in buffers.builders[partition].append(key: k, value: v) } }
        if buffers.builders[partition].byteCount >= batchBytes {
            try write(buffers, partition)
        }
    }

    func flush() throws {
        for name in topics.keys.sorted() {
            let buffers = topics[name]!
            for p in buffers.builders.indices where !buffers.builders[p].isEmpty {
                try write(buffers, p)
            }
        }
        for partition in touched.values { try partition.syncIfNeeded() }
        touched.removeAll()
        try log.syncer.waitUntilSynced()
    }

    /// The topic's buffers; the last topic used is remembered, so a stream to one topic does no lookup.
    private func buffers(_ topic: String) throws -> TopicBuffers {
        if let lastTopic, lastTopic.name == topic { return lastTopic.buffers }
        let buffers: TopicBuffers
        if let existing = topics[topic] {
            buffers = existing
        } else {
            buffers = TopicBuffers(partitions: try log.partitions(of: topic))
            topics[topic] = buffers
        }
        lastTopic = (topic, buffers)
        return buffers
    }

    private func write(_ buffers: TopicBuffers, _ p: Int) throws {
        let partition = buffers.partitions[p]
        try partition.append(&buffers.builders[p])
        buffers.builders[p] = RecordBatchBuilder(capacity: batchBytes + batchBytes / 8)
        touched[ObjectIdentifier(partition)] = partition
    }
}
