import HTTPTypes
import Hummingbird

/// With `--token T`, requests that change state (every method but GET and HEAD) need
/// `Authorization: Bearer T`; otherwise 401. The comparison takes the same time wherever the
/// tokens differ.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: [UInt8]

    init(token: String) { self.token = Array(token.utf8) }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method != .get, request.method != .head {
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
