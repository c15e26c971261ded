import Foundation
import Parquet
import TestSupport
import Testing

/// `jobmatch embed`, run as the built binary on the tiny test model (no network, a second or two).
@Suite("jobmatch embed")
struct EmbedCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let tinyModel = root.appendingPathComponent("Tests/TransformersTests/Fixtures/tiny-bert").path

    func run(_ args: [String]) async throws -> (status: Int32, stderr: String) {
        let r = try await TestProcess.jobmatch(args)
        return (r.status, r.stderr)
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
    func jsonl() async throws {
        let input = temp("in.jsonl"), output = temp("out.jsonl")
        try """
            {"id": "a", "text": "Senior Data Scientist in Stockholm"}
            {"id": "b", "text": "Registered nurse, night shifts"}
            {"id": "c", "text": 
            {"id": "d", "text": ""}
            """.write(to: input, atomically: true, encoding: .utf8)
        let r = try await run(["embed", "--model", Self.tinyModel, "--input", input.path, "--output", output.path, "--dim", "8"])
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

    @Test("CSV input: glassdoor job descriptions from data/real")
    func glassdoorCSV() async throws {
        let csv = Self.root.appendingPathComponent("data/real/glassdoor_jobs.csv")
        let output = temp("jobs.jsonl")
        let r = try await run(["embed", "--model", Self.tinyModel, "--input", csv.path, "--text-field", "Job Description",
                         "--output", output.path, "--prompt", "passage", "--batch-size", "8"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try readJSONL(output).count == 100)  // every description; the file has no bad record
    }

    @Test("Parquet out: id and list<float> embedding, model and dimension in the footer, pyarrow agrees")
    func parquetOutput() async throws {
        let input = temp("in.jsonl"), output = temp("out.parquet"), reference = temp("ref.jsonl")
        let texts = (0..<40).map { #"{"id": "job-\#($0)", "text": "Forklift operator \#($0), night shift, warehouse"}"# }
        try texts.joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        let r = try await run(["embed", "--model", Self.tinyModel, "--input", input.path, "--output", output.path, "--dim", "16"])
        #expect(r.status == 0, "\(r.stderr)")
        _ = try await run(["embed", "--model", Self.tinyModel, "--input", input.path, "--output", reference.path, "--dim", "16"])
        let reader = try ParquetReader(url: output)
        #expect(reader.rowCount == 40)
        #expect(reader.metadata["embedding.dimension"] == "16")
        #expect(reader.metadata["embedding.model"] == "tiny-bert")
        let batch = try reader.readRowGroup(0)
        let ids = try batch["id"]!.strings()
        let vectors = try batch["embedding"]!.floatLists()
        let expected = try readJSONL(reference)
        #expect(ids == expected.map { $0["id"] as? String })
        for (v, e) in zip(vectors, expected) {
            let want = (e["embedding"] as! [NSNumber]).map(\.floatValue)
            #expect(v?.compactMap { $0 } == want)
        }
        let py = try await TestProcess.run(TestPaths.python, ["-c", "import pyarrow as pa, pyarrow.parquet as pq, sys; t = pq.read_table(sys.argv[1]); "
            + "ty = t.schema.field('embedding').type; "
            + "assert t.num_rows == 40 and pa.types.is_list(ty) and ty.value_type == pa.float32(), t.schema; "
            + "assert len(t.column('embedding')[0]) == 16; print('ok')", output.path])
        #expect(py.status == 0 && py.stdout == "ok\n", "\(py.stderr)")
    }

    @Test("Parquet in: text and integer id columns; a null text is rejected with its row")
    func parquetInput() async throws {
        let input = temp("in.parquet"), output = temp("out.jsonl")
        let writer = try ParquetWriter(url: input, schema: ParquetSchema([.column("id", .int64), .column("text", .string)]))
        try writer.write([.int64s([7, 8, 9] as [Int64?]), .strings(["Line cook", nil, "Barista"] as [String?])])
        try writer.close()
        let r = try await run(["embed", "--model", Self.tinyModel, "--input", input.path, "--output", output.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try readJSONL(output).map { $0["id"] as? String } == ["7", "9"])
        #expect(r.stderr.contains("null 'text' in row 2"), "\(r.stderr)")
        let missing = try await run(["embed", "--model", Self.tinyModel, "--input", input.path, "--text-field", "body", "--output", output.path])
        #expect(missing.status == 1 && missing.stderr.contains("no column 'body'"), "\(missing.stderr)")
    }

    @Test("a bad model folder is a one-line error naming the file, not a crash")
    func badModel() async throws {
        let input = temp("in.jsonl")
        try #"{"id": 1, "text": "x"}"#.write(to: input, atomically: true, encoding: .utf8)
        let r = try await run(["embed", "--model", "/nonexistent/model", "--input", input.path, "--output", temp("o.jsonl").path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("/nonexistent/model"), "\(r.stderr)")
        let both = try await run(["embed", "--model", Self.tinyModel, "--input", input.path, "--output", temp("o.jsonl").path,
                            "--prompt", "query", "--prefix", "x"])
        #expect(both.status != 0 && both.stderr.contains("exclude each other"), "\(both.stderr)")
    }
}

/// `jobmatch embed --precision`: bf16 and int8 give vectors near fp32's; other names are refused.
@Suite("jobmatch embed --precision")
struct EmbedPrecisionTests {
    @Test("bf16 and int8 stay within cosine 0.99 of fp32 and are not identical to it; fp16 is refused")
    func precisions() async throws {
        let t = EmbedCommandTests()
        let input = t.temp("in.jsonl")
        let texts = (0..<12).map { #"{"id": "j\#($0)", "text": "Data engineer \#($0): Spark, SQL and Airflow pipelines"}"# }
        try texts.joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        var vectors: [String: [[Double]]] = [:]
        for p in ["fp32", "bf16", "int8"] {
            let output = t.temp("\(p).jsonl")
            let r = try await t.run(["embed", "--model", EmbedCommandTests.tinyModel, "--input", input.path, "--output", output.path,
                               "--precision", p])
            #expect(r.status == 0, "\(p): \(r.stderr)")
            vectors[p] = try t.readJSONL(output).map { ($0["embedding"] as! [NSNumber]).map(\.doubleValue) }
        }
        for p in ["bf16", "int8"] {
            let cos = zip(vectors[p]!, vectors["fp32"]!).map { a, b in zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
            #expect(cos.count == 12 && cos.min()! > 0.99, "\(p): \(cos)")
            #expect(vectors[p]! != vectors["fp32"]!, "\(p) equals fp32 exactly")
        }
        let bad = try await t.run(["embed", "--model", EmbedCommandTests.tinyModel, "--input", input.path, "--output",
                             t.temp("x.jsonl").path, "--precision", "fp16"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("'fp16' is not one of auto, fp32, bf16, int8"), "\(bad.stderr)")
    }
}
