/// The embedded engine's consumer: every partition of its topics, from the group's committed
/// offsets, read round-robin one fetch at a time.
///
/// The embedded log is one process; `commit()` stores the position after the last record
/// returned for this consumer's partitions, re-reading the group's file first so that two
/// consumers of one group on different topics keep each other's commits.
final class EmbeddedConsumer: LogConsumer {
    private let log: EmbeddedLog
    private let store: OffsetStore
    private let assignments: [(topic: String, partition: PartitionLog)]
    private var committed: [String: [Int: Int64]]
    private var positions: [Int64]
    private var cursor = 0

    let committedAtStart: [String: [Int: Int64]]

    init(log: EmbeddedLog, group: String, topics: [String], from start: ConsumerStart = .committed) throws {
        guard !topics.isEmpty else { throw EventLogError.invalidArgument("a consumer needs at least one topic") }
        self.log = log
        store = try OffsetStore(folder: log.offsetsFolder, group: group)
        committed = try store.load()
        var assignments: [(String, PartitionLog)] = []
        for topic in topics {
            for partition in try log.partitions(of: topic) { assignments.append((topic, partition)) }
        }
        self.assignments = assignments
        let committed = self.committed
        committedAtStart = committed.filter { topics.contains($0.key) }
        // A committed offset past the end (records lost with a power failure under
        // `FsyncPolicy.never`) restarts at the end, so that new records are not skipped.
        positions = assignments.map {
            min(start.offset(topic: $0.0, partition: $0.1.partition, committed: committed[$0.0]?[$0.1.partition]), $0.1.endOffset)
        }
    }

    func poll(maxRecords: Int) throws -> ConsumerBatch {
        var records: [ConsumedRecord] = []
        records.reserveCapacity(min(maxRecords, 65_536))
        var idle = 0
        // Round-robin over partitions so that one long partition does not starve the others.
        while records.count < maxRecords, idle < assignments.count {
            let i = cursor
            cursor = (cursor + 1) % assignments.count
            let (topic, partition) = assignments[i]
            let number = partition.partition
            let next: Int64
            do {
                next = try partition.read(from: positions[i], maxRecords: maxRecords - records.count) { offset, key, value in
                    records.append(ConsumedRecord(topic: topic, partition: number, offset: offset, key: Array(key), value: Array(value)))
                }
            } catch {
                // Hand out what was read; the next poll meets the same error first.
                if records.isEmpty { throw error }
                cursor = i
                return ConsumerBatch(records: records, atEnd: false)
            }
            if next == positions[i] { idle += 1 } else { idle = 0 }
            positions[i] = next
        }
        let atEnd = assignments.indices.allSatisfy { positions[$0] >= assignments[$0].partition.endOffset }
        return ConsumerBatch(records: records, atEnd: atEnd)
    }

    func commit() throws {
        // Re-read: another consumer of the group (other topics) may have committed since.
        let onDisk = try store.load()
        var offsets = onDisk
        for (i, assignment) in assignments.enumerated() {
            offsets[assignment.topic, default: [:]][assignment.partition.partition] = positions[i]
        }
        committed = offsets
        guard offsets != onDisk else { return }
        try store.save(offsets)
    }
}
