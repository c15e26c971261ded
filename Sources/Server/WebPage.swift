import HTTPTypes
import Hummingbird

/// The web pages of `jobmatch serve`: `GET /` (HTML), `GET /app.css`, `GET /app.js`, `GET /favicon.svg`;
/// the recruiter's page `GET /recruit` and `GET /recruit.js`.
///
/// Three static texts compiled into the binary (no resource files, no build step, no CDN), so
/// the page works from any copy of the executable. The script is a separate file so the
/// Content-Security-Policy can forbid inline script and style: `default-src 'self'`, nothing
/// else. The script inserts every piece of data with `textContent` or DOM properties.
enum WebPage {
    /// Sent with every page asset: only this origin's scripts, styles, images and connections;
    /// no plugins, no framing, no `<base>` rewriting, forms post only here.
    static let contentSecurityPolicy =
        "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"

    /// `(path, content type, body)` of each asset, as the router registers them.
    static let assets: [(path: String, contentType: String, body: String)] = [
        ("/", "text/html; charset=utf-8", html),
        ("/app.css", "text/css; charset=utf-8", css),
        ("/app.js", "text/javascript; charset=utf-8", javascript),
        ("/favicon.svg", "image/svg+xml", favicon),
        ("/recruit", "text/html; charset=utf-8", recruiterHTML),
        ("/recruit.js", "text/javascript; charset=utf-8", recruiterJavaScript),
    ]

    /// An asset's response: its type, the policy, `Referrer-Policy: no-referrer` (no page
    /// address leaves with a request); `X-Content-Type-Options: nosniff` is added to every
    /// response by ``NoSniffMiddleware``.
    static func response(contentType: String, body: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
