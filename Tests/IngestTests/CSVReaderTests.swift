import Foundation
import JobMatchCore
import TestSupport
import Testing

@testable import Ingest

@Suite struct CSVReaderTests {
    /// Reads every good record of `text` with the given chunk size.
    func read(_ bytes: [UInt8], chunk: Int = 1 << 20) throws -> (rows: [[String]], rejects: RejectLog, header: [String]) {
        let rejects = RejectLog(file: nil, keep: 100)
        var options = CSVOptions()
        options.chunkSize = chunk
        let reader = try CSVReader(path: TestPaths.file(bytes), rejects: rejects, options: options)
        var rows: [[String]] = []
        while try reader.next() { rows.append((0..<reader.fieldCount).map(reader.string)) }
        return (rows, rejects, reader.header)
    }

    func read(_ text: String, chunk: Int = 1 << 20) throws -> (rows: [[String]], rejects: RejectLog, header: [String]) {
        try read(Array(text.utf8), chunk: chunk)
    }

    @Test func quotedFieldsWithDelimitersQuotesAndLineBreaks() throws {
        let r = try read("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nplain,,\"\"\n")
        #expect(r.header == ["a", "b", "c"])
        #expect(r.rows == [["x, y", "say \"hi\"", "two\nlines"], ["plain", "", ""]])
        #expect(r.rejects.count == 0)
    }

    @Test func crlfBomAndNoFinalNewline() throws {
        let r = try read([0xEF, 0xBB, 0xBF] + Array("id,text\r\n1,\"a\r\nb\"\r\n2,c".utf8))
        #expect(r.header == ["id", "text"])
        #expect(r.rows == [["1", "a\r\nb"], ["2", "c"]])
    }

    @Test func blankLinesAreSkippedNotRejected() throws {
        let r = try read("a,b\n1,2\n\n\r\n3,4\n")
        #expect(r.rows == [["1", "2"], ["3", "4"]])
        #expect(r.rejects.count == 0)
    }

    @Test func wrongFieldCountIsRejectedWithItsLine() throws {
        let r = try read("a,b\n1,2\n\"multi\nline\",2,3\n4,5\n")
        #expect(r.rows == [["1", "2"], ["4", "5"]])
        #expect(r.rejects.first == [Rejection(source: r.rejects.first[0].source, line: 3, reason: "expected 2 fields, found 3")])
    }

    @Test func invalidUTF8IsRejectedAndReadingGoesOn() throws {
        let bytes = Array("a,b\n1,ok\n2,".utf8) + [0xC3, 0x28] + Array("\n3,caf\u{e9}\n".utf8)
        let r = try read(bytes)
        #expect(r.rows == [["1", "ok"], ["3", "café"]])
        #expect(r.rejects.first.map(\.reason) == ["invalid UTF-8 in field 2"])
        #expect(r.rejects.first.map(\.line) == [3])
    }

    @Test func characterAfterClosingQuoteIsRejected() throws {
        let r = try read("a,b\n\"x\"y,1\n2,3\n")
        #expect(r.rows == [["2", "3"]])
        #expect(r.rejects.first.first?.reason == "unexpected character after the closing quote of field 1")
    }

    @Test func strayQuoteLosesOneRecordNotTheFile() throws {
        let r = try read("a,b\n1,\"oops\n2,two\n3,three\n")
        #expect(r.rows == [["2", "two"], ["3", "three"]])
        #expect(r.rejects.first.map(\.line) == [2])
        #expect(r.rejects.first.first?.reason.hasPrefix("unterminated quoted field 2") == true)
    }

    @Test func quoteInsideUnquotedFieldIsLiteral() throws {
        let r = try read("a,b\n5'11\" tall,x\n")
        #expect(r.rows == [["5'11\" tall", "x"]])
    }

    @Test func emptyFileHasNoHeader() throws {
        #expect(throws: JobMatchError.self) { try read("") }
    }

    @Test func missingFileNamesThePath() throws {
        #expect(throws: JobMatchError.io(path: "/nonexistent/x.csv", reason: "cannot open: No such file or directory")) {
            try CSVReader(path: "/nonexistent/x.csv", rejects: RejectLog(file: nil))
        }
    }

    @Test func recordsLongerThanTheLimitAreRejected() throws {
        var options = CSVOptions()
        options.maxRecordBytes = 1 << 12
        options.chunkSize = 1 << 10
        let rejects = RejectLog(file: nil)
        let text = "a,b\n1,\"" + String(repeating: "x", count: 10_000) + "\n2,two\n"
        let reader = try CSVReader(path: TestPaths.file(text), rejects: rejects, options: options)
        var rows: [[String]] = []
        while try reader.next() { rows.append([reader.string(0), reader.string(1)]) }
        #expect(rows == [["2", "two"]])
        #expect(rejects.count == 1)
    }

    /// A record rejected for invalid UTF-8 or a wrong field count lands in the rejects file byte
    /// for byte (`raw_base64` when the bytes are not UTF-8), whatever chunk boundary it crosses.
    @Test(arguments: [5, 1 << 20])
    func rejectedRecordsKeepTheirExactBytes(chunk: Int) throws {
        let bad1: [UInt8] = Array("2,caf".utf8) + [0xE9, 0x22, 0xFF] + Array("\r\n".utf8)  // Windows-1252 é, a stray 0xFF
        let bad2: [UInt8] = Array("3,\"x\ny\",".utf8) + [0x00, 0x80] + Array("\n".utf8)  // three fields, one a NUL and a continuation byte
        let bytes = Array("a,b\n1,ok\n".utf8) + bad1 + bad2 + Array("4,fine\n".utf8)
        let folder = TestPaths.tempFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("rejects.jsonl")
        let rejects = RejectLog(file: url)
        var options = CSVOptions()
        options.chunkSize = chunk
        let reader = try CSVReader(path: TestPaths.file(bytes), rejects: rejects, options: options)
        var rows: [[String]] = []
        while try reader.next() { rows.append([reader.string(0), reader.string(1)]) }
        try rejects.close()
        #expect(rows == [["1", "ok"], ["4", "fine"]])
        let lines = try Data(contentsOf: url).split(separator: UInt8(ascii: "\n"))
        let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any]) }
        #expect(objects.map { $0["line"] as? Int } == [3, 4])
        #expect(objects.map(RejectLog.rawBytes(ofRejectLine:)) == [bad1, bad2])
    }

    /// Property: random tables written by CSVWriter read back identically, whatever the chunk size
    /// (records cross chunk boundaries at every position).
    @Test(arguments: [7, 64, 1 << 20])
    func randomTablesRoundTrip(chunk: Int) throws {
        var rng = SplitMix64(seed: UInt64(chunk))
        let alphabet: [String] = ["a", "b", "Z", " ", ",", "\"", "\n", "\r\n", "é", "日本", "🙂", "\t", "'", "x y"]
        for _ in 0..<20 {
            let columns = Int.random(in: 1...6, using: &rng)
            let header = (0..<columns).map { "c\($0)" }
            let rows = (0..<Int.random(in: 0...40, using: &rng)).map { _ in
                (0..<columns).map { _ in
                    (0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined()
                }
            }
            let path = TestPaths.tempFolder().appendingPathComponent("t.csv").path
            let writer = try CSVWriter(
                path: path, header: header, quoting: Bool.random(using: &rng) ? .all : .minimal,
                lineEnding: Bool.random(using: &rng) ? "\n" : "\r\n")
            for row in rows { try writer.write(row) }
            try writer.close()
            let back = try read(Array(FileManager.default.contents(atPath: path)!), chunk: chunk)
            #expect(back.header == header)
            #expect(back.rows == rows)
            #expect(back.rejects.count == 0)
        }
    }
}

@Suite struct RecordKeyTests {
    @Test func blankKeysAreRejectedWithColumnAndLine() throws {
        let path = TestPaths.file("job_link,job_skills\nhttps://x/1,\"A, B\"\n  ,\"C\"\nhttps://x/2,D\n")
        let rejects = RejectLog(file: nil)
        let reader = try LinkedInPartReader(path: path, valueColumn: "job_skills", rejects: rejects)
        var links: [String] = []
        while let row = try reader.nextSkills() { links.append(row.jobLink) }
        #expect(links == ["https://x/1", "https://x/2"])
        #expect(rejects.first == [Rejection(source: path, line: 3, reason: "empty job_link")])
    }
}
