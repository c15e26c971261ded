import Hummingbird
import Logging

/// Turns every error thrown below it into a JSON error response (``APIError``), so no handler
/// answers with Hummingbird's default body and nothing internal leaks. Unexpected errors are
/// logged with their type and the route, never their text (it may quote user input).
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let mapped = APIError(error)
            if mapped.isServerError {
                context.logger.error("request failed", metadata: [
                    "error.type": "\(String(reflecting: type(of: error)))",
                    "http.route": "\(ServerMetrics.route(context.endpointPath))",
                ])
            }
            return try mapped.response(from: request, context: context)
        }
    }
}
