import Foundation
import Testing

@testable import JobMatchCore

@Suite struct CoreTests {
    @Test func seededGeneratorIsDeterministicPerStream() {
        var a = SeededGenerator(seed: 1, stream: 7), b = SeededGenerator(seed: 1, stream: 7), c = SeededGenerator(seed: 1, stream: 8)
        let xs = (0..<5).map { _ in a.next() }
        #expect(xs == (0..<5).map { _ in b.next() })
        #expect(xs != (0..<5).map { _ in c.next() })
    }

    @Test func jsonQuotingRoundTripsThroughFoundation() throws {
        let nasty = "quote \" backslash \\ newline \n tab \t bell \u{7} é 🙂"
        let decoded = try JSONSerialization.jsonObject(with: Data(("[" + JSONText.quoted(nasty) + "]").utf8)) as? [String]
        #expect(decoded == [nasty])
    }

    @Test func rejectCategoriesFoldDigits() {
        #expect(RejectLog.category(of: "expected 14 fields, found 9") == "expected N fields, found N")
    }

    @Test func rejectLogWritesJSONLines() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rej-\(UUID().uuidString)/r.jsonl")
        let log = RejectLog(file: url)
        log.record(Rejection(source: "a.csv", line: 3, reason: "bad"), raw: Array("x,\"y".utf8))
        try log.close()
        let line = try String(contentsOf: url, encoding: .utf8)
        #expect(line == "{\"source\":\"a.csv\",\"line\":3,\"reason\":\"bad\",\"raw\":\"x,\\\"y\"}\n")
        #expect(log.count == 1 && log.countsByCategory == ["bad": 1])
    }
}
