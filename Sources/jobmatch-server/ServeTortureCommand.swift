// The crash tests' child: compiled into debug builds only (JOBMATCH_TEST_HOOKS, Package.swift).
#if JOBMATCH_TEST_HOOKS
import ArgumentParser
import Feedback
import Foundation
import Logging
import Matching
import Server

/// Serves the real HTTP API over a fixed ten-job matcher; the fault tests' child process.
///
/// Hidden from `--help`. It exists so the tests can send real signals to a real server process
/// (SIGTERM with a request in flight, SIGKILL under a feedback load) before the Matching module
/// provides a matcher to `jobmatch serve`. Prints `LISTENING <port>` once bound, and
/// `MATCHING` when a `/match` call reaches the matcher (after which it waits `--delay-ms`).
struct ServeTortureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve-torture", abstract: "Fault-test child: serve the API over ten fixed jobs.", shouldDisplay: false)

    @Option(help: "The feedback database file.") var database: String
    @Option(help: "The port (0 picks one).") var port = 0
    @Option(help: "Milliseconds each /match waits in the matcher.") var delayMs = 0

    func run() async throws {
        let store = try FeedbackStore(path: database)
        LoggingSystem.bootstrap { JSONLogHandler(label: $0) }
        let server = JobMatchServer(configuration: ServerConfiguration(port: port), service: FixedJobs(delay: .milliseconds(delayMs)), store: store)
        try await server.application { port in Self.say("LISTENING \(port)") }.runService()
        Self.say("STOPPED")
    }

    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Jobs `job-1` … `job-10`, returned in that order for any CV.
    struct FixedJobs: MatchService {
        var delay: Duration

        func match(_ query: MatchQuery) async throws -> MatchOutcome {
            ServeTortureCommand.say("MATCHING")
            try await Task.sleep(for: delay)
            let results = (1...10).prefix(query.top).map { n in
                MatchResult(rank: n, jobID: "job-\(n)", title: "Job \(n)", company: "Company", location: "Town", score: 1 - Float(n) / 100)
            }
            return MatchOutcome(results: Array(results), modelVersion: "fixed", indexVersion: "fixed")
        }

        func job(id: String) async throws -> JobDetail? { nil }

        func status() async -> ServiceStatus { ServiceStatus(modelVersion: "fixed", indexVersion: "fixed", indexSize: 10) }
    }
}
#endif
