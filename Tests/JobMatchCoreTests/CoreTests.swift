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
        #expect(line == "{\"source\":\"a.csv\",\"line\":3,\"reason\":\"bad\",\"raw_bytes\":4,\"raw\":\"x,\\\"y\"}\n")
        #expect(log.count == 1 && log.countsByCategory == ["bad": 1])
    }

    /// Rejects keep the record's bytes exactly: invalid UTF-8 (stray continuation bytes, a cut
    /// sequence, an overlong form, a surrogate), NUL and control bytes, and a record over 1 MiB,
    /// each read back byte for byte from the JSON Lines file.
    @Test func rejectLogKeepsTheRawBytesLosslessly() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rej-\(UUID().uuidString)/r.jsonl")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        var big = [UInt8](repeating: UInt8(ascii: "a"), count: 3 << 20)
        big[2 << 20] = 0xFF  // invalid past the first 2 MiB
        let records: [[UInt8]] = [
            Array("caf".utf8) + [0xE9] + Array(",x\r\n".utf8),  // Windows-1252 é
            [0x80, 0xBF, 0x22, 0x00, 0x0A, 0x5C],
            [0xE2, 0x82],  // a sequence cut short
            [0xC0, 0xAF, 0xED, 0xA0, 0x80],  // overlong '/', a UTF-16 surrogate
            Array("valid \"é\" \u{2028} 🙂\t\u{7}".utf8),
            [UInt8](repeating: UInt8(ascii: "b"), count: (1 << 20) + 17),  // valid, over 1 MiB
            big,
            [],
        ]
        let log = RejectLog(file: url)
        for (i, raw) in records.enumerated() { log.record(Rejection(source: "f.csv", line: i + 1, reason: "r"), raw: raw) }
        try log.close()
        let lines = try Data(contentsOf: url).split(separator: UInt8(ascii: "\n"))
        #expect(lines.count == records.count)
        for (i, line) in lines.enumerated() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            #expect(object["raw_bytes"] as? Int == records[i].count, "record \(i)")
            #expect(RejectLog.rawBytes(ofRejectLine: object) == records[i], "record \(i) did not come back byte for byte")
            #expect((object["raw"] != nil) == (String(validating: records[i], as: UTF8.self) != nil), "record \(i)")
        }
    }
}
