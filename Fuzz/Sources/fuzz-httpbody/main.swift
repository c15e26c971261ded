// libFuzzer harness: the HTTP API's request bodies, through the server's own router in-process
// (no socket): the first byte picks the route — POST /match, /match/job, /feedback,
// /feedback/candidate or /alerts — and the rest is the body, sent as application/json. So each
// input goes through JSONBody (the size limit, JSONDecoder, the error mapping), the API types'
// decoding (APITypes.swift, AlertRoutes.swift), the routes' validation, and ErrorMiddleware.
//
// Besides traps and sanitizer reports, it is a finding when an answer is a 500 (a body must never
// reach an unexpected error) or is not one of the statuses a body can earn, or when an error's
// body is not `{"error": {"status", "code", "message"}}` with the answer's status.
//
// What answers behind the validation: a fixed matcher (ten jobs; no CV index, so a valid
// /match/job is 503), an in-memory feedback store (renewed every 2,000 inputs so memory stays
// flat), and a workspace with one CV (`cv-1`) for /alerts. A `cv_file` is read by Documents
// (text, DOCX) except PDFs: the PDF helper is stubbed by /bin/true (poppler runs in its own
// process under limits, not here), so a PDF is refused as unreadable.
import Feedback
import Foundation
import FuzzSupport
import Hummingbird
import JobMatchCore
import Logging
import Matching
import Server
import Tables

setenv("JOBMATCH_EXTRACT", "/bin/true", 1)

/// Jobs `job-1` … `job-10` for any CV.
struct FixedJobs: MatchService {
    func match(_ query: MatchQuery) async throws -> MatchOutcome {
        let results = (1...10).prefix(query.top).map { n in
            MatchResult(rank: n, jobID: "job-\(n)", title: "Job \(n)", company: "Company", location: "Town", score: 1 - Float(n) / 100)
        }
        return MatchOutcome(results: Array(results), modelVersion: "fixed", indexVersion: "fixed")
    }
    func job(id: String) async throws -> JobDetail? { nil }
    func status() async -> ServiceStatus { ServiceStatus(modelVersion: "fixed", indexVersion: "fixed", indexSize: 10) }
}

let routes = ["/match", "/match/job", "/feedback", "/feedback/candidate", "/alerts"]
/// What a body may earn: stored or answered, malformed, unknown id, too large, not servable (/match/job).
let allowed: Set<Int> = [200, 201, 400, 404, 413, 422, 503]

let workspace = Workspace(Scratch.folder + "/workspace")
Scratch.makeFolders(workspace.cvsTable.deletingLastPathComponent().path)
do {
    let cvs = try CVsTable.Writer(url: workspace.cvsTable)
    try cvs.append(CVRow(cvID: "cv-1", text: "Python developer, SQL.", embeddingText: "Python developer, SQL."))
    try cvs.close()
} catch { fatalError("cannot write the harness's CVs table: \(error)") }

let logger = Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() })

/// The server's router as a responder, over a fresh in-memory store.
func makeResponder() -> any HTTPResponder<ServerRequestContext> {
    let store = try! FeedbackStore(.inMemory)
    let configuration = ServerConfiguration(port: 0, maxBodyBytes: 64 << 10, rateLimit: 0)
    return JobMatchServer(configuration: configuration, service: FixedJobs(), store: store, logger: logger, alerts: workspace)
        .router().buildResponder()
}

final class Box: @unchecked Sendable { var value: (status: Int, body: String)? }
nonisolated(unsafe) var responder = makeResponder()
nonisolated(unsafe) var inputs = 0

func fuzzHTTPBody(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    inputs += 1
    if inputs % 2_000 == 0 { responder = makeResponder() }
    let route = routes[Int(data[0]) % routes.count]
    let body = ByteBuffer(bytes: UnsafeBufferPointer(start: data + 1, count: size - 1))
    let head = HTTPRequest(method: .post, scheme: "http", authority: "127.0.0.1:8080", path: route,
                           headerFields: [.contentType: "application/json"])
    let request = Request(head: head, body: RequestBody(buffer: body))
    let answer = Box(), done = DispatchSemaphore(value: 0)
    let current = responder
    Task {
        do {
            let response = try await current.respond(to: request, context: ServerRequestContext(logger: logger))
            let sink = Sink()
            try await response.body.write(Collector(sink: sink))
            answer.value = (response.status.code, String(buffer: sink.buffer))
        } catch {
            answer.value = (-1, "thrown past the error middleware: \(type(of: error))")
        }
        done.signal()
    }
    done.wait()
    guard let (status, text) = answer.value else { fatalError("no answer") }
    guard allowed.contains(status) else { fatalError("POST \(route): status \(status): \(text)") }
    if status >= 400 {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let error = object["error"] as? [String: Any], object.count == 1,
              error["status"] as? Int == status, error["code"] is String, error["message"] is String, error.count == 3 else {
            fatalError("POST \(route): status \(status) with a body that is not the error shape: \(text)")
        }
    }
    return 0
}

/// Collects a response body (the router's responses are written, not returned).
final class Sink: @unchecked Sendable { var buffer = ByteBuffer() }

struct Collector: ResponseBodyWriter {
    let sink: Sink
    mutating func write(_ buffer: ByteBuffer) async throws { sink.buffer.writeImmutableBuffer(buffer) }
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

runFuzzer(fuzzHTTPBody)
