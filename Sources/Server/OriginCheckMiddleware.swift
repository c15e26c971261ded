import HTTPTypes
import Hummingbird

/// Refuses requests that change state (every method but GET, HEAD and OPTIONS) when the browser
/// says they come from another site: an `Origin` header whose host and port are not the ones the
/// request was sent to (its `Host`, HTTP/2's `:authority`) (403 `foreign_origin`; `Origin: null`, sent by sandboxed frames and
/// some redirects, is foreign too). A request without `Origin` (curl, scripts, servers) passes:
/// browsers always send it on cross-site POSTs. With the JSON content type required
/// (`JSONBody`) and no CORS headers ever sent, another web site cannot make a visitor's browser
/// post to `/match` or `/feedback`.
struct OriginCheckMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method != .get, request.method != .head, request.method != .options,
           let origin = request.headers[.origin], !Self.isSameSite(origin: origin, host: request.head.authority) {
            throw APIError(.forbidden, "foreign_origin", "requests from another site are refused")  // never the client's header
        }
        return try await next(request, context)
    }

    /// `http://HOST[:PORT]` (or https) names the same host and port as the `Host` header; a Host
    /// without a port takes the origin scheme's default (behind a TLS proxy the page is https and
    /// the Host plain), so only another host or another explicit port is another site.
    static func isSameSite(origin: String, host: String?) -> Bool {
        guard let host, !host.isEmpty else { return false }
        let lower = origin.lowercased()
        let rest: Substring
        let defaultPort: String
        if lower.hasPrefix("http://") { rest = lower.dropFirst(7); defaultPort = "80" }
        else if lower.hasPrefix("https://") { rest = lower.dropFirst(8); defaultPort = "443" }
        else { return false }
        guard !rest.contains("/") else { return false }
        return withPort(String(rest), defaultPort) == withPort(host.lowercased(), defaultPort)
    }

    /// "host" → "host:port", keeping an explicit port and bracketed IPv6 literals.
    static func withPort(_ authority: String, _ defaultPort: String) -> String {
        if authority.hasPrefix("[") {
            return authority.contains("]:") ? authority : authority + ":" + defaultPort
        }
        return authority.contains(":") ? authority : authority + ":" + defaultPort
    }
}
