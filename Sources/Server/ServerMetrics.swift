import Foundation
import Synchronization

/// Request counts and latencies, kept in memory and written in the Prometheus text format
/// (version 0.0.4) by `GET /metrics`.
///
/// Routes are the router's templates (`/jobs/{id}`, or `unmatched`), never raw paths, so a
/// client cannot grow the label set or put text into it.
public final class ServerMetrics: Sendable {
    /// Upper bounds of the latency histogram's buckets, in seconds.
    public static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct Key: Hashable, Comparable {
        var method: String
        var route: String
        static func < (a: Key, b: Key) -> Bool { (a.route, a.method) < (b.route, b.method) }
    }

    struct Histogram {
        var counts = [Int](repeating: 0, count: ServerMetrics.buckets.count)
        var sum = 0.0
        var count = 0
    }

    struct State {
        var requests: [Key: [Int: Int]] = [:]  // key → status → count
        var latency: [Key: Histogram] = [:]
        var rateLimited: [String: Int] = [:]  // route → requests refused by the rate limit
    }

    private let state = Mutex(State())

    /// The route label of a request: the router's template, or `unmatched` (Hummingbird's
    /// not-found responder names itself `NotFound`; a registered route always starts with `/`).
    static func route(_ endpointPath: String?) -> String {
        guard let endpointPath, endpointPath.hasPrefix("/") else { return "unmatched" }
        return endpointPath
    }

    public init() {}

    /// Counts one answered request.
    public func record(method: String, route: String, status: Int, seconds: Double) {
        let key = Key(method: method, route: route)
        state.withLock { state in
            state.requests[key, default: [:]][status, default: 0] += 1
            var histogram = state.latency[key] ?? Histogram()
            if let bucket = Self.buckets.firstIndex(where: { seconds <= $0 }) { histogram.counts[bucket] += 1 }
            histogram.sum += seconds
            histogram.count += 1
            state.latency[key] = histogram
        }
    }

    /// Counts one request refused by the per-client rate limit (429 `rate_limited`).
    public func recordRateLimited(route: String) {
        state.withLock { $0.rateLimited[route, default: 0] += 1 }
    }

    /// The exposition text, with the service's gauges.
    public func render(status: ServiceStatus) -> String {
        let snapshot = state.withLock { $0 }
        var out = """
            # HELP jobmatch_http_requests_total HTTP requests answered, by method, route and status.
            # TYPE jobmatch_http_requests_total counter

            """
        for key in snapshot.requests.keys.sorted() {
            for (status, count) in snapshot.requests[key]!.sorted(by: { $0.key < $1.key }) {
                out += "jobmatch_http_requests_total{method=\(Self.label(key.method)),route=\(Self.label(key.route)),status=\"\(status)\"} \(count)\n"
            }
        }
        out += """
            # HELP jobmatch_http_request_duration_seconds Time from request to response head, by method and route.
            # TYPE jobmatch_http_request_duration_seconds histogram

            """
        for key in snapshot.latency.keys.sorted() {
            let histogram = snapshot.latency[key]!
            let labels = "method=\(Self.label(key.method)),route=\(Self.label(key.route))"
            var cumulative = 0
            for (bound, count) in zip(Self.buckets, histogram.counts) {
                cumulative += count
                out += "jobmatch_http_request_duration_seconds_bucket{\(labels),le=\"\(Self.number(bound))\"} \(cumulative)\n"
            }
            out += "jobmatch_http_request_duration_seconds_bucket{\(labels),le=\"+Inf\"} \(histogram.count)\n"
            out += "jobmatch_http_request_duration_seconds_sum{\(labels)} \(Self.number(histogram.sum))\n"
            out += "jobmatch_http_request_duration_seconds_count{\(labels)} \(histogram.count)\n"
        }
        out += """
            # HELP jobmatch_rate_limited_total Requests refused by the per-client rate limit (429), by route.
            # TYPE jobmatch_rate_limited_total counter

            """
        for (route, count) in snapshot.rateLimited.sorted(by: { $0.key < $1.key }) {
            out += "jobmatch_rate_limited_total{route=\(Self.label(route))} \(count)\n"
        }
        out += """
            # HELP jobmatch_index_size Jobs in the serving index.
            # TYPE jobmatch_index_size gauge
            jobmatch_index_size \(status.indexSize)
            # HELP jobmatch_model_info The serving model and index versions (always 1).
            # TYPE jobmatch_model_info gauge
            jobmatch_model_info{model_version=\(Self.label(status.modelVersion)),index_version=\(Self.label(status.indexVersion))} 1

            """
        return out
    }

    /// A quoted label value, escaped as the format says (backslash, quote, line feed).
    static func label(_ value: String) -> String {
        var out = "\""
        for c in value.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
