import Feedback
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Real signals to a real server process (`jobmatch serve-torture`: the API over ten fixed jobs).
@Suite struct ServeFaultTests {
    /// Starts the child and returns it with its port.
    static func start(database: String, delayMs: Int = 0) throws -> (TestProcess.Child, Int) {
        let child = try TestProcess.Child(TestPaths.jobmatchBinary, ["serve-torture", "--database", database, "--delay-ms", "\(delayMs)"])
        child.read { $0.contains { $0.hasPrefix("LISTENING ") } }
        let line = try #require(child.lines.first { $0.hasPrefix("LISTENING ") }, "the server did not start: \(child.lines)")
        return (child, try #require(Int(line.dropFirst(10))))
    }

    @Test func sigtermAnswersTheRequestInFlightThenExits() async throws {
        let database = TestPaths.tempFolder().appendingPathComponent("feedback.sqlite").path
        let (child, port) = try Self.start(database: database, delayMs: 1_500)
        let slow = Task {
            try await TestProcess.run("/usr/bin/curl", ["-s", "-w", "\n%{http_code}", "-H", "Content-Type: application/json",
                                                  "-d", #"{"text": "anything"}"#, "http://127.0.0.1:\(port)/match"])
        }
        try #require(child.read { $0.contains("MATCHING") }, "the request never reached the matcher: \(child.lines)")
        let status = child.signal(SIGTERM)
        let answer = try await slow.value
        #expect(answer.stdout.hasSuffix("\n200") && answer.stdout.contains("request_id"), "\(answer.stdout)")
        #expect(status == 0, "exit status after SIGTERM")
        #expect(child.lines.last == "STOPPED")
        let store = try FeedbackStore(path: database)
        #expect(try await store.requests().count == 1, "the answered request was not recorded")
    }

    /// 2,000 feedback posts, 100 at a time; the server is killed with SIGKILL after 300 were
    /// answered. Every post answered 201 is in the database after the kill.
    @Test func sigkillUnderLoadLosesNoAcknowledgedFeedback() async throws {
        let database = TestPaths.tempFolder().appendingPathComponent("feedback.sqlite").path
        let (child, port) = try Self.start(database: database)
        let base = "http://127.0.0.1:\(port)"
        let session = URLSession(configuration: .ephemeral)
        let (matchData, _) = try await session.data(for: Self.post(base + "/match", #"{"text": "anything"}"#))
        let requestID = try #require((try JSONSerialization.jsonObject(with: matchData) as? [String: Any])?["request_id"] as? String)

        let tally = Tally(), pid = child.process.processIdentifier
        await withTaskGroup(of: Void.self) { group in
            for n in 0..<2_000 {
                if n >= 100 { await group.next() }
                group.addTask {
                    let body = #"{"request_id": "\#(requestID)", "job_id": "job-\#(n % 10 + 1)", "event": "like", "reason": "n\#(n)"}"#
                    guard let (_, response) = try? await session.data(for: Self.post(base + "/feedback", body)),
                          (response as? HTTPURLResponse)?.statusCode == 201 else { return }
                    if tally.acknowledge(n) == 300 { kill(pid, SIGKILL) }
                }
            }
        }
        child.signal(SIGKILL)  // reaps it (and kills it, had the load ended first)
        let acked = tally.acknowledged
        #expect(acked.count >= 300, "the load ended before 300 posts were answered")
        let store = try FeedbackStore(path: database)
        let stored = Set(try await store.events().compactMap { $0.reason.flatMap { Int($0.dropFirst()) } })
        let lost = acked.subtracting(stored)
        #expect(lost.isEmpty, "\(lost.count) acknowledged posts lost, e.g. \(lost.sorted().prefix(5))")
        print("SIGKILL under load: \(acked.count) posts answered 201 before the kill, \(stored.count) events stored, none lost")
    }

    /// A 50 MB body streamed over a real socket (curl, no `Expect: 100-continue`, so the bytes
    /// are really sent) is refused with 413 and the server answers the next request. It runs
    /// against a server process of its own: in-process, the test's server shares Swift's
    /// cooperative threads with the rest of the parallel suite, and long synchronous tests
    /// starved it past the test client's fixed 20 s read timeout.
    @Test func aFiftyMegabyteBodyOverASocketIs413() async throws {
        let folder = TestPaths.tempFolder()
        let (child, port) = try Self.start(database: folder.appendingPathComponent("feedback.sqlite").path)
        defer { child.signal(SIGKILL) }
        let body = folder.appendingPathComponent("big.json")
        try Data(repeating: UInt8(ascii: "a"), count: 50 << 20).write(to: body)
        let big = try await TestProcess.run("/usr/bin/curl", ["-s", "-w", "\n%{http_code}", "-H", "Content-Type: application/json", "-H", "Expect:",
                                                       "--data-binary", "@\(body.path)", "http://127.0.0.1:\(port)/feedback"])
        #expect(big.stdout.hasSuffix("\n413") && big.stdout.contains(#""code":"body_too_large""#), "\(big.stdout)")
        let health = try await TestProcess.run("/usr/bin/curl", ["-s", "-w", "\n%{http_code}", "http://127.0.0.1:\(port)/health"])
        #expect(health.stdout.hasSuffix("\n200"), "\(health.stdout)")
    }

    /// A client that sends its whole body before reading (Python's urllib) gets the 413 at once,
    /// with `Connection: close`, instead of waiting on a full socket until its timeout: the server
    /// drains what is left of the body (bounded) and closes. Both ways of being too large: a
    /// `Content-Length` over the limit, and a chunked body that grows past it.
    @Test func aClientThatSendsItsWholeBodyFirstGetsThe413() async throws {
        let folder = TestPaths.tempFolder()
        let (child, port) = try Self.start(database: folder.appendingPathComponent("feedback.sqlite").path)
        defer { child.signal(SIGKILL) }
        let script = """
            import http.client, json, sys, time, urllib.error, urllib.request
            url = "http://127.0.0.1:%s/feedback" % sys.argv[1]
            out = {}
            body = b"a" * (20 << 20)
            started = time.monotonic()
            try:
                urllib.request.urlopen(urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"}), timeout=30)
                out["length"] = "answered 2xx"
            except urllib.error.HTTPError as e:
                out["length"] = [e.code, e.headers.get("Connection"), round(time.monotonic() - started, 2)]
            def chunks():
                for _ in range(40):
                    yield b"a" * (1 << 19)
            conn = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=30)
            started = time.monotonic()
            conn.request("POST", "/feedback", body=chunks(), headers={"Content-Type": "application/json"}, encode_chunked=True)
            r = conn.getresponse()
            out["chunked"] = [r.status, r.getheader("Connection"), round(time.monotonic() - started, 2)]
            print(json.dumps(out))
            """
        let run = try await TestProcess.run(TestPaths.python, ["-c", script, String(port)])
        #expect(run.status == 0, "\(run.output)")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: [Any]], "\(run.output)")
        for key in ["length", "chunked"] {
            let r = try #require(o[key], "\(key): \(run.output)")
            #expect(r[0] as? Int == 413 && (r[1] as? String)?.lowercased() == "close", "\(key): \(r)")
            #expect((r[2] as? Double ?? 99) < 10, "\(key) answered within 10 s, not at the client's timeout: \(r)")
        }
        let health = try await TestProcess.run("/usr/bin/curl", ["-s", "-w", "\n%{http_code}", "http://127.0.0.1:\(port)/health"])
        #expect(health.stdout.hasSuffix("\n200"), "\(health.stdout)")
    }

    static func post(_ url: String, _ body: String) -> URLRequest {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        return request
    }
}

/// Posts answered 201, from many tasks.
final class Tally: Sendable {
    private let numbers = Mutex<Set<Int>>([])
    /// Records `n`; returns how many are recorded.
    func acknowledge(_ n: Int) -> Int { numbers.withLock { $0.insert(n); return $0.count } }
    var acknowledged: Set<Int> { numbers.withLock { $0 } }
}
