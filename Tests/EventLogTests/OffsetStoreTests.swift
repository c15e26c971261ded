import Foundation
import Testing
import TestSupport
@testable import EventLog

/// Files of the log that a person or a crash may have damaged are errors naming the file.
@Suite struct OffsetStoreTests {
    @Test func commitsAreReadBackAndTheTemporaryFileIsGone() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let store = try OffsetStore(folder: folder.path, group: "processing")
        #expect(try store.load().isEmpty)
        try store.save(["jobs": [0: 12, 1: 7, 2: 0], "cvs": [0: 3]])
        #expect(try store.load() == ["jobs": [0: 12, 1: 7, 2: 0], "cvs": [0: 3]])
        #expect(!FileManager.default.fileExists(atPath: store.path + ".tmp"))
        #expect(throws: EventLogError.self) { try OffsetStore(folder: folder.path, group: "../escape") }
    }

    @Test func damagedOffsetsOrTopicFilesAreReportedWithTheirPath() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        do {
            let log = try EmbeddedLog(directory: folder.path)
            try log.createTopic("jobs", partitions: 3)
        }
        let offsets = folder.path + "/__consumer_offsets"
        try FileManager.default.createDirectory(atPath: offsets, withIntermediateDirectories: true)
        try Data("{\"jobs\": {\"zero\": 1}}".utf8).write(to: URL(fileURLWithPath: offsets + "/g.json"))
        do {
            let log = try EmbeddedLog(directory: folder.path)
            #expect(throws: EventLogError.badFile(file: offsets + "/g.json", reason: "bad partition 'zero' or offset 1 for topic jobs")) {
                _ = try log.makeConsumer(group: "g", topics: ["jobs"])
            }
        }
        try Data("not json".utf8).write(to: URL(fileURLWithPath: folder.path + "/jobs/topic.json"))
        #expect(throws: EventLogError.self) { _ = try EmbeddedLog(directory: folder.path) }
    }
}
