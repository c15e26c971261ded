import Foundation
import Testing

/// `jobmatch embed`, run as the built binary on the tiny test model (no network, a second or two).
@Suite("jobmatch embed")
struct EmbedCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let tinyModel = root.appendingPathComponent("Tests/TransformersTests/Fixtures/tiny-bert").path

    /// The jobmatch binary the test build made, next to the test bundle (`.build/<triple>/debug/`).
    static var binary: URL {
        let candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
                          root.appendingPathComponent(".build/debug")].map { $0.appendingPathComponent("jobmatch") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    func run(_ args: [String]) throws -> (status: Int32, stderr: String) {
        let p = Process()
        p.executableURL = Self.binary
        p.arguments = args
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func temp(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("jobmatch-embed-\(UUID().uuidString)-\(name)")
    }

    func readJSONL(_ url: URL) throws -> [[String: Any]] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    @Test("JSONL in, JSONL out in input order; a broken line is rejected and reported")
    func jsonl() throws {
        let input = temp("in.jsonl"), output = temp("out.jsonl")
        try """
            {"id": "a", "text": "Senior Data Scientist in Stockholm"}
            {"id": "b", "text": "Registered nurse, night shifts"}
            {"id": "c", "text": 
            {"id": "d", "text": ""}
            """.write(to: input, atomically: true, encoding: .utf8)
        let r = try run(["embed", "--model", Self.tinyModel, "--input", input.path, "--output", output.path, "--dim", "8"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains(":3:"), "reject names the line: \(r.stderr)")
        let rows = try readJSONL(output)
        #expect(rows.map { $0["id"] as? String } == ["a", "b", "d"])
        for row in rows {
            let v = (row["embedding"] as! [NSNumber]).map(\.doubleValue)
            #expect(v.count == 8)
            #expect(abs(v.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5)
        }
    }

    @Test("CSV input: glassdoor job descriptions from ../shared/data/real")
    func glassdoorCSV() throws {
        let csv = Self.root.deletingLastPathComponent().appendingPathComponent("shared/data/real/glassdoor_jobs.csv")
        let output = temp("jobs.jsonl")
        let r = try run(["embed", "--model", Self.tinyModel, "--input", csv.path, "--text-field", "Job Description",
                         "--output", output.path, "--prompt", "passage", "--batch-size", "8"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try readJSONL(output).count >= 50)
    }

    @Test("a bad model folder is a one-line error naming the file, not a crash")
    func badModel() throws {
        let input = temp("in.jsonl")
        try #"{"id": 1, "text": "x"}"#.write(to: input, atomically: true, encoding: .utf8)
        let r = try run(["embed", "--model", "/nonexistent/model", "--input", input.path, "--output", temp("o.jsonl").path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("/nonexistent/model"), "\(r.stderr)")
        let both = try run(["embed", "--model", Self.tinyModel, "--input", input.path, "--output", temp("o.jsonl").path,
                            "--prompt", "query", "--prefix", "x"])
        #expect(both.status != 0 && both.stderr.contains("exclude each other"), "\(both.stderr)")
    }
}
