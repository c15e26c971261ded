import Foundation
import TestSupport
import Testing

/// `jobmatch pipeline` end to end on a small generated workspace (tiny random BERT as the model).
@Suite struct PipelineCommandTests {
    @Test func runsEveryStageThenSkipsThemAllAndEndsWithExplainedMatches() throws {
        let ws = TestPaths.tempFolder().path
        try FileManager.default.createDirectory(atPath: "\(ws)/models", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(ws)/models/tiny", withDestinationPath: MatchCommandTests.tinyBERT)
        let args = ["pipeline", "--workspace", ws, "--jobs", "200", "--cvs", "12", "--base-model", "tiny", "--no-train"]
        let first = try CLI.run(args)
        #expect(first.status == 0, "\(first.err)")
        for stage in ["generate", "ingest", "process", "index"] { #expect(first.err.contains("== \(stage)\n"), "\(stage) ran") }
        #expect(first.out.contains("3 jobs for cv-000001") && first.out.contains("✓ matched"))
        let second = try CLI.run(args)
        #expect(second.status == 0)
        for stage in ["generate", "ingest", "process", "index"] {
            #expect(second.err.contains("== \(stage): up to date, skipped"), "\(stage) skipped")
        }
        // One more CV: the raw files, the log and the tables change; the jobs table does not, so
        // the index stage is skipped.
        let third = try CLI.run(["pipeline", "--workspace", ws, "--jobs", "200", "--cvs", "13", "--base-model", "tiny", "--no-train"])
        #expect(third.status == 0)
        #expect(third.err.contains("== process\n") && third.err.contains("== index: up to date, skipped"))
        let bad = try CLI.run(["pipeline", "--workspace", ws, "--from", "nope"])
        #expect(bad.status == 1 && bad.err.contains("unknown stage 'nope'"))
    }

    @Test func fineTunesIndexesWithTheTunedModelAndEvaluatesBoth() throws {
        let ws = TestPaths.tempFolder().path
        try FileManager.default.createDirectory(atPath: "\(ws)/models", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(ws)/models/tiny", withDestinationPath: MatchCommandTests.tinyBERT)
        let r = try CLI.run(["pipeline", "--workspace", ws, "--jobs", "150", "--cvs", "40", "--base-model", "tiny",
                             "--train-steps", "3", "--batch-size", "4", "--train-seq-length", "32", "--max-seq-length", "64"])
        #expect(r.status == 0, "\(r.err)")
        for stage in ["mine", "train", "index", "eval"] { #expect(r.err.contains("== \(stage)\n"), "\(stage) ran") }
        #expect(r.out.contains("3 steps on") && r.out.contains("held-out CVs against"))
        let info = try String(contentsOfFile: "\(ws)/index/jobs.faiss.json", encoding: .utf8)
        let eval = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(ws)/reports/pipeline-eval.json"))) as? [String: Any])
        let models = try #require(eval["models"] as? [String: [String: Any]])
        for m in ["tiny", "jobmatch-minilm", "bm25"] {
            let values = models[m]?["values"] as? [String: Double], interval = (models[m]?["intervals"] as? [String: [Double]])?["NDCG@10"]
            #expect(values?["NDCG@10"] != nil && interval?.count == 2, "\(m): \(models[m] ?? [:])")
        }
        #expect((eval["relevance"] as? String)?.contains("same occupation (the generator's labels)") == true)
        #expect((eval["byGroup"] as? [String: [String: Any]])?["tiny"]?.isEmpty == false, "a breakdown by occupation")
        // The eval stage chose the serving model; the index stage after it indexed with that one.
        let serving = try String(contentsOfFile: "\(ws)/reports/serving-model.txt", encoding: .utf8)
        #expect(serving == "\(eval["serving"] as? String ?? "?")\n" && r.out.contains("serving "), "\(r.out)")
        #expect(info.contains("\"model\" : \"\(serving.dropLast())\""))
        let again = try CLI.run(["pipeline", "--workspace", ws, "--jobs", "150", "--cvs", "40", "--base-model", "tiny",
                                 "--train-steps", "3", "--batch-size", "4", "--train-seq-length", "32", "--max-seq-length", "64"])
        #expect(again.status == 0 && !again.err.contains("== train\n") && again.err.contains("== eval: up to date, skipped"))

        // Another choice (as when the fine-tuned model measures worse): the index follows it.
        let other = serving == "tiny\n" ? "jobmatch-minilm" : "tiny"
        try Data("\(other)\n".utf8).write(to: URL(fileURLWithPath: "\(ws)/reports/serving-model.txt"))
        let reindexed = try CLI.run(["pipeline", "--workspace", ws, "--from", "index", "--jobs", "150", "--cvs", "40", "--base-model", "tiny",
                                     "--train-steps", "3", "--batch-size", "4", "--train-seq-length", "32", "--max-seq-length", "64"])
        #expect(reindexed.status == 0 && reindexed.err.contains("== index\n"), "\(reindexed.err)")
        #expect(try String(contentsOfFile: "\(ws)/index/jobs.faiss.json", encoding: .utf8).contains("\"model\" : \"\(other)\""))
    }
}
