import Foundation
import Parquet
import TestSupport
import Testing
@testable import jobmatch

/// `jobmatch cat` and the Parquet half of `jobmatch inspect`, run against a file pyarrow wrote.
@Suite("jobmatch cat and Parquet inspection")
struct CatCommandTests {
    static var python: String { TestPaths.python }

    /// The built `jobmatch` binary next to the test bundle.
    static var binary: URL { URL(fileURLWithPath: TestPaths.jobmatchBinary) }

    static func run(_ executable: String, _ arguments: [String]) async throws -> (Int32, String, String) {
        let r = try await TestProcess.run(executable, arguments)
        return (r.status, r.stdout, r.stderr)
    }

    static func pyarrowFile(_ path: String) async throws {
        let script = """
        import sys, datetime, pyarrow as pa, pyarrow.parquet as pq
        t = pa.table({
          "title": pa.array(["Data \\"Engineer\\"", None, "Ingénieur 🚀"]),
          "skills": pa.array([["sql", "python"], [], None], pa.list_(pa.string())),
          "posted": pa.array([datetime.date(2024, 1, 31), None, datetime.date(1969, 12, 31)], pa.date32()),
          "embedding": pa.array([[0.5, -1.0], [0.25, 2.0], [0.0, 1.5]], pa.list_(pa.float32())),
        }).replace_schema_metadata({"embedding.model": "all-MiniLM-L6-v2"})
        pq.write_table(t, sys.argv[1], compression="snappy", row_group_size=2)
        """
        let (status, _, err) = try await run(python, ["-c", script, path])
        try #require(status == 0, "\(err)")
    }

    @Test("cat prints a pyarrow-written file as JSON Lines")
    func catPyarrowFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cat-\(UUID().uuidString).parquet").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await Self.pyarrowFile(path)
        let (status, out, err) = try await Self.run(Self.binary.path, ["cat", path])
        #expect(status == 0, "\(err)")
        #expect(out == """
        {"title":"Data \\"Engineer\\"","skills":["sql","python"],"posted":"2024-01-31","embedding":[0.5,-1]}
        {"title":null,"skills":[],"posted":null,"embedding":[0.25,2]}
        {"title":"Ingénieur 🚀","skills":null,"posted":"1969-12-31","embedding":[0,1.5]}

        """)
        let (_, limited, _) = try await Self.run(Self.binary.path, ["cat", path, "--columns", "posted,title", "--limit", "1"])
        #expect(limited == "{\"posted\":\"2024-01-31\",\"title\":\"Data \\\"Engineer\\\"\"}\n")
        let (badStatus, _, badErr) = try await Self.run(Self.binary.path, ["cat", path, "--columns", "salary"])
        #expect(badStatus != 0)
        #expect(badErr.contains(path) && badErr.contains("salary"))

        let text = try inspectParquet(path: path, json: false)
        #expect(text.contains("rows: 3 in 2 row group(s); codecs: SNAPPY"))
        #expect(text.contains("skills: list<string>"))
        #expect(text.contains("embedding.model: all-MiniLM-L6-v2"))
        let json = try inspectParquet(path: path, json: true)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(object?["rows"] as? Int == 3)
        #expect(((object?["parquet"] as? [String: Any])?["row_groups"] as? [Any])?.count == 2)
    }

    /// `inspect --json` gives a Parquet file the keys it gives a CSV file, with values of the same
    /// JSON types, so a script reads `rows` or `columns` the same way whatever the format; the
    /// Parquet details are under the one extra key `parquet`.
    @Test("inspect --json: a Parquet file has the keys of a CSV file")
    func inspectJSONKeysAreTheSameForParquetAndCSV() async throws {
        let folder = TestPaths.tempFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let parquet = folder.appendingPathComponent("t.parquet").path, csv = folder.appendingPathComponent("t.csv").path
        try await Self.pyarrowFile(parquet)
        try Data("title,skills\nData Engineer,sql\n".utf8).write(to: URL(fileURLWithPath: csv))
        func inspect(_ path: String) async throws -> [String: Any] {
            let (status, out, err) = try await Self.run(Self.binary.path, ["inspect", "--json", path])
            try #require(status == 0, "\(err)")
            return try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        }
        let p = try await inspect(parquet), c = try await inspect(csv)
        #expect(Set(p.keys) == Set(c.keys).union(["parquet"]))
        func jsonType(_ value: Any?) -> String {
            switch value {
            case is String: "string"
            case is [Any]: "array"
            case is [String: Any]: "object"
            case is NSNumber: "number"
            default: "null"
            }
        }
        for key in c.keys { #expect(jsonType(p[key]) == jsonType(c[key]), "\(key): \(p[key] ?? "nil") vs \(c[key] ?? "nil")") }
        #expect(p["path"] as? String == parquet && p["format"] as? String == "parquet")
        #expect(p["columns"] as? [String] == ["title", "skills", "posted", "embedding"])
        #expect(p["rows"] as? Int == 3 && p["rejected"] as? Int == 0)
    }

    @Test("cat on a file that is not Parquet is a one-line error")
    func catNotParquet() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cat-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("a,b\n1,2\n".utf8).write(to: URL(fileURLWithPath: path))
        let (status, out, err) = try await Self.run(Self.binary.path, ["cat", path])
        #expect(status != 0)
        #expect(out.isEmpty)
        #expect(err.contains("\(path): does not start with the PAR1 magic"))
        #expect { try inspectParquet(path: path, json: false) } throws: { "\($0)".contains(path) }
    }
}
