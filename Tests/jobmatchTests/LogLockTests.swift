import EventLog
import Foundation
import TestSupport
import Testing

/// The embedded log across processes, with the built `jobmatch` (a test-only child command).
@Suite struct LogLockTests {
    /// The `flock` on `log/.lock` keeps a second process out: the built `jobmatch log-torture`
    /// (a child process) is refused while this process holds the log, and gets in once it is closed.
    @Test func secondOpenInAnotherProcessIsRefused() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let binary = jobmatchBinary()
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build jobmatch first: \(binary)")
        let child = ["log-torture", "--log", folder.path, "--batches", "1", "--batch-records", "1"]
        do {
            let log = try EmbeddedLog(directory: folder.path)
            defer { withExtendedLifetime(log) {} }
            let refused = try await TestProcess.run(binary, child)
            #expect(refused.status != 0, "the second process opened the log: \(refused.output)")
            #expect(refused.stderr.contains("the log is open in another process"), "\(refused.output)")
            #expect(!refused.stdout.contains("START"))
            // A second open in this process is refused too (flock belongs to the open file).
            #expect(throws: EventLogError.self) { _ = try EmbeddedLog(directory: folder.path) }
        }
        let allowed = try await TestProcess.run(binary, child)
        #expect(allowed.status == 0, "\(allowed.output)")
        #expect(allowed.stdout.contains("DONE"))
    }
}
