#if JOBMATCH_TEST_HOOKS
import ArgumentParser
import Feedback
import Foundation

/// Records numbered requests, each with one like, until killed; the durability test's child.
///
/// Hidden from `--help`. Prints `START n` (requests already in the database), then `ACK n` after
/// request `t-n` and its event are both acknowledged by the store.
struct FeedbackTortureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "torture", abstract: "Durability-test child: record feedback until killed.", shouldDisplay: false)

    @Option(help: "The database file.") var database: String
    @Option(help: "Requests to record before exiting.") var count = 100_000

    func run() async throws {
        let store = try FeedbackStore(path: database)
        var next = try await store.requests().count
        say("START \(next)")
        for _ in 0..<count {
            let id = try await store.recordRequest(cv: .id("cv-\(next)"), modelVersion: "m", indexVersion: "i",
                                                   results: [ShownResult(jobID: "job-\(next)", rank: 1, biEncoderScore: 0.5)],
                                                   id: "t-\(next)")
            try await store.recordEvent(requestID: id, jobID: "job-\(next)", event: .like)
            say("ACK \(next)")
            next += 1
        }
        say("DONE")
    }

    private func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
#endif
