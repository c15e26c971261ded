import Dispatch
import Hummingbird

/// Records each request's route, status and latency in ``ServerMetrics``. It sits outside
/// ``ErrorMiddleware``, so errors are counted with the status the client got.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            let status = APIError(error).status.code
            metrics.record(method: request.method.rawValue, route: ServerMetrics.route(context.endpointPath), status: status,
                           seconds: Self.seconds(since: start))
            throw error
        }
        metrics.record(method: request.method.rawValue, route: ServerMetrics.route(context.endpointPath),
                       status: response.status.code, seconds: Self.seconds(since: start))
        return response
    }

    static func seconds(since start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
