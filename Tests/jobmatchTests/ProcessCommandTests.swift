import Foundation
import TestSupport
import Testing

/// `jobmatch process` and `jobmatch skills`, run as a user would.
@Suite struct ProcessCommandTests {
    @Test func processWritesBothTablesAndASummary() async throws {
        let ws = FileManager.default.temporaryDirectory.appendingPathComponent("jm-process-\(UUID().uuidString)").path
        #expect(try await CLI.run(["generate", "--workspace", ws, "--jobs", "150", "--cvs", "10", "--board-jobs", "20"]).status == 0)
        let r = try await CLI.run(["process", "--workspace", ws])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("rows in:") && r.out.contains("rows out:") && r.out.contains("skills per posting"))
        for table in ["jobs.parquet", "cvs.parquet"] {
            #expect(FileManager.default.fileExists(atPath: "\(ws)/tables/\(table)"))
        }
        let bad = try await CLI.run(["process", "--workspace", ws, "--engine", "hadoop"])
        #expect(bad.status == 64)
    }

    @Test func skillsPrintsMatchesAndVocabulary() async throws {
        let r = try await CLI.run(["skills", "--json", "We go the extra mile with Go and React on Kubernetes."])
        #expect(r.status == 0)
        #expect(r.out.contains("\"skill\":\"kubernetes\"") && r.out.contains("\"start\":26,\"end\":28,\"skill\":\"go\""))
        #expect(!r.out.contains("\"start\":3,"))
        let spacy = try await CLI.run(["skills", "--mode", "spacy", "We go the extra mile."])
        #expect(spacy.out.contains("3-5\tgo\tgo"))
        let vocab = try await CLI.run(["skills", "--vocabulary"])
        #expect(vocab.out.split(separator: "\n").count >= 2000 && vocab.out.contains("\"id\":\"javascript\""))
    }

    /// Options that a run would parse and then ignore are usage errors (exit 64, one line naming
    /// them), checked before anything is read: log options without `--source log`, `--partitions`
    /// with the Spark engine, Kafka settings without `--log kafka`.
    @Test(arguments: [
        (["process", "--log", "kafka", "--bootstrap", "localhost:9"], "--source log"),
        (["process", "--source", "raw", "--log", "embedded"], "--source log"),
        (["process", "--kafka-property", "a=b"], "--log kafka"),
        (["process", "--engine", "spark", "--partitions", "8"], "--partitions"),
        (["process", "--source", "log", "--bootstrap", "localhost:9"], "--log kafka"),
        (["ingest", "--bootstrap", "localhost:9"], "--log kafka"),
    ])
    func ignoredOptionsAreUsageErrors(arguments: [String], named: String) async throws {
        let ws = FileManager.default.temporaryDirectory.appendingPathComponent("jm-options-\(UUID().uuidString)").path
        let r = try await CLI.run(arguments + ["--workspace", ws])
        #expect(r.status == 64, "\(arguments): \(r.err)")
        let first = r.err.split(separator: "\n").first ?? ""
        #expect(first.hasPrefix("Error: ") && first.contains(named), "\(arguments): \(r.err)")
        #expect(!FileManager.default.fileExists(atPath: ws), "\(arguments) touched the workspace")
    }

    /// The jobs and cvs tables of `ws` as sorted `jobmatch cat` lines.
    static func tables(_ ws: String) async throws -> [String: [Substring]] {
        var out: [String: [Substring]] = [:]
        for table in ["jobs", "cvs"] {
            let r = try await CLI.run(["cat", "\(ws)/tables/\(table).parquet"])
            #expect(r.status == 0, "\(r.err)")
            out[table] = r.out.split(separator: "\n").sorted()
        }
        return out
    }

    /// Processing what `jobmatch ingest` published gives the tables processing the raw files
    /// gives, and publishing everything twice changes nothing. (A rerun after a real crash is
    /// `processAfterAKilledIngestAndARerunEqualsProcessFromRawFiles`.)
    @Test func processFromTheLogEqualsProcessFromRawFiles() async throws {
        let ws = FileManager.default.temporaryDirectory.appendingPathComponent("jm-process-log-\(UUID().uuidString)").path
        #expect(try await CLI.run(["generate", "--workspace", ws, "--jobs", "300", "--cvs", "20", "--board-jobs", "30"]).status == 0)
        func tables() async throws -> [String: [Substring]] { try await Self.tables(ws) }
        #expect(try await CLI.run(["process", "--workspace", ws]).status == 0)
        let fromRaw = try await tables()
        #expect(fromRaw["jobs"]!.count > 250 && fromRaw["cvs"]!.count == 20)
        for _ in 0..<2 { #expect(try await CLI.run(["ingest", "--workspace", ws]).status == 0) }
        let r = try await CLI.run(["process", "--workspace", ws, "--source", "log"])
        #expect(r.status == 0, "\(r.err)")
        let fromLog = try await tables()
        #expect(fromLog["jobs"] == fromRaw["jobs"])
        #expect(fromLog["cvs"] == fromRaw["cvs"])
        #expect(r.out.contains("ingest runs read: 1\n"), "the second ingest published nothing")
        // The Spark engine from the log gives the same tables (one Spark run, ~40 s; the full
        // check with corrections re-ingested is `SparkFromLogTests`).
        // (waited for off the cooperative pool: a Spark run takes minutes on a busy machine)
        let spark = try await TestProcess.jobmatch(["process", "--workspace", ws, "--source", "log", "--engine", "spark"])
        #expect(spark.status == 0, "\(spark.stderr)")
        #expect(try await tables() == fromLog)
    }

    /// An ingest killed with SIGKILL halfway (after 200 acknowledged records) leaves a run without
    /// its completion record: `process --source log` refuses it in one line, processes it only with
    /// --allow-incomplete-run, and a new ingest completes the log.
    @Test func processRefusesTheLogOfAKilledIngest() async throws {
        let ws = FileManager.default.temporaryDirectory.appendingPathComponent("jm-killed-ingest-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: ws) }
        #expect(try await CLI.run(["generate", "--workspace", ws, "--jobs", "300", "--cvs", "10", "--board-jobs", "10"]).status == 0)
        let child = try TestProcess.Child(TestPaths.jobmatchBinary, ["ingest", "--workspace", ws, "--stall-after", "200"])
        #expect(child.read { $0.contains { $0.hasPrefix("stalled after 200") } })
        #expect(child.signal(SIGKILL) == SIGKILL)

        let refused = try await CLI.run(["process", "--workspace", ws, "--source", "log"])
        #expect(refused.status == 1)
        #expect(refused.err.contains("ingest run 1 has no completion record") && refused.err.split(separator: "\n").count == 1, "\(refused.err)")
        let partial = try await CLI.run(["process", "--workspace", ws, "--source", "log", "--allow-incomplete-run"])
        #expect(partial.status == 0, "\(partial.err)")
        #expect(partial.out.contains("ingest runs read: 1 (incomplete)"))

        let ingest = try await CLI.run(["ingest", "--workspace", ws])
        #expect(ingest.out.hasPrefix("ingest run 2 complete"), "\(ingest.out)")
        let done = try await CLI.run(["process", "--workspace", ws, "--source", "log"])
        #expect(done.status == 0, "\(done.err)")
        #expect(done.out.contains("ingest runs read: 1 (incomplete), 2") && done.out.contains("committed group processing"))
    }

    /// An ingest killed with SIGKILL halfway (after some batches reached the log, before it
    /// exited), then run again to the end: processing the log gives the tables processing the
    /// raw files gives. The workspace is big enough (~9 MB of summaries, 1 MiB batches) that the
    /// kill lands before the final flush.
    @Test func processAfterAKilledIngestAndARerunEqualsProcessFromRawFiles() async throws {
        let ws = FileManager.default.temporaryDirectory.appendingPathComponent("jm-ingest-crash-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: ws) }
        #expect(try await CLI.run(["generate", "--workspace", ws, "--jobs", "3000", "--cvs", "20", "--board-jobs", "30"]).status == 0)
        func tables() async throws -> [String: [Substring]] { try await Self.tables(ws) }
        func logBytes() -> Int {
            var total = 0
            for partition in (try? FileManager.default.contentsOfDirectory(atPath: "\(ws)/log/jobs")) ?? [] {
                let folder = "\(ws)/log/jobs/\(partition)"
                for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasSuffix(".log") {
                    total += ((try? FileManager.default.attributesOfItem(atPath: "\(folder)/\(name)"))?[.size] as? Int) ?? 0
                }
            }
            return total
        }
        #expect(try await CLI.run(["process", "--workspace", ws]).status == 0)
        let fromRaw = try await tables()
        #expect(fromRaw["jobs"]!.count > 2_900 && fromRaw["cvs"]!.count == 20)

        let child = try TestProcess.Child(TestPaths.jobmatchBinary, ["ingest", "--workspace", ws])
        let deadline = Date().addingTimeInterval(120)
        while child.process.isRunning, logBytes() == 0, Date() < deadline { usleep(500) }
        let wasRunning = child.process.isRunning
        let status = child.signal(SIGKILL)
        try #require(wasRunning && child.process.terminationReason == .uncaughtSignal && status == SIGKILL,
                     "the ingest ended before the kill (status \(status)): make the workspace bigger")
        let crashed = logBytes()
        try #require(crashed > 0, "the kill came before any batch reached the log")

        let rerun = try await CLI.run(["ingest", "--workspace", ws])
        #expect(rerun.status == 0, "\(rerun.err)")
        #expect(logBytes() > crashed)
        let r = try await CLI.run(["process", "--workspace", ws, "--source", "log"])
        #expect(r.status == 0, "\(r.err)")
        let fromLog = try await tables()
        #expect(fromLog["jobs"] == fromRaw["jobs"])
        #expect(fromLog["cvs"] == fromRaw["cvs"])
    }
}
