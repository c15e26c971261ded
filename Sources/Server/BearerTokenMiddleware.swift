import HTTPTypes
import Hummingbird

/// With `--token T`, every request needs `Authorization: Bearer T` (401 otherwise) except GET and
/// HEAD of the public paths: the page and its assets, `/health`, `/openapi.json` (and `/metrics`
/// with `--open-metrics`). So POSTs, `/jobs/{id}` and by default `/metrics` are the token's. The
/// comparison takes the same time wherever the tokens differ.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: [UInt8]
    let publicPaths: Set<String>

    static var alwaysPublic: Set<String> { Set(WebPage.assets.map(\.path)).union(["/health", "/openapi.json"]) }

    init(token: String, openMetrics: Bool = false) {
        self.token = Array(token.utf8)
        publicPaths = Self.alwaysPublic.union(openMetrics ? ["/metrics"] : [])
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let isPublic = (request.method == .get || request.method == .head) && publicPaths.contains(request.uri.path)
        if !isPublic {
            guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
                  Self.equal(Array(header.utf8.dropFirst(7)), token) else {
                throw APIError(.unauthorized, "unauthorized", "this endpoint needs Authorization: Bearer <token>")
            }
        }
        return try await next(request, context)
    }

    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for i in 0..<max(a.count, b.count) {
            difference |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0)
        }
        return difference == 0
    }
}
