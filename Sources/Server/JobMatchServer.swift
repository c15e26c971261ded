import Feedback
import Foundation
import HTTPTypes
import Hummingbird
import JobMatchCore
import Logging

/// The HTTP API of `jobmatch serve`: routes, middleware, and the application that runs them.
///
/// ```swift
/// let server = JobMatchServer(configuration: ServerConfiguration(port: 8080), service: matcher, store: store)
/// try await server.application().runService()   // graceful shutdown on SIGTERM and SIGINT
/// ```
/// The routes are those of ``OpenAPIDocument``: `POST /match`, `POST /feedback`, `GET /alerts`, `POST /alerts`,
/// `GET /jobs/{id}`, `GET /health`, `GET /metrics`, `GET /openapi.json`, and the web page
/// (``WebPage``: `GET /`, `/app.css`, `/app.js`); each GET route also answers HEAD. Middleware, outermost
/// first: metrics, `X-Content-Type-Options: nosniff` on every response (``NoSniffMiddleware``), errors (every error becomes a JSON ``APIError``), access logs, the origin check
/// (``OriginCheckMiddleware``: no state-changing request from another site), the bearer token
/// (when configured). `POST /match` and `POST /match/job` each cost a model forward pass: they pass
/// the per-client rate limit (``RateLimiter``, when on) and then the bound on matches held at once
/// (``MatchAdmission``).
public struct JobMatchServer: Sendable {
    public let configuration: ServerConfiguration
    public let service: any MatchService
    public let store: FeedbackStore
    public let metrics: ServerMetrics
    public let logger: Logger
    /// The workspace whose `alerts/` `GET /alerts` reads and `POST /alerts` writes (nil: 404 `alerts_off`).
    public let alertsWorkspace: Workspace?
    let admission: MatchAdmission
    /// Nil when `configuration.rateLimit` is 0.
    let rateLimiter: RateLimiter?

    /// - Parameter rateClock: seconds on a monotonic clock for the rate limit (tests pass one they
    ///   move by hand; nil: the system's).
    public init(configuration: ServerConfiguration, service: any MatchService, store: FeedbackStore,
                metrics: ServerMetrics = ServerMetrics(), logger: Logger = Logger(label: "jobmatch.server"), alerts: Workspace? = nil,
                rateClock: (@Sendable () -> Double)? = nil) {
        self.alertsWorkspace = alerts
        self.admission = MatchAdmission(limit: configuration.maxPendingMatches)
        self.rateLimiter = configuration.rateLimit > 0
            ? RateLimiter(perSecond: configuration.rateLimit, burst: max(1, configuration.rateBurst),
                          clock: rateClock ?? RateLimiter.monotonicSeconds)
            : nil
        self.configuration = configuration
        self.service = service
        self.store = store
        self.metrics = metrics
        self.logger = logger
    }

    /// The router with every route and middleware.
    public func router() -> Router<ServerRequestContext> { makeRouter().router }

    /// Every route as `METHOD /path` (templates as registered, e.g. `GET /jobs/{id}`).
    public var routes: [String] { makeRouter().routes }

    private func makeRouter() -> (router: Router<ServerRequestContext>, routes: [String]) {
        // Every GET route answers HEAD too: the same status and headers, no body.
        let router = Router(context: ServerRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        router.add(middleware: NoSniffMiddleware())
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: AccessLogMiddleware())
        router.add(middleware: OriginCheckMiddleware())
        if let token = configuration.token { router.add(middleware: BearerTokenMiddleware(token: token, openMetrics: configuration.openMetrics)) }
        var routes: [String] = []
        func on(_ method: HTTPRequest.Method, _ path: String,
                _ handler: @escaping @Sendable (Request, ServerRequestContext) async throws -> Response) {
            router.on(RouterPath(path), method: method, use: handler)
            routes.append("\(method.rawValue) \(path)")
        }
        let handlers = Routes(server: self)
        on(.post, "/match") { request, context in
            try limitRate(request, context, route: "/match")
            return try await handlers.match(request)
        }
        on(.post, "/match/job") { request, context in
            try limitRate(request, context, route: "/match/job")
            return try await handlers.matchJob(request)
        }
        on(.post, "/feedback/candidate") { request, _ in try await handlers.candidateFeedback(request) }
        on(.post, "/feedback") { request, _ in try await handlers.feedback(request) }
        on(.get, "/alerts") { request, _ in try await handlers.alerts(request) }
        on(.post, "/alerts") { request, _ in try await handlers.addAlertSearch(request) }
        on(.get, "/jobs/{id}") { _, context in try await handlers.job(context.parameters.require("id")) }
        on(.get, "/explain") { request, _ in try await handlers.explain(request) }
        on(.get, "/health") { _, _ in try await handlers.health() }
        on(.get, "/metrics") { _, _ in await handlers.metricsText() }
        on(.get, "/openapi.json") { _, _ in Routes.json(Data(OpenAPIDocument.json.utf8)) }
        for asset in WebPage.assets {
            let response = WebPage.response(contentType: asset.contentType, body: asset.body)
            on(.get, asset.path) { _, _ in response }
        }
        return (router, routes)
    }

    /// Takes one of this client's tokens, or throws 429 `rate_limited` with `Retry-After` (counted
    /// in `/metrics`). Checked in the route, so no other spelling of the path passes unlimited,
    /// and before the body is read.
    func limitRate(_ request: Request, _ context: ServerRequestContext, route: String) throws {
        guard let rateLimiter else { return }
        if case .refused(let seconds) = rateLimiter.take(client(request, context)) {
            metrics.recordRateLimited(route: route)
            throw APIError.rateLimited(retryAfter: seconds)
        }
    }

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    /// Who sent the request, for the rate limit: the socket's peer address, or with
    /// `trustForwardedFor` the last `X-Forwarded-For` entry (the address the proxy in front saw).
    /// The bearer token names no client (there is one for all), so it is not the key.
    func client(_ request: Request, _ context: ServerRequestContext) -> String {
        if configuration.trustForwardedFor, let forwarded = request.headers[values: Self.forwardedFor].last,
           let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty {
            return String(last.prefix(64))
        }
        return context.peerAddress ?? "unknown"
    }

    /// The application, listening on the configured host and port.
    public func application(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port),
                                                    serverName: "jobmatch"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }
}
