import Dispatch
import Hummingbird
import Logging

/// Logs one structured line per answered request: method, route template, status and time.
///
/// The route is the router's template (`/jobs/{id}`), and neither bodies nor query strings are
/// logged, so CV text never reaches the logs. It sits inside ``ErrorMiddleware``, so a thrown
/// error is logged with the status it will be answered with.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let status: Int
        do {
            let response = try await next(request, context)
            status = response.status.code
            log(request, context, status: status, start: start)
            return response
        } catch {
            log(request, context, status: APIError(error).status.code, start: start)
            throw error
        }
    }

    private func log(_ request: Request, _ context: Context, status: Int, start: UInt64) {
        let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        context.logger.info("request", metadata: [
            "http.method": "\(request.method.rawValue)",
            "http.route": "\(ServerMetrics.route(context.endpointPath))",
            "http.status": "\(status)",
            "duration_ms": "\((milliseconds * 1000).rounded() / 1000)",
        ])
    }
}
