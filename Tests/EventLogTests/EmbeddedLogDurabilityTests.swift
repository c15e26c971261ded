import Foundation
import JobMatchCore
import Testing
import TestSupport
@testable import EventLog

/// What a power loss, a failed fsync and bit rot do to the embedded log, with the
/// CrashSimulatingFileSystem standing in for the disk.
@Suite struct EmbeddedLogDurabilityTests {
    static func produce(_ log: EmbeddedLog, _ values: ClosedRange<Int>, topic: String = "jobs") throws {
        let producer = try log.makeProducer()
        for i in values { try producer.send(topic: topic, key: Array("k\(i)".utf8), value: Array("value \(i)".utf8)) }
        try producer.flush()
    }

    /// Acknowledged records survive a power loss: the topic and partition folders are fsynced in
    /// their parents when created, and the segment data before `flush` returns.
    @Test(arguments: [true, false])
    func acknowledgedRecordsSurvivePowerLoss(backgroundSync: Bool) throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let disk = CrashSimulatingFileSystem(root: URL(fileURLWithPath: folder.path))
        try DurableFile.$fileSystem.withValue(disk) {
            let log = try EmbeddedLog(directory: folder.path + "/log", configuration: EmbeddedLogConfiguration(backgroundSync: backgroundSync))
            try log.createTopic("jobs", partitions: 3)
            try Self.produce(log, 1...50)
        }
        try disk.powerLoss()
        let reopened = try EmbeddedLog(directory: folder.path + "/log")
        let records = try consumeAll(reopened, group: "g", topics: ["jobs"])
        #expect(records.count == 50)
    }

    /// A failed fsync is sticky: the flush that saw it fails, and so does every later one, even
    /// when the disk would accept the next fsync.
    @Test(arguments: [true, false])
    func aFailedFsyncFailsEveryLaterFlush(backgroundSync: Bool) throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let disk = CrashSimulatingFileSystem(root: URL(fileURLWithPath: folder.path))
        try DurableFile.$fileSystem.withValue(disk) {
            let log = try EmbeddedLog(directory: folder.path + "/log", configuration: EmbeddedLogConfiguration(backgroundSync: backgroundSync))
            try log.createTopic("jobs", partitions: 1)
            try Self.produce(log, 1...5)
            disk.failNextDescriptorSyncs(1, errno: EIO)
            #expect(throws: EventLogError.self) { try Self.produce(log, 6...10) }
            #expect(throws: EventLogError.self) { try Self.produce(log, 11...15) }
            #expect(throws: EventLogError.self) { try Self.produce(log, 16...20) }
        }
        let reopened = try EmbeddedLog(directory: folder.path + "/log")
        try Self.produce(reopened, 21...22)  // reopening clears it
    }

    /// Where a bit flips in the last batch (75 bytes: magic 0-3, length 4-7, CRC 8-11, body).
    enum Damage: CaseIterable {
        case value  // a record's value, near the end: the CRC fails
        case magic  // the header's magic
        case lengthToShorter  // the length field, smaller: a shorter "batch" fails its CRC
        case lengthPastTheEnd  // the length field, past the end of the file: looks like a torn write

        /// (byte index within the last batch, bit mask); the batch starts at `lastBatch`.
        func flip(_ bytes: inout [UInt8], lastBatch: Int) {
            switch self {
            case .value: bytes[bytes.count - 3] ^= 0x20
            case .magic: bytes[lastBatch + 1] ^= 0x04
            case .lengthToShorter: bytes[lastBatch + 4] ^= 0x20
            case .lengthPastTheEnd: bytes[lastBatch + 5] ^= 0x20
            }
        }
    }

    /// A bit flipped inside the last acknowledged batch, in its records or in its header, is
    /// corruption, reported and refused — not cut off as if it were a torn write.
    @Test(arguments: Damage.allCases)
    func bitRotInTheLastBatchIsCorruptionNotATornTail(damage: Damage) throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        do {
            let log = try EmbeddedLog(directory: folder.path)
            try log.createTopic("jobs", partitions: 1)
            try Self.produce(log, 1...3)
            try Self.produce(log, 4...6)
        }
        let segment = folder.path + "/jobs/0/" + LogSegment.fileStem(0) + ".log"
        var bytes = [UInt8](FileManager.default.contents(atPath: segment)!)
        #expect(bytes.count == 150)  // two batches of 75 bytes (same key and value lengths)
        damage.flip(&bytes, lastBatch: bytes.count / 2)
        FileManager.default.createFile(atPath: segment, contents: Data(bytes))
        let log = try EmbeddedLog(directory: folder.path)
        #expect(FileManager.default.contents(atPath: segment)!.count == bytes.count)
        #expect(log.recoveryEvents.count == 1)
        guard case .corruptRange(_, let first, let end, _)? = log.recoveryEvents.first?.kind else {
            Issue.record("expected a corrupt range, got \(log.recoveryEvents)")
            return
        }
        #expect(first == 3 && end == 6)
        #expect(throws: EventLogError.self) { _ = try log.read(topic: "jobs", partition: 0, from: 3, maxRecords: 10) }
        #expect(try log.read(topic: "jobs", partition: 0, from: 0, maxRecords: 10).count == 3)
        // New records go after the damaged batch, with offsets past it.
        try Self.produce(log, 7...7)
        #expect(try log.read(topic: "jobs", partition: 0, from: 6, maxRecords: 10).map(\.offset) == [6])
    }

    /// A torn write (the batch ends early) is still cut off.
    @Test func aShortLastBatchIsStillATornTail() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        do {
            let log = try EmbeddedLog(directory: folder.path)
            try log.createTopic("jobs", partitions: 1)
            try Self.produce(log, 1...3)
            try Self.produce(log, 4...6)
        }
        let segment = folder.path + "/jobs/0/" + LogSegment.fileStem(0) + ".log"
        let bytes = [UInt8](FileManager.default.contents(atPath: segment)!)
        FileManager.default.createFile(atPath: segment, contents: Data(bytes.dropLast(5)))
        let log = try EmbeddedLog(directory: folder.path)
        guard case .truncatedTail? = log.recoveryEvents.first?.kind else {
            Issue.record("expected a truncated tail, got \(log.recoveryEvents)")
            return
        }
        #expect(try log.endOffset(topic: "jobs", partition: 0) == 3)
    }

    @Test func aTopicFileClaimingAHugePartitionCountIsRefused() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.path + "/jobs", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: folder.path + "/jobs/topic.json", contents: Data("{\"partitions\": 1000000000}".utf8))
        #expect { _ = try EmbeddedLog(directory: folder.path) } throws: { error in
            "\(error)".contains("topic.json") && !FileManager.default.fileExists(atPath: folder.path + "/jobs/0")
        }
    }

    @Test func aRecordOverTheBatchLimitIsRefusedNotTrapped() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let log = try EmbeddedLog(directory: folder.path)
        try log.createTopic("jobs", partitions: 1)
        let producer = try log.makeProducer()
        let big = [UInt8](repeating: 7, count: RecordBatch.maxBodyLength)
        #expect { try producer.send(topic: "jobs", key: [1], value: big) } throws: { "\($0)".contains("exceeds") }
    }

    /// An index whose last offset would overflow Int64 is rebuilt from the segment, not trusted.
    @Test func anIndexWithAnOverflowingOffsetIsRebuilt() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        do {
            let log = try EmbeddedLog(directory: folder.path, configuration: EmbeddedLogConfiguration(segmentBytes: 64))
            try log.createTopic("jobs", partitions: 1)
            for i in 1...4 { try Self.produce(log, i...i) }
        }
        let index = folder.path + "/jobs/0/" + LogSegment.fileStem(0) + ".index"
        var bytes = [UInt8](FileManager.default.contents(atPath: index)!)
        bytes.append(contentsOf: withUnsafeBytes(of: (Int64.max - 1).littleEndian) { Array($0) })
        bytes.append(contentsOf: withUnsafeBytes(of: Int64(1).littleEndian) { Array($0) })
        FileManager.default.createFile(atPath: index, contents: Data(bytes))
        let log = try EmbeddedLog(directory: folder.path)
        #expect(try log.endOffset(topic: "jobs", partition: 0) == 4)
    }
}
