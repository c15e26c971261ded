import Foundation
import Testing
import TestSupport

/// `jobmatch index --engine spark`: Spark's executors (two executor processes of a local
/// cluster) encode the parts with the shipped binary and model and the driver merges them into
/// the very files the embedded engine writes, resuming a killed embedded run.
@Suite("index --engine spark", .serialized)
struct IndexSparkTests {
    static let tiny = MatchCommandTests.tinyBERT

    static func files(_ ws: String) throws -> (table: Data, index: Data) {
        (try Data(contentsOf: URL(fileURLWithPath: "\(ws)/tables/jobs_encoded.parquet")),
         try Data(contentsOf: URL(fileURLWithPath: "\(ws)/index/jobs.faiss")))
    }

    static func run(_ args: [String], environment: [String: String?] = [:]) async throws -> (status: Int32, out: String, err: String) {
        let r = try await TestProcess.jobmatch(args, environment: environment)
        return (r.status, r.stdout, r.stderr)
    }

    @Test func sparkExecutorsFinishAKilledRunWithTheEmbeddedEnginesExactFiles() async throws {
        let ws = TestPaths.tempFolder().appendingPathComponent("ws").path
        defer { try? FileManager.default.removeItem(atPath: ws) }
        #expect(try await Self.run(["generate", "--workspace", ws, "--jobs", "80", "--cvs", "4"]).status == 0)
        #expect(try await Self.run(["process", "--workspace", ws]).status == 0)
        let embedded = try await Self.run(["index", "--workspace", ws, "--model", Self.tiny, "--part-rows", "16"])
        #expect(embedded.status == 0, "\(embedded.err)")
        let expected = try Self.files(ws)
        let rows = try #require(embedded.err.firstMatch(of: /encoded (\d+) jobs/).flatMap { Int($0.1) })
        try FileManager.default.removeItem(atPath: "\(ws)/tables/jobs_encoded.parquet")
        try FileManager.default.removeItem(atPath: "\(ws)/index/jobs.faiss")

        // An embedded run killed after 2 durable parts, then Spark encodes the rest.
        let killed = try await Self.run(["index", "--workspace", ws, "--model", Self.tiny, "--part-rows", "16"],
                                        environment: ["JOBMATCH_TEST_KILL_AFTER_PARTS": "2"])
        #expect(killed.status != 0)
        let spark = try await Self.run(["index", "--workspace", ws, "--model", Self.tiny, "--part-rows", "16",
                                 "--engine", "spark", "--spark-master", "local-cluster[2,1,1024]"])
        #expect(spark.status == 0, "\(spark.err)")
        #expect(spark.err.contains("encoded \(rows - 32) jobs") && spark.err.contains("reused 2 finished parts"), "\(spark.err)")
        let got = try Self.files(ws)
        #expect(got.table == expected.table, "the encoded table differs from the embedded engine's")
        #expect(got.index == expected.index, "the index differs from the embedded engine's")
        #expect(!FileManager.default.fileExists(atPath: "\(ws)/tables/jobs_encoded.parquet.parts"))
    }

    /// `mine-pairs --engine spark`: the executors encode the jobs the cache lacks (here all of
    /// them, in 5 parts), and mining then finds every job's vector in `tables/encoded/` and writes
    /// the embedded engine's pairs file, byte for byte. Seen red with the executors told another
    /// sequence length than mining's (the cache then holds other vectors and the pairs differ).
    @Test func minedOnSparkThePairsAreTheEmbeddedEnginesAndNoJobIsEncodedHere() async throws {
        let ws = TestPaths.tempFolder().appendingPathComponent("ws").path
        defer { try? FileManager.default.removeItem(atPath: ws) }
        #expect(try await Self.run(["generate", "--workspace", ws, "--jobs", "70", "--cvs", "12"]).status == 0)
        #expect(try await Self.run(["process", "--workspace", ws]).status == 0)
        let mine = ["mine-pairs", "--workspace", ws, "--model", Self.tiny, "--max-seq-length", "48", "--min-dense", "0", "--min-score", "0",
                    "--held-out", "0.25", "--json"]
        let embedded = try await Self.run(mine)
        #expect(embedded.status == 0, "\(embedded.err)")
        let expected = try Data(contentsOf: URL(fileURLWithPath: "\(ws)/tables/pairs.parquet"))
        try FileManager.default.removeItem(atPath: "\(ws)/tables/encoded")
        try FileManager.default.removeItem(atPath: "\(ws)/tables/pairs.parquet")

        let spark = try await Self.run(mine + ["--part-rows", "16", "--engine", "spark", "--spark-master", "local-cluster[2,1,1024]"])
        #expect(spark.status == 0, "\(spark.err)")
        let jobs = try #require(spark.err.firstMatch(of: /jobs on Spark: (\d+) encoded in (\d+) parts; 0 of (\d+)/), "\(spark.err)")
        #expect(Int(jobs.1) == Int(jobs.3) && Int(jobs.2) == (Int(jobs.3)! + 15) / 16)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(spark.out.utf8)) as? [String: Any])
        let held = try #require(report["jobs"] as? Int)
        #expect((report["cached_job_vectors"] as? Int).map { $0 > 0 && $0 <= held } == true, "every mined job from the cache: \(report)")
        #expect((report["pairs"] as? Int ?? 0) > 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(ws)/tables/pairs.parquet")) == expected, "the pairs differ from the embedded engine's")
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(ws)/tables/encoded").allSatisfy { !$0.hasSuffix(".parts") })
        // A second run finds everything cached and starts no Spark job.
        let again = try await Self.run(mine + ["--engine", "spark", "--spark-master", "local-cluster[2,1,1024]"])
        #expect(again.status == 0 && again.err.contains("jobs on Spark: 0 encoded in 0 parts; \(jobs.3) of \(jobs.3)"), "\(again.err)")
    }

    @Test func withoutSparkSubmitTheErrorIsOneLine() async throws {
        let ws = TestPaths.tempFolder().appendingPathComponent("ws").path
        defer { try? FileManager.default.removeItem(atPath: ws) }
        #expect(try await Self.run(["generate", "--workspace", ws, "--jobs", "30", "--cvs", "2"]).status == 0)
        #expect(try await Self.run(["process", "--workspace", ws]).status == 0)
        let r = try await Self.run(["index", "--workspace", ws, "--model", Self.tiny, "--engine", "spark"],
                                   environment: ["JOBMATCH_SPARK_SUBMIT": "/nonexistent/spark-submit"])
        #expect(r.status == 1 && r.err.contains("spark-submit not found") && r.err.contains("/nonexistent/spark-submit"), "\(r.err)")
        #expect(r.err.split(separator: "\n").filter { $0.hasPrefix("error") }.count == 1)
        let bad = try await Self.run(["index", "--workspace", ws, "--model", Self.tiny, "--spark-master", "yarn"])
        #expect(bad.status != 0 && bad.err.contains("go with --engine spark"))
    }
}
