import HTTPTypes
import Hummingbird

/// Adds `X-Content-Type-Options: nosniff` to every response — the page and its assets, JSON
/// answers, errors, `/metrics` — so a browser takes each as the type it says it is: a JSON
/// answer or an error that echoes nothing still cannot be run as a script or styled as CSS from
/// another page. It sits outside ``ErrorMiddleware``, so errors get it too.
struct NoSniffMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        return response
    }
}
