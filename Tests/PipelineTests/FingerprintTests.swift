import Foundation
import Pipeline
import Testing
import TestSupport

@Suite struct FingerprintTests {
    /// `process` commits its consumer group inside the log folder after every run; that must not
    /// make the log look changed (the second `jobmatch pipeline` would rerun `ingest`), while any
    /// change to the log's own files must.
    @Test func aLogsCommittedOffsetsAreNotItsContent() throws {
        let log = TestPaths.tempFolder().appendingPathComponent("log")
        let fm = FileManager.default
        try fm.createDirectory(at: log.appendingPathComponent("jobs/0"), withIntermediateDirectories: true)
        try Data("segment".utf8).write(to: log.appendingPathComponent("jobs/0/00000000000000000000.log"))
        var fp = Fingerprinter()
        let before = try #require(try fp.fingerprint(log))
        try fm.createDirectory(at: log.appendingPathComponent("__consumer_offsets"), withIntermediateDirectories: true)
        try Data(#"{"jobs":{"0":1}}"#.utf8).write(to: log.appendingPathComponent("__consumer_offsets/processing.json"))
        #expect(try fp.fingerprint(log) == before)
        try Data("segment+".utf8).write(to: log.appendingPathComponent("jobs/0/00000000000000000000.log"))
        #expect(try fp.fingerprint(log) != before)
    }
}
