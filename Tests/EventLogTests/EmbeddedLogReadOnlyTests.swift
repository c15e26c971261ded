import Foundation
import Testing
import TestSupport
@testable import EventLog

/// `EmbeddedLog(readingWhileWrittenAt:)`: what `jobmatch watch` reads beside a running `ingest`.
@Suite struct EmbeddedLogReadOnlyTests {
    @Test func aViewReadsBesideTheWriterAndANewViewSeesWhatWasAppended() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let empty = try EmbeddedLog(readingWhileWrittenAt: folder.path)
        #expect(throws: EventLogError.self) { _ = try empty.makeConsumer(group: "watch", topics: ["jobs"]) }
        let writer = try EmbeddedLog(directory: folder.path)  // holds the lock; the view takes none
        try writer.createTopic("jobs", partitions: 3)
        let producer = try writer.makeProducer()
        for i in 0..<100 { try producer.send(topic: "jobs", key: Array("k\(i)".utf8), value: Array("v\(i)".utf8)) }
        try producer.flush()
        let view = try EmbeddedLog(readingWhileWrittenAt: folder.path)
        let consumer = try view.makeConsumer(group: "watch", topics: ["jobs"])
        #expect(try consumer.poll(maxRecords: 1_000).records.count == 100)
        try consumer.commit()
        #expect(throws: EventLogError.self) { _ = try view.makeProducer() }
        #expect(throws: EventLogError.self) { try view.createTopic("other", partitions: 1) }
        for i in 100..<150 { try producer.send(topic: "jobs", key: Array("k\(i)".utf8), value: Array("v\(i)".utf8)) }
        try producer.flush()
        let next = try EmbeddedLog(readingWhileWrittenAt: folder.path).makeConsumer(group: "watch", topics: ["jobs"])
        let more = try next.poll(maxRecords: 1_000).records
        #expect(Set(more.map { String(decoding: $0.value, as: UTF8.self) }) == Set((100..<150).map { "v\($0)" }))
    }

    @Test func bytesAfterTheLastWholeBatchAreLeftToTheWriter() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        do {
            let writer = try EmbeddedLog(directory: folder.path)
            try writer.createTopic("jobs", partitions: 1)
            let producer = try writer.makeProducer()
            for i in 0..<10 { try producer.send(topic: "jobs", key: [1], value: Array("v\(i)".utf8)) }
            try producer.flush()
        }
        // A batch being written: its first bytes only.
        let segment = folder.path + "/jobs/0/00000000000000000000.log"
        let size = try FileManager.default.attributesOfItem(atPath: segment)[.size] as! Int
        let handle = try #require(FileHandle(forWritingAtPath: segment))
        handle.seekToEndOfFile()
        handle.write(Data([0x2A, 0, 0, 0, 7, 7]))
        try handle.close()
        let view = try EmbeddedLog(readingWhileWrittenAt: folder.path)
        #expect(view.recoveryEvents.isEmpty)
        #expect(try view.makeConsumer(group: "watch", topics: ["jobs"]).poll(maxRecords: 100).records.count == 10)
        #expect(try FileManager.default.attributesOfItem(atPath: segment)[.size] as! Int == size + 6)  // not cut by a reader
    }
}
