import Foundation
import Testing
import TestSupport
@testable import EventLog

@Suite struct EmbeddedLogTests {
    @Test func produceConsumeRoundTripKeepsKeyOrderPerPartition() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let log = try EmbeddedLog(directory: folder.path, configuration: .init(batchBytes: 4_096))
        try log.createTopic("jobs", partitions: 3)
        let producer = try log.makeProducer()
        for i in 0..<5_000 {
            try producer.send(topic: "jobs", key: Array("job-\(i % 50)".utf8), value: Array("record \(i)".utf8))
        }
        try producer.flush()
        let records = try consumeAll(log, group: "g", topics: ["jobs"])
        #expect(records.count == 5_000)
        for record in records {
            #expect(record.partition == Murmur2Partitioner.partition(forKey: record.key, partitionCount: 3))
        }
        // Within one key, records come back in the order sent.
        var lastByKey: [String: Int] = [:]
        for record in records.sorted(by: { ($0.partition, $0.offset) < ($1.partition, $1.offset) }) {
            let i = Int(record.value.text.split(separator: " ")[1])!
            if let previous = lastByKey[record.key.text] { #expect(previous < i) }
            lastByKey[record.key.text] = i
        }
        #expect(Set(records.map { $0.value.text }).count == 5_000)
    }

    @Test func consumerGroupResumesFromCommittedOffsetsAfterReopen() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        do {
            let log = try EmbeddedLog(directory: folder.path, configuration: .init(segmentBytes: 400, batchBytes: 200))
            try log.createTopic("cvs", partitions: 3)
            let producer = try log.makeProducer()
            for i in 0..<300 { try producer.send(topic: "cvs", key: Array("cv-\(i)".utf8), value: Array("v\(i)".utf8)) }
            try producer.flush()
            let consumer = try log.makeConsumer(group: "processing", topics: ["cvs"])
            let first = try consumer.poll(maxRecords: 100)
            #expect(first.records.count == 100)
            #expect(!first.atEnd)
            try consumer.commit()
            _ = try consumer.poll(maxRecords: 50)  // read, never committed: must come again
        }
        let reopened = try EmbeddedLog(directory: folder.path, configuration: .init(segmentBytes: 400))
        #expect(reopened.recoveryEvents.isEmpty)
        #expect(try reopened.partitionCount(of: "cvs") == 3)
        let rest = try consumeAll(reopened, group: "processing", topics: ["cvs"])
        #expect(rest.count == 200)
        let all = try consumeAll(reopened, group: "fresh", topics: ["cvs"])
        #expect(Set(all.map { $0.value.text }).count == 300)
        // Many segments were made and the offsets of each partition are dense.
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/cvs/0").filter { $0.hasSuffix(".log") }
        #expect(files.count > 1)
        for p in 0..<3 {
            let records = try reopened.read(topic: "cvs", partition: p, from: 0, maxRecords: 1_000)
            #expect(records.map(\.offset) == (0..<Int64(records.count)).map { $0 })
        }
    }

    @Test func tornTailIsTruncatedAndReported() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let segment = folder.path + "/t/0/00000000000000000000.log"
        do {
            let log = try EmbeddedLog(directory: folder.path)
            try log.createTopic("t", partitions: 1)
            let producer = try log.makeProducer()
            for i in 0..<10 { try producer.send(topic: "t", key: [1], value: Array("a\(i)".utf8)) }
            try producer.flush()
            for i in 0..<10 { try producer.send(topic: "t", key: [1], value: Array("b\(i)".utf8)) }
            try producer.flush()
        }
        // Cut the second batch in half, as a crash during its write would.
        let size = try FileManager.default.attributesOfItem(atPath: segment)[.size] as! Int
        let handle = FileHandle(forUpdatingAtPath: segment)!
        try handle.truncate(atOffset: UInt64(size - 40))
        try handle.close()
        let log = try EmbeddedLog(directory: folder.path)
        let events = log.recoveryEvents
        #expect(events.count == 1)
        guard case .truncatedTail(let bytes, _) = events.first?.kind else {
            Issue.record("expected a truncated tail, got \(events)")
            return
        }
        #expect(bytes > 0)
        let records = try consumeAll(log, group: "g", topics: ["t"])
        #expect(records.map { $0.value.text } == (0..<10).map { "a\($0)" })
        // Appending continues at the right offset after the cut.
        let producer = try log.makeProducer()
        try producer.send(topic: "t", key: [1], value: Array("c".utf8))
        try producer.flush()
        #expect(try log.endOffset(topic: "t", partition: 0) == 11)
    }

    @Test func corruptBytesInsideTheNewestSegmentAreReportedNotServed() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let segment = folder.path + "/t/0/00000000000000000000.log"
        var batchStarts: [Int] = []
        do {
            let log = try EmbeddedLog(directory: folder.path)
            try log.createTopic("t", partitions: 1)
            let producer = try log.makeProducer()
            for batch in 0..<3 {
                batchStarts.append(try FileManager.default.attributesOfItem(atPath: segment)[.size] as! Int)
                for i in 0..<10 { try producer.send(topic: "t", key: [1], value: Array("\(batch)-\(i)".utf8)) }
                try producer.flush()
            }
        }
        try flipByte(in: segment, at: batchStarts[1] + 40)
        let log = try EmbeddedLog(directory: folder.path)
        #expect(log.recoveryEvents.count == 1)
        guard case .corruptRange(_, let first, let end, let reason) = log.recoveryEvents.first?.kind else {
            Issue.record("expected a corrupt range, got \(log.recoveryEvents)")
            return
        }
        #expect(first == 10 && end == 20)
        #expect(reason.contains("CRC32C"))
        #expect(try log.read(topic: "t", partition: 0, from: 0, maxRecords: 100).count == 10)
        #expect(try log.read(topic: "t", partition: 0, from: 20, maxRecords: 100).count == 10)
        #expect(throws: EventLogError.self) { try log.read(topic: "t", partition: 0, from: 10, maxRecords: 100) }
        // A consumer gets the good records, then an error naming the partition and offset.
        let consumer = try log.makeConsumer(group: "g", topics: ["t"])
        #expect(try consumer.poll(maxRecords: 100).records.count == 10)
        do {
            _ = try consumer.poll(maxRecords: 100)
            Issue.record("the corrupt batch was served")
        } catch let error as EventLogError {
            guard case .corruptBatch(let topic, let partition, let offset, let file, _, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(topic == "t" && partition == 0 && offset == 10 && file == segment)
        }
    }

    @Test func corruptBytesInAnOlderSegmentAreDetectedOnRead() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let configuration = EmbeddedLogConfiguration(segmentBytes: 1_000, batchBytes: 200)
        do {
            let log = try EmbeddedLog(directory: folder.path, configuration: configuration)
            try log.createTopic("t", partitions: 1)
            let producer = try log.makeProducer()
            for i in 0..<200 { try producer.send(topic: "t", key: [1], value: Array("value number \(i)".utf8)) }
            try producer.flush()
        }
        try flipByte(in: folder.path + "/t/0/00000000000000000000.log", at: 300)
        let log = try EmbeddedLog(directory: folder.path, configuration: configuration)
        #expect(log.recoveryEvents.isEmpty)  // older segments are checked as they are read
        #expect(throws: EventLogError.self) { _ = try consumeAll(log, group: "g", topics: ["t"]) }
    }

    @Test func badTopicNamesAndPartitionCountsThrow() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let log = try EmbeddedLog(directory: folder.path)
        #expect(throws: EventLogError.self) { try log.createTopic("../x", partitions: 3) }
        #expect(throws: EventLogError.self) { try log.createTopic("x", partitions: 0) }
        try log.createTopic("x", partitions: 3)
        try log.createTopic("x", partitions: 3)
        #expect(throws: EventLogError.partitionCountMismatch(topic: "x", existing: 3, requested: 2)) {
            try log.createTopic("x", partitions: 2)
        }
        #expect(throws: EventLogError.unknownTopic("y")) { try log.makeProducer().send(topic: "y", key: [], value: []) }
    }

    /// Every policy keeps flushed records across a reopen (no power loss: the page cache is
    /// enough). What each policy keeps across a power loss is
    /// `EmbeddedLogDurabilityTests.theFsyncPolicyDecidesWhatAPowerLossKeeps`.
    @Test(arguments: [FsyncPolicy.everyBatch, .everyBatches(4), .never])
    func everyFsyncPolicyKeepsFlushedRecordsAcrossAReopen(policy: FsyncPolicy) throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        do {
            let log = try EmbeddedLog(directory: folder.path, configuration: .init(fsync: policy, batchBytes: 256))
            try log.createTopic("t", partitions: 3)
            let producer = try log.makeProducer()
            for i in 0..<500 { try producer.send(topic: "t", key: Array("\(i)".utf8), value: Array("\(i)".utf8)) }
            try producer.flush()
        }
        let log = try EmbeddedLog(directory: folder.path)
        #expect(try consumeAll(log, group: "g", topics: ["t"]).count == 500)
    }
}

func flipByte(in path: String, at position: Int) throws {
    let handle = FileHandle(forUpdatingAtPath: path)!
    defer { try? handle.close() }
    try handle.seek(toOffset: UInt64(position))
    let byte = handle.readData(ofLength: 1)[0]
    try handle.seek(toOffset: UInt64(position))
    handle.write(Data([byte ^ 0x5A]))
}
