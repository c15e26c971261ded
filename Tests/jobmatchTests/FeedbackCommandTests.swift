import Feedback
import Foundation
import JobMatchCore
import Parquet
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `jobmatch feedback stats|export` on a workspace, and the store's durability under SIGKILL.
@Suite struct FeedbackCommandTests {
    /// A workspace with a feedback database and the two tables the export reads.
    static func workspace() async throws -> Workspace {
        let workspace = Workspace(TestPaths.tempFolder().path)
        try workspace.create(workspace.tables)
        let store = try FeedbackStore(path: workspace.feedbackDatabase.path)
        let r1 = try await store.recordRequest(cv: .id("cv-1"), modelVersion: "m", indexVersion: "i",
                                               results: ["j1", "j2", "j3"].enumerated().map { ShownResult(jobID: $1, rank: $0 + 1, biEncoderScore: 0.5) })
        try await store.recordEvent(requestID: r1, jobID: "j2", event: .like)
        try await store.recordEvent(requestID: r1, jobID: "j3", event: .dislike)
        let r2 = try await store.recordRequest(cv: .text("pasted", keepText: false), modelVersion: "m", indexVersion: "i",
                                               results: [ShownResult(jobID: "j1", rank: 1, biEncoderScore: 0.4)])
        try await store.recordEvent(requestID: r2, jobID: "j1", event: .hired)
        try write(workspace.table(.cvs), ["cv_id": ["cv-0", "cv-1"], "embedding_text": ["query: zero", "query: one"]])
        try write(workspace.table(.jobs), ["job_id": ["j1", "j2", "j3"], "embedding_text": ["passage: 1", "passage: 2", "passage: 3"],
                                           "title": ["a", "b", "c"]])
        return workspace
    }

    static func write(_ url: URL, _ columns: KeyValuePairs<String, [String]>) throws {
        let writer = try ParquetWriter(url: url, schema: ParquetSchema(columns.map { .column($0.key, .string) }))
        try writer.write(columns.map { .strings($0.value) })
        try writer.close()
    }

    @Test func statsPrintsCountsAndClickThrough() async throws {
        let workspace = try await Self.workspace()
        let table = try await TestProcess.jobmatch(["feedback", "stats", "--workspace", workspace.root.path])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout == """
            requests: 2  results shown: 4
            events: like 1  dislike 1  applied 0  hired 1
            rank  shown  positive  disliked  click-through
               1      2         1         0          50.0%
               2      1         1         0         100.0%
               3      1         0         1           0.0%

            """)
        let json = try await TestProcess.jobmatch(["feedback", "stats", "--json", "--workspace", workspace.root.path])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["requests"] as? Int == 2)
        #expect((object["events"] as? [String: Int])?["hired"] == 1)
        #expect((object["by_rank"] as? [[String: Any]])?.count == 3)
    }

    @Test func exportWritesFeedbackPairsFromTheTables() async throws {
        let workspace = try await Self.workspace()
        let result = try await TestProcess.jobmatch(["feedback", "export", "--workspace", workspace.root.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2 rows, 1 positive pairs, 1 disliked and 1 skipped-above negatives"))
        #expect(result.stdout.contains("1 pairs without CV text"))
        let reader = try ParquetReader(url: workspace.table(.feedbackPairs))
        let batch = try reader.readRowGroup(0)
        #expect(try batch["cv_id"]!.strings() == ["cv-1", "cv-1"])
        #expect(try batch["anchor"]!.strings() == ["query: one", "query: one"])
        #expect(try batch["positive"]!.strings() == ["passage: 2", "passage: 2"])
        #expect(try batch["negative"]!.strings() == ["passage: 1", "passage: 3"])
        // pyarrow reads the same table and schema (negative nullable, the rest required).
        let script = """
            import json, sys, pyarrow.parquet as pq
            t = pq.read_table(sys.argv[1])
            print(json.dumps([[f.name, str(f.type), f.nullable] for f in t.schema]))
            print(json.dumps(t.to_pylist()))
            """
        let arrow = try await TestProcess.run(TestPaths.python, ["-c", script, workspace.table(.feedbackPairs).path])
        #expect(arrow.status == 0, "\(arrow.stderr)")
        let lines = arrow.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == #"[["cv_id", "string", false], ["job_id", "string", false], ["anchor", "string", false], ["positive", "string", false], ["negative", "string", true]]"#)
        #expect(lines.last?.contains(#"{"cv_id": "cv-1", "job_id": "j2", "anchor": "query: one", "positive": "passage: 2", "negative": "passage: 3"}"#) == true)
    }

    @Test func qrelsWritesJudgmentsOfTheHeldOutCVsAndKeepsAnExistingFile() async throws {
        let workspace = try await Self.workspace()
        // cv-1 is a training CV of the default split: its feedback is left for retrain.
        #expect(!HeldOutSplit().isHeldOut("cv-1"))
        let held = try await TestProcess.jobmatch(["feedback", "qrels", "--workspace", workspace.root.path])
        #expect(held.status == 1)
        #expect(held.stderr == "error: \(workspace.feedbackDatabase.path): no CV to judge: 0 judgments, none relevant "
            + "(1 requests with feedback for training CVs, 1 for pasted CVs; --all-cvs judges every CV)\n")
        #expect(!FileManager.default.fileExists(atPath: workspace.rawFile(.qrels).path), "no empty judgments file")

        let first = try await TestProcess.jobmatch(["feedback", "qrels", "--all-cvs", "--workspace", workspace.root.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("left out: 1 requests with feedback for a pasted CV (no CV id), 0 for training CVs"))
        let again = try await TestProcess.jobmatch(["feedback", "qrels", "--all-cvs", "--workspace", workspace.root.path])
        #expect(again.status == 1)
        #expect(again.stderr == "error: \(workspace.rawFile(.qrels).path): exists (judgments someone may have made by hand); --force replaces it\n")
        let all = try await TestProcess.jobmatch(["feedback", "qrels", "--all-cvs", "--force", "--workspace", workspace.root.path])
        #expect(all.status == 0, "\(all.stderr)")
        // j1 shown above the liked j2 and skipped: 0; j2 liked: 1; j3 disliked: 0.
        #expect(try String(contentsOf: workspace.rawFile(.qrels), encoding: .utf8) == "cv-1 0 j1 0\ncv-1 0 j2 1\ncv-1 0 j3 0\n")
        #expect(all.stdout.hasPrefix("wrote \(workspace.rawFile(.qrels).path): 3 judgments of 1 CVs (1 relevant; 1 CVs with a relevant job)"))
    }

    @Test func missingDatabaseOrTableIsOneLineError() async throws {
        let empty = TestPaths.tempFolder().path
        let stats = try await TestProcess.jobmatch(["feedback", "stats", "--workspace", empty])
        #expect(stats.status == 1)
        #expect(stats.stderr.hasPrefix("error: \(empty)/feedback.sqlite: no feedback database"))
        #expect(!FileManager.default.fileExists(atPath: empty + "/feedback.sqlite"), "stats must not create a database")
        let workspace = try await Self.workspace()
        try FileManager.default.removeItem(at: workspace.table(.jobs))
        let export = try await TestProcess.jobmatch(["feedback", "export", "--workspace", workspace.root.path])
        #expect(export.status == 1)
        #expect(export.stderr == "error: \(workspace.table(.jobs).path): no jobs table (run `jobmatch process` first)\n")
        try Self.write(workspace.table(.jobs), ["job_id": ["j1"]])
        let noText = try await TestProcess.jobmatch(["feedback", "export", "--workspace", workspace.root.path])
        #expect(noText.status == 1 && noText.stderr.contains("jobs.parquet: no column 'embedding_text'"))
    }

    /// A child records feedback and is killed with SIGKILL right after an acknowledgement, 12
    /// times over one database: every acknowledged request and event is there afterwards.
    @Test func acknowledgedFeedbackSurvivesKillNine() async throws {
        let path = TestPaths.tempFolder().appendingPathComponent("feedback.sqlite").path
        var generator = SplitMix64(seed: 7)
        var acknowledged = Set<Int>()
        for round in 0..<12 {
            let child = try TestProcess.Child(TestPaths.jobmatchBinary, ["feedback", "torture", "--database", path])
            let acks = Int.random(in: 1...8, using: &generator)
            child.read { $0.filter { $0.hasPrefix("ACK ") }.count >= acks }
            usleep(UInt32.random(in: 0...2_000, using: &generator))
            child.signal(SIGKILL)
            let got = child.lines.compactMap { $0.hasPrefix("ACK ") ? Int($0.dropFirst(4)) : nil }
            try #require(got.count >= acks, "round \(round): \(child.lines)")
            acknowledged.formUnion(got)
        }
        let store = try FeedbackStore(path: path)
        let requests = Set(try await store.requests().map(\.id))
        let events = try await store.events()
        let liked = Set(events.map(\.requestID))
        let missing = acknowledged.filter { !requests.contains("t-\($0)") || !liked.contains("t-\($0)") }
        #expect(missing.isEmpty, "acknowledged but lost: \(missing.sorted())")
        #expect(events.count == Set(events.map(\.requestID)).count, "an event recorded twice")
        #expect(acknowledged.count >= 12)
    }
}
