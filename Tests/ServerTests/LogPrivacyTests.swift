import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Server
import Synchronization
import Testing

/// The server's logs never hold what people sent: a CV full of personal data, a pasted posting,
/// a feedback reason and a bad body go through every route, at debug level, and none of their
/// words reach a log line (issue 25 §1). Seen red with a debug line logging the CV's text.
@Suite struct LogPrivacyTests {
    static let personal = ["Zebulon", "Quigley-Farnsworth", "zq@example.org", "7700 900123", "1984-02-29", "SW1A 2AA", "linkedin.com/in/zq"]
    static let cv = "Zebulon Quigley-Farnsworth\nzq@example.org · +44 7700 900123 · born 1984-02-29 · 10 Downing St, London SW1A 2AA\n"
        + "https://linkedin.com/in/zq\nSenior data engineer: Python, SQL and Spark pipelines; Git. Some Swift."

    @Test func nothingAPersonSentReachesTheLogs() async throws {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "jobmatch.server") { label in
            JSONLogHandler(label: label) { data in lines.withLock { $0.append(String(decoding: data, as: UTF8.self)) } }
        }
        logger.logLevel = .debug
        var service = CatalogMatchService()
        service.offersCandidates = true
        let fixture = try ServerFixture(maxBodyBytes: 4096, service: service, logger: logger)
        let json: @Sendable (String) -> String = { s in String(decoding: (try? JSONEncoder().encode(s)) ?? Data(), as: UTF8.self) }
        let statuses = try await fixture.test(.live) { client -> [HTTPResponse.Status] in
            let match = try await client.post("/match", #"{"text": \#(json(Self.cv)), "keep_text": true}"#)
            let id = (try? match.object()["request_id"] as? String) ?? "none"
            let jobID = ((try? match.object()["results"] as? [[String: Any]])?.first?["job_id"] as? String) ?? "none"
            return [
                match.status,
                try await client.post("/feedback", #"{"request_id": "\#(id)", "job_id": "\#(jobID)", "event": "like", "reason": \#(json(Self.cv))}"#).status,
                try await client.post("/match/job", #"{"job_text": \#(json(Self.cv))}"#).status,
                try await client.post("/match", #"{"text": \#(json(Self.cv)), "top": "zq@example.org"}"#).status,
                try await client.post("/match", "{\"text\": \(json(Self.cv)) zq@example.org").status,
                try await client.post("/feedback", #"{"request_id": "zq@example.org", "job_id": "Zebulon", "event": "like"}"#).status,
                // Last: a 413 closes the connection.
                try await client.post("/match", #"{"text": \#(json(String(repeating: Self.cv, count: 40)))}"#).status,
            ]
        }
        #expect(statuses == [.ok, .created, .notFound, .unprocessableContent, .badRequest, .notFound, .contentTooLarge], "\(statuses)")
        let log = lines.withLock { $0.joined() }
        #expect(log.contains(#""http.route":"/match""#), "the requests were logged")
        for word in Self.personal { #expect(!log.contains(word), "\(word) reached the log") }
    }
}
