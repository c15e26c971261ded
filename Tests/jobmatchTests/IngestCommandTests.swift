import Foundation
import TestSupport
import Testing

/// `jobmatch ingest` and `jobmatch kafka mock` as a user runs them: the built binary.
@Suite struct IngestCommandTests {
    private func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let r = try await TestProcess.jobmatch(arguments)
        return (r.status, r.output)
    }

    @Test func kafkaWithoutBootstrapIsRefused() async throws {
        let result = try await run(["ingest", "--log", "kafka"])
        #expect(result.status != 0)
        #expect(result.output.contains("--bootstrap"))
        let bad = try await run(["ingest", "--log", "files"])
        #expect(bad.status != 0)
        #expect(bad.output.contains("embedded or kafka"))
    }

    @Test func crashTestChildIsHiddenFromHelp() async throws {
        let help = try await run(["--help"])
        #expect(help.output.contains("ingest"))
        #expect(help.output.contains("kafka"))
        #expect(!help.output.contains("log-torture"))
    }

    /// A second ingest of the same files publishes nothing; `--force` publishes the same counts again.
    @Test func embeddedIngestTwiceThenReportsTheSameCounts() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        #expect(try await run(["generate", "--workspace", folder.path, "--jobs", "100", "--cvs", "20", "--board-jobs", "10"]).status == 0)
        let first = try await run(["ingest", "--workspace", folder.path])
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.hasPrefix("ingest run 1 complete"))
        let second = try await run(["ingest", "--workspace", folder.path])
        #expect(second.status == 0)
        #expect(second.output.contains("nothing published") && second.output.contains("ingest run 1"))
        let forced = try await run(["ingest", "--workspace", folder.path, "--force"])
        #expect(forced.output.hasPrefix("ingest run 2 complete"))
        let counts = { (text: String) in text.split(separator: "\n").dropFirst(2).joined(separator: "\n") }
        #expect(counts(first.output) == counts(forced.output))
        #expect(first.output.contains("linkedin_posting") && first.output.contains("cv "))
        #expect(FileManager.default.fileExists(atPath: folder.path + "/log/jobs/topic.json"))
    }
}
