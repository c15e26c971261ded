import ArgumentParser
import CommandLineSupport
import Feedback
import Foundation
import JobMatchCore
import Logging
import Server

/// `jobmatch serve`: the HTTP API over the workspace's index and feedback database.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the HTTP API: /match, /feedback, /jobs/{id}, /health, /metrics, /openapi.json.",
        discussion: """
            Loads the model, index and jobs table once, records every match shown and every reaction \
            in WORKSPACE/feedback.sqlite, logs one JSON object per line on stderr, and stops gracefully \
            on SIGTERM or SIGINT (requests in flight are answered first). With --token, POST requests \
            need `Authorization: Bearer TOKEN`.
            """)

    @OptionGroup var options: WorkspaceOptions
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on (0 picks a free one).") var port = 8080
    @Option(help: "Require `Authorization: Bearer TOKEN` on POST requests.") var token: String?
    @Option(help: "The largest request body accepted, in bytes.") var maxBodyBytes = 1 << 20

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard !host.isEmpty else { throw ValidationError("--host is empty") }
        if let token, token.isEmpty || token.contains(where: { $0.isWhitespace }) {
            throw ValidationError("--token must be non-empty and without spaces")
        }
        guard (1_024...(64 << 20)).contains(maxBodyBytes) else { throw ValidationError("--max-body-bytes must be 1024…67108864") }
    }

    func run() async throws {
        let workspace = Workspace(options.workspace)
        let (service, store) = try await runReportingErrors {
            let service = try await Self.loadMatchService(workspace)
            return (service, try FeedbackStore(path: workspace.feedbackDatabase.path))
        }
        LoggingSystem.bootstrap { JSONLogHandler(label: $0) }
        let configuration = ServerConfiguration(host: host, port: port, token: token, maxBodyBytes: maxBodyBytes)
        let server = JobMatchServer(configuration: configuration, service: service, store: store)
        let app = server.application { port in
            FileHandle.standardOutput.write(Data("listening on http://\(configuration.host):\(port)\n".utf8))
        }
        try await app.runService()
    }

    /// The matcher over the workspace's model, index and jobs table.
    static func loadMatchService(_ workspace: Workspace) async throws -> any MatchService {
        let index = workspace.jobsIndex.path
        guard FileManager.default.fileExists(atPath: index) else {
            throw JobMatchError.io(path: index, reason: "no index; build it with `jobmatch pipeline` or `jobmatch index` first")
        }
        return try MatcherService(workspace: workspace)
    }
}
