import Foundation

/// How `jobmatch serve` listens and what it accepts.
public struct ServerConfiguration: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// When set, every request but the page, `/health` and `/openapi.json` needs
    /// `Authorization: Bearer <token>` (POSTs, `/jobs/{id}`, and `/metrics` unless `openMetrics`).
    public var token: String?
    /// `/metrics` answers without the token (for a Prometheus scraper that cannot send one).
    public var openMetrics: Bool
    /// The largest request body accepted, in bytes (413 beyond).
    public var maxBodyBytes: Int
    /// The longest CV text accepted by `POST /match`, in characters (422 beyond).
    public var maxTextCharacters: Int
    /// `POST /match` requests held at once (encoding or waiting); past it 503 `busy`.
    public var maxPendingMatches: Int
    /// `POST /match` and `POST /match/job` requests each client may make per second, on average
    /// (a token bucket per client: ``RateLimiter``); 0 turns the limit off. Past it 429 `rate_limited`
    /// with `Retry-After`.
    public var rateLimit: Double
    /// The requests a client may make at once before `rateLimit` applies (the bucket's size).
    public var rateBurst: Int
    /// The client is the last address of `X-Forwarded-For` (the one the proxy in front added)
    /// instead of the socket's peer. Only behind a proxy that sets it: otherwise any client can
    /// name itself anew on each request.
    public var trustForwardedFor: Bool

    public static let defaultRateLimit = 5.0
    public static let defaultRateBurst = 20

    public init(host: String = "127.0.0.1", port: Int = 8080, token: String? = nil, openMetrics: Bool = false,
                maxBodyBytes: Int = 1 << 20, maxTextCharacters: Int = 100_000, maxPendingMatches: Int = 32,
                rateLimit: Double = defaultRateLimit, rateBurst: Int = defaultRateBurst, trustForwardedFor: Bool = false) {
        self.host = host
        self.port = port
        self.token = token
        self.openMetrics = openMetrics
        self.maxBodyBytes = maxBodyBytes
        self.maxTextCharacters = maxTextCharacters
        self.maxPendingMatches = maxPendingMatches
        self.rateLimit = rateLimit
        self.rateBurst = rateBurst
        self.trustForwardedFor = trustForwardedFor
    }

    /// Whether `host` is reachable from this machine only: `localhost`, 127.0.0.0/8 or `::1`.
    public static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if h == "localhost" || h == "::1" || h == "0:0:0:0:0:0:0:1" { return true }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
