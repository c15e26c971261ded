import Feedback
import Foundation
import Hummingbird
import Hummingbird
import HummingbirdTesting
import Logging
import Server
import ServiceLifecycle
import Synchronization
import Testing
import TestSupport

/// `/health`, `/metrics`, `/openapi.json`, unknown routes, logs and graceful shutdown.
@Suite struct ServiceRouteTests {
    @Test func healthReportsTheServingVersions() async throws {
        let object = try await ServerFixture().test { client in try await client.get("/health") }.object()
        #expect(object["status"] as? String == "ok")
        #expect(object["model_version"] as? String == "catalog@1" && object["index_size"] as? Int == 4)
    }

    @Test func metricsCountRequestsByRouteAndStatus() async throws {
        let text = try await ServerFixture().test { client in
            _ = try await client.post("/match", #"{"text": "python"}"#)
            _ = try await client.post("/match", "{")
            _ = try await client.get("/jobs/job-data")
            _ = try await client.get("/jobs/job-data")
            _ = try await client.get("/no/such/route")
            let response = try await client.get("/metrics")
            #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            return response.text
        }
        #expect(text.contains(#"jobmatch_http_requests_total{method="POST",route="/match",status="200"} 1"#))
        #expect(text.contains(#"jobmatch_http_requests_total{method="POST",route="/match",status="400"} 1"#))
        #expect(text.contains(#"jobmatch_http_requests_total{method="GET",route="/jobs/{id}",status="200"} 2"#))
        #expect(text.contains(#"jobmatch_http_requests_total{method="GET",route="unmatched",status="404"} 1"#))
        #expect(text.contains(#"jobmatch_http_request_duration_seconds_count{method="POST",route="/match"} 2"#))
        #expect(text.contains("jobmatch_index_size 4\n"))
        #expect(text.contains(#"jobmatch_model_info{model_version="catalog@1",index_version="catalog-index@1"} 1"#))
        #expect(!text.contains("job-data"), "raw paths must not become labels")
    }

    @Test func unknownRoutesAndMethodsAreJSON404s() async throws {
        try await ServerFixture().test { client in
            for (uri, method) in [("/nope", HTTPRequest.Method.get), ("/match", .get), ("/health", .post), ("/jobs/", .get)] {
                let response = try await client.execute(uri: uri, method: method)
                #expect(response.status == .notFound, "\(method) \(uri)")
                #expect(try response.error().code == "not_found")
            }
        }
    }

    /// The served document parses, lists exactly the router's routes, and is valid OpenAPI 3.1
    /// (openapi-spec-validator, from scripts/requirements-test.txt).
    @Test func openAPIDocumentMatchesTheRoutes() async throws {
        let fixture = try ServerFixture()
        let text = try await fixture.test { client in try await client.get("/openapi.json").text }
        #expect(text == OpenAPIDocument.json)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var documented = Set<String>()
        for (path, operations) in paths { for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") } }
        let routed = Set(fixture.server.routes)
        #expect(routed.count == 17)  // the eleven API routes and the pages: /, /app.css, /app.js, /favicon.svg, /recruit, /recruit.js
        #expect(documented == routed)
        let file = TestPaths.file(text, name: "openapi.json")
        let check = try await TestProcess.run(TestPaths.python, ["-c", "import sys; from openapi_spec_validator import validate; from openapi_spec_validator.readers import read_from_filename; validate(read_from_filename(sys.argv[1])[0]); print('valid')", file])
        #expect(check.status == 0 && check.stdout == "valid\n", "\(check.stderr)")
    }

    @Test func logsAreOneJSONObjectPerLine() async throws {
        let lines = Mutex<[Data]>([])
        let logger = Logger(label: "jobmatch.server") { label in JSONLogHandler(label: label) { data in lines.withLock { $0.append(data) } } }
        let fixture = try ServerFixture(logger: logger)
        try await fixture.test(.live) { client in _ = try await client.get("/health") }
        let records = try lines.withLock { $0 }.map { data -> [String: String] in
            #expect(data.last == 0x0A && data.dropLast().firstIndex(of: 0x0A) == nil)
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
        }
        let request = try #require(records.first { $0["message"] == "request" }, "\(records)")
        #expect(request["label"] == "jobmatch.server" && request["level"] == "info")
        #expect(request["http.method"] == "GET" && request["http.route"] == "/health" && request["http.status"] == "200")
        #expect(request["time"]?.hasSuffix("Z") == true && request["hb.request.id"] != nil && request["duration_ms"] != nil)
    }

    /// A request in flight when shutdown starts is answered before the server stops.
    @Test func gracefulShutdownFinishesInFlightRequests() async throws {
        let service = CatalogMatchService(delay: .milliseconds(800))
        let fixture = try ServerFixture(service: service)
        let port = Mutex(0)
        let app = fixture.server.application { bound in port.withLock { $0 = bound } }
        let group = ServiceGroup(configuration: .init(services: [app], logger: fixture.server.logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            for _ in 0..<500 where port.withLock({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(20)) }
            let url = "http://127.0.0.1:\(port.withLock { $0 })/match"
            let slow = Task { try await TestProcess.run("/usr/bin/curl", ["-s", "-w", "\n%{http_code}", "-H", "Content-Type: application/json", "-d", #"{"text": "python"}"#, url]) }
            for _ in 0..<1_000 where service.started.value == 0 { try await Task.sleep(for: .milliseconds(10)) }
            try #require(service.started.value == 1, "the request never reached the matcher")
            await group.triggerGracefulShutdown()
            let result = try await slow.value
            #expect(result.stdout.hasSuffix("\n200"), "\(result.stdout) \(result.stderr)")
            #expect(result.stdout.contains("request_id"))
            try await tasks.waitForAll()
        }
        #expect(try await fixture.store.requests().count == 1)
        let after = try await TestProcess.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(port.withLock { $0 })/health"])
        #expect(after.stdout == "000", "the server still answers after shutdown")
    }
}
