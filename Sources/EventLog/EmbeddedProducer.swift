/// The embedded engine's producer: one pending batch per partition, written when it reaches
/// `batchBytes` or at `flush()`.
final class EmbeddedProducer: LogProducer {
    private let log: EmbeddedLog
    private var pending: [String: [RecordBatchBuilder]] = [:]
    private var touched: [PartitionLog] = []

    init(log: EmbeddedLog) {
        self.log = log
    }

    func send(topic: String, key: [UInt8], value: [UInt8]) throws {
        let partitions = try log.partitions(of: topic)
        let partition = Murmur2Partitioner.partition(forKey: key, partitionCount: partitions.count)
        if pending[topic] == nil {
            pending[topic] = Array(repeating: RecordBatchBuilder(), count: partitions.count)
        }
        let batchBytes = log.configuration.batchBytes
        try pending[topic]!.withUnsafeMutableBufferPointer { builders in
            key.withUnsafeBytes { k in value.withUnsafeBytes { v in builders[partition].append(key: k, value: v) } }
            if builders[partition].byteCount >= batchBytes {
                try write(&builders[partition], to: partitions[partition])
            }
        }
    }

    func flush() throws {
        for topic in pending.keys.sorted() {
            let partitions = try log.partitions(of: topic)
            try pending[topic]!.withUnsafeMutableBufferPointer { builders in
                for p in builders.indices where !builders[p].isEmpty {
                    try write(&builders[p], to: partitions[p])
                }
            }
        }
        for partition in touched { try partition.syncIfNeeded() }
        touched.removeAll()
    }

    private func write(_ builder: inout RecordBatchBuilder, to partition: PartitionLog) throws {
        let capacity = log.configuration.batchBytes
        try partition.append(&builder)
        builder = RecordBatchBuilder(capacity: capacity)
        if !touched.contains(where: { $0 === partition }) { touched.append(partition) }
    }
}
