import Feedback
import Foundation
import Hummingbird
import JobMatchCore
import HummingbirdTesting
import Logging
import Server
import Testing

/// A server over the in-test matcher and an in-memory feedback store.
struct ServerFixture {
    let server: JobMatchServer
    var store: FeedbackStore { server.store }

    init(token: String? = nil, openMetrics: Bool = false, maxBodyBytes: Int = 64 * 1024, maxPendingMatches: Int = 32,
         service: CatalogMatchService = CatalogMatchService(),
         store: FeedbackStore? = nil, logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
         alerts: Workspace? = nil, rateLimit: Double = 0, rateBurst: Int = 1, trustForwardedFor: Bool = false,
         rateClock: (@Sendable () -> Double)? = nil) throws {
        // The rate limit is off unless a test sets it: in-process every request is one client.
        server = JobMatchServer(configuration: ServerConfiguration(port: 0, token: token, openMetrics: openMetrics, maxBodyBytes: maxBodyBytes,
                                                                   maxPendingMatches: maxPendingMatches, rateLimit: rateLimit, rateBurst: rateBurst,
                                                                   trustForwardedFor: trustForwardedFor),
                                service: service, store: try store ?? FeedbackStore(.inMemory), logger: logger, alerts: alerts, rateClock: rateClock)
    }

    /// Runs `body` against the router in-process (`.router`) or over a real socket (`.live`).
    ///
    /// The server and its client run at high priority. With `swift test --parallel` every test is
    /// a task on the cooperative pool (one thread per core, two on CI) and each `await` resumes at
    /// the back of a queue of hundreds of waiting tests, some holding a thread for 20–30 s of
    /// compute; the live client's fixed 20 s read timeout then fired on CI (twice, on
    /// `LogPrivacyTests`). Higher-priority jobs get threads of their own on Linux's dispatch, so a
    /// request's hops through the pool no longer wait for other tests.
    func test<T: Sendable>(_ setup: TestingSetup = .router, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        let app = Application(router: server.router(), configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
                              logger: server.logger)
        return try await Task(priority: .high) { try await app.test(setup, body) }.value
    }
}

extension TestClientProtocol {
    /// Sends `json` (a string, as is) with `Content-Type: application/json`.
    func post(_ uri: String, _ json: String, token: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: json))
    }

    func get(_ uri: String) async throws -> TestResponse {
        try await execute(uri: uri, method: .get)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The body as a JSON object.
    func object() throws -> [String: Any] {
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(parsed as? [String: Any], "not a JSON object: \(text)")
    }

    /// The `error` object of an error body, checked to have exactly status, code and message.
    func error() throws -> (status: Int, code: String, message: String) {
        let object = try object()
        #expect(Set(object.keys) == ["error"])
        let error = try #require(object["error"] as? [String: Any])
        #expect(Set(error.keys) == ["status", "code", "message"])
        #expect(headers[.contentType] == "application/json; charset=utf-8")
        let status = try #require(error["status"] as? Int)
        let code = try #require(error["code"] as? String)
        let message = try #require(error["message"] as? String)
        return (status, code, message)
    }
}
