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
            on SIGTERM or SIGINT (requests in flight are answered first). With --token (or JOBMATCH_TOKEN), \
            POST requests, /jobs/{id} and /metrics (unless --open-metrics) need `Authorization: Bearer TOKEN`; \
            the page, /health and /openapi.json stay open. A --host other than loopback needs a token. Every --reload-every seconds it checks whether the index \
            was rebuilt (`jobmatch retrain` promoted a model, `jobmatch index` ran) and switches to it.
            """)

    @OptionGroup var options: WorkspaceOptions
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on (0 picks a free one).") var port = 8080
    @Option(help: "Require `Authorization: Bearer TOKEN` on POSTs, /jobs/{id} and /metrics (default: $JOBMATCH_TOKEN; needed off loopback).")
    var token: String?
    @Flag(help: "Answer /metrics without the token (for a scraper that cannot send one).") var openMetrics = false
    @Option(help: "The largest request body accepted, in bytes.") var maxBodyBytes = 1 << 20
    @Option(help: "Seconds between checks for a rebuilt index (0: never reload).") var reloadEvery = 10
    @Option(help: "POST /match requests held at once (encoding or waiting); past it 503 with Retry-After.") var maxPendingMatches = 32
    @Option(help: "POST /match and /match/job requests per second per client address, on average (0: no limit); past it 429 with Retry-After.")
    var rateLimit = ServerConfiguration.defaultRateLimit
    @Option(help: "Requests a client may make at once before --rate-limit applies.") var rateBurst = ServerConfiguration.defaultRateBurst
    @Flag(help: "Take the client's address from the last X-Forwarded-For entry (only behind a proxy that sets it).")
    var trustForwardedFor = false

    /// `--token`, else `JOBMATCH_TOKEN` (kept out of the process list).
    var resolvedToken: String? { token ?? ProcessInfo.processInfo.environment["JOBMATCH_TOKEN"] }

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard !host.isEmpty else { throw ValidationError("--host is empty") }
        if let token = resolvedToken, token.isEmpty || token.contains(where: { $0.isWhitespace }) {
            throw ValidationError("--token (or JOBMATCH_TOKEN) must be non-empty and without spaces")
        }
        // Off loopback, anyone who can reach the port could post and read: a token is required.
        if resolvedToken == nil, !ServerConfiguration.isLoopback(host) {
            throw ValidationError("--host \(host) is reachable from other machines: give --token (or JOBMATCH_TOKEN), "
                + "or listen on 127.0.0.1 behind a proxy that authenticates")
        }
        guard (1_024...(64 << 20)).contains(maxBodyBytes) else { throw ValidationError("--max-body-bytes must be 1024…67108864") }
        guard reloadEvery >= 0 else { throw ValidationError("--reload-every must be 0 or more seconds") }
        guard maxPendingMatches >= 1 else { throw ValidationError("--max-pending-matches must be at least 1") }
        guard rateLimit.isFinite, rateLimit >= 0 else { throw ValidationError("--rate-limit must be 0 (off) or a positive number per second") }
        guard (1...100_000).contains(rateBurst) else { throw ValidationError("--rate-burst must be 1…100000") }
    }

    func run() async throws {
        let workspace = Workspace(options.workspace)
        let (service, store) = try await runReportingErrors {
            let service = try await Self.loadMatchService(workspace)
            return (service, try FeedbackStore(path: workspace.feedbackDatabase.path))
        }
        LoggingSystem.bootstrap { JSONLogHandler(label: $0) }
        let configuration = ServerConfiguration(host: host, port: port, token: resolvedToken, openMetrics: openMetrics, maxBodyBytes: maxBodyBytes,
                                                maxPendingMatches: maxPendingMatches, rateLimit: rateLimit, rateBurst: rateBurst,
                                                trustForwardedFor: trustForwardedFor)
        let server = JobMatchServer(configuration: configuration, service: service, store: store, alerts: workspace)
        let app = server.application { port in
            FileHandle.standardOutput.write(Data("listening on http://\(configuration.host):\(port)\n".utf8))
        }
        let interval = Duration.seconds(reloadEvery)
        let reloader = reloadEvery > 0 ? Task { [service] in await Self.reload(service, every: interval) } : nil
        defer { reloader?.cancel() }
        try await app.runService()
    }

    /// Switches the service to a rebuilt index (and the model it was built with) when there is one.
    static func reload(_ service: any MatchService, every interval: Duration) async {
        guard let service = service as? MatcherService else { return }
        let log = Logger(label: "jobmatch.reload")
        while (try? await Task.sleep(for: interval)) != nil {
            do {
                if try await service.reloadIfChanged() {
                    let status = await service.status()
                    log.info("switched to a rebuilt index", metadata: ["model": "\(status.modelVersion)", "index": "\(status.indexVersion)"])
                }
            } catch {
                log.warning("index changed but could not be loaded; still serving the previous one", metadata: ["error": "\(error)"])
            }
        }
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
