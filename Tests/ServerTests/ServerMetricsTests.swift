import Foundation
import Testing
@testable import Server

@Suite struct ServerMetricsTests {
    @Test func countsRequestsAndFillsCumulativeBuckets() {
        let metrics = ServerMetrics()
        metrics.record(method: "POST", route: "/match", status: 200, seconds: 0.003)
        metrics.record(method: "POST", route: "/match", status: 200, seconds: 0.2)
        metrics.record(method: "POST", route: "/match", status: 422, seconds: 20)
        let text = metrics.render(status: ServiceStatus(modelVersion: "minilm@2", indexVersion: "flat@7", indexSize: 1234))
        #expect(text.contains("jobmatch_http_requests_total{method=\"POST\",route=\"/match\",status=\"200\"} 2\n"))
        #expect(text.contains("jobmatch_http_requests_total{method=\"POST\",route=\"/match\",status=\"422\"} 1\n"))
        #expect(text.contains("jobmatch_http_request_duration_seconds_bucket{method=\"POST\",route=\"/match\",le=\"0.001\"} 0\n"))
        #expect(text.contains("jobmatch_http_request_duration_seconds_bucket{method=\"POST\",route=\"/match\",le=\"0.005\"} 1\n"))
        #expect(text.contains("jobmatch_http_request_duration_seconds_bucket{method=\"POST\",route=\"/match\",le=\"0.25\"} 2\n"))
        #expect(text.contains("jobmatch_http_request_duration_seconds_bucket{method=\"POST\",route=\"/match\",le=\"10\"} 2\n"))
        #expect(text.contains("jobmatch_http_request_duration_seconds_bucket{method=\"POST\",route=\"/match\",le=\"+Inf\"} 3\n"))
        #expect(text.contains("jobmatch_http_request_duration_seconds_count{method=\"POST\",route=\"/match\"} 3\n"))
        #expect(text.contains("jobmatch_index_size 1234\n"))
        #expect(text.contains("jobmatch_model_info{model_version=\"minilm@2\",index_version=\"flat@7\"} 1\n"))
    }

    @Test func labelValuesAreEscaped() {
        #expect(ServerMetrics.label("a\"b\\c\nd") == #""a\"b\\c\nd""#)
    }
}
