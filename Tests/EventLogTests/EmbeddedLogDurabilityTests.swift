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

    /// The fsync policy decides what a power loss keeps, batch by batch (a reopen without a power
    /// loss cannot tell: the page cache keeps everything, with or without fsync). Before `flush()`:
    /// `.everyBatch` keeps every batch written, `.everyBatches(4)` the batches up to the last
    /// multiple of 4, `.never` nothing. After `flush()`: the first two keep everything, `.never`
    /// still nothing (it survives `kill -9` only). Inline syncs, so "before flush" is exact.
    @Test(arguments: [FsyncPolicy.everyBatch, .everyBatches(4), .never], [false, true])
    func theFsyncPolicyDecidesWhatAPowerLossKeeps(policy: FsyncPolicy, flushed: Bool) throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let disk = CrashSimulatingFileSystem(root: URL(fileURLWithPath: folder.path))
        var written: [[ConsumedRecord]] = [], kept: [Int] = []  // per partition
        var unsyncedTail = false  // some partition ends in batches `.everyBatches(4)` has not synced yet
        try DurableFile.$fileSystem.withValue(disk) {
            let configuration = EmbeddedLogConfiguration(fsync: policy, batchBytes: 256, backgroundSync: false)
            let log = try EmbeddedLog(directory: folder.path + "/log", configuration: configuration)
            try log.createTopic("t", partitions: 3)
            let producer = try log.makeProducer()
            for i in 0..<500 { try producer.send(topic: "t", key: Array("k\(i)".utf8), value: Array("value \(i)".utf8)) }
            if flushed { try producer.flush() }
            for p in 0..<3 {
                let partition = try log.partitionLog("t", p)
                let batches = partition.segments.flatMap(\.entries)  // one entry per batch written
                #expect(batches.count >= 8, "partition \(p): only \(batches.count) batches")
                written.append(try log.read(topic: "t", partition: p, from: 0, maxRecords: .max))
                switch policy {
                case .everyBatch:
                    kept.append(written[p].count)
                case .everyBatches(let n):
                    let synced = batches.count / n * n
                    if flushed || synced == batches.count {
                        kept.append(written[p].count)
                    } else {
                        kept.append(Int(batches[synced].offset))
                        unsyncedTail = true
                    }
                case .never:
                    kept.append(0)
                }
            }
        }
        if flushed { #expect(written.map(\.count).reduce(0, +) == 500) }
        if case .everyBatches = policy, !flushed { #expect(unsyncedTail, "no partition tells .everyBatches(4) from .everyBatch") }
        // A reopen without a power loss (what `kill -9` leaves) has everything written.
        do {
            let reopened = try EmbeddedLog(directory: folder.path + "/log")
            for p in 0..<3 { #expect(try reopened.read(topic: "t", partition: p, from: 0, maxRecords: .max) == written[p]) }
        }
        try disk.powerLoss()
        let reopened = try EmbeddedLog(directory: folder.path + "/log")
        #expect(reopened.recoveryEvents.isEmpty, "\(reopened.recoveryEvents)")
        for p in 0..<3 {
            let survived = try reopened.read(topic: "t", partition: p, from: 0, maxRecords: .max)
            #expect(survived == Array(written[p].prefix(kept[p])),
                    "\(policy), flushed \(flushed), partition \(p): \(survived.count) records survived, expected \(kept[p]) of \(written[p].count)")
        }
    }

    /// The SIGKILL crash test (`EmbeddedLogCrashTests`) cannot see a missing fsync: the page cache
    /// outlives a killed process. So the power is cut too, on the simulated disk, 30 times in one
    /// log's life, each time after a random number of acknowledged flushes and some records sent
    /// but not flushed. After each cut every acknowledged record is there, once, intact and in
    /// order, and producing goes on (resuming after the highest record found, as `log-torture`).
    @Test(arguments: [true, false])
    func everyAcknowledgedRecordSurvivesRandomPowerCuts(backgroundSync: Bool) throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let disk = CrashSimulatingFileSystem(root: URL(fileURLWithPath: folder.path))
        var generator = SeededGenerator(seed: backgroundSync ? 31 : 32)
        var acknowledged = Set<Int>()
        for cut in 0..<30 {
            let batchBytes = Int.random(in: 64...2_048, using: &generator)
            try DurableFile.$fileSystem.withValue(disk) {
                let configuration = EmbeddedLogConfiguration(segmentBytes: 4_096, batchBytes: batchBytes, backgroundSync: backgroundSync)
                let log = try EmbeddedLog(directory: folder.path + "/log", configuration: configuration)
                var next = try Self.verify(log, acknowledged: acknowledged, cut: cut) + 1
                try log.createTopic("torture", partitions: 3)
                let producer = try log.makeProducer()
                for _ in 0..<Int.random(in: 0...4, using: &generator) {
                    let start = next
                    for _ in 0..<Int.random(in: 1...40, using: &generator) {
                        try producer.send(topic: "torture", key: Array("key-\(next % 101)".utf8), value: tortureValue(next))
                        next += 1
                    }
                    try producer.flush()
                    acknowledged.formUnion(start..<next)
                }
                for _ in 0..<Int.random(in: 0...60, using: &generator) {
                    try producer.send(topic: "torture", key: Array("key-\(next % 101)".utf8), value: tortureValue(next))
                    next += 1
                }
            }
            try disk.powerLoss()
        }
        let log = try EmbeddedLog(directory: folder.path + "/log")
        _ = try Self.verify(log, acknowledged: acknowledged, cut: 30)
        #expect(acknowledged.count > 500)
    }

    /// Checks every record of the `torture` topic; returns the highest record number found (-1: none).
    static func verify(_ log: EmbeddedLog, acknowledged: Set<Int>, cut: Int) throws -> Int {
        for event in log.recoveryEvents {
            guard case .truncatedTail = event.kind else {
                Issue.record("cut \(cut): unexpected recovery event \(event)")
                continue
            }
        }
        guard (try? log.partitionCount(of: "torture")) != nil else {
            #expect(acknowledged.isEmpty, "cut \(cut): the topic is gone")
            return -1
        }
        var seen = Set<Int>()
        for partition in 0..<3 {
            var previous = -1
            for record in try log.read(topic: "torture", partition: partition, from: 0, maxRecords: .max) {
                guard let seq = sequenceNumber(record.value) else {
                    Issue.record("cut \(cut): partition \(partition) offset \(record.offset): unreadable value")
                    continue
                }
                #expect(record.value == tortureValue(seq), "cut \(cut): record \(seq) damaged")
                #expect(seq > previous, "cut \(cut): partition \(partition) out of order at \(seq)")
                #expect(seen.insert(seq).inserted, "cut \(cut): record \(seq) twice")
                previous = seq
            }
        }
        let missing = acknowledged.subtracting(seen)
        #expect(missing.isEmpty, "cut \(cut): \(missing.count) acknowledged records lost, e.g. \(missing.sorted().prefix(5))")
        return seen.max() ?? -1
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
