import Foundation
import JobMatchCore
import Server
import Transformers
import TestSupport
import Testing

/// `jobmatch pipeline` end to end on a small generated workspace (tiny random BERT as the model).
@Suite struct PipelineCommandTests {
    @Test func runsEveryStageThenSkipsThemAllAndEndsWithExplainedMatches() async throws {
        let ws = TestPaths.tempFolder().path
        try FileManager.default.createDirectory(atPath: "\(ws)/models", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(ws)/models/tiny", withDestinationPath: MatchCommandTests.tinyBERT)
        let args = ["pipeline", "--workspace", ws, "--jobs", "200", "--cvs", "12", "--base-model", "tiny", "--no-train"]
        let first = try await CLI.run(args)
        #expect(first.status == 0, "\(first.err)")
        for stage in ["generate", "ingest", "process", "index"] { #expect(first.err.contains("== \(stage)\n"), "\(stage) ran") }
        #expect(first.out.contains("3 jobs for cv-000001") && first.out.contains("✓ matched"))
        let second = try await CLI.run(args)
        #expect(second.status == 0)
        for stage in ["generate", "ingest", "process", "index"] {
            #expect(second.err.contains("== \(stage): up to date, skipped"), "\(stage) skipped")
        }
        // One more CV: the raw files, the log and the tables change; the jobs table does not, so
        // the index stage is skipped.
        let third = try await CLI.run(["pipeline", "--workspace", ws, "--jobs", "200", "--cvs", "13", "--base-model", "tiny", "--no-train"])
        #expect(third.status == 0)
        #expect(third.err.contains("== process\n") && third.err.contains("== index: up to date, skipped"))
        let bad = try await CLI.run(["pipeline", "--workspace", ws, "--from", "nope"])
        #expect(bad.status == 1 && bad.err.contains("unknown stage 'nope'"))
    }

    @Test func fineTunesIndexesWithTheTunedModelAndEvaluatesBoth() async throws {
        let ws = TestPaths.tempFolder().path
        try FileManager.default.createDirectory(atPath: "\(ws)/models", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(ws)/models/tiny", withDestinationPath: MatchCommandTests.tinyBERT)
        let r = try await CLI.run(["pipeline", "--workspace", ws, "--jobs", "150", "--cvs", "40", "--base-model", "tiny",
                             "--train-steps", "3", "--batch-size", "4", "--train-seq-length", "32", "--max-seq-length", "64"])
        #expect(r.status == 0, "\(r.err)")
        for stage in ["mine", "train", "eval", "rerank", "index"] { #expect(r.err.contains("== \(stage)\n"), "\(stage) ran") }
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
        let again = try await CLI.run(["pipeline", "--workspace", ws, "--jobs", "150", "--cvs", "40", "--base-model", "tiny",
                                 "--train-steps", "3", "--batch-size", "4", "--train-seq-length", "32", "--max-seq-length", "64"])
        #expect(again.status == 0 && !again.err.contains("== train\n") && again.err.contains("== eval: up to date, skipped")
                && again.err.contains("== rerank: up to date, skipped"))

        // Another choice (as when the fine-tuned model measures worse): the index follows it.
        let other = serving == "tiny\n" ? "jobmatch-minilm" : "tiny"
        try Data("\(other)\n".utf8).write(to: URL(fileURLWithPath: "\(ws)/reports/serving-model.txt"))
        let reindexed = try await CLI.run(["pipeline", "--workspace", ws, "--from", "index", "--jobs", "150", "--cvs", "40", "--base-model", "tiny",
                                     "--train-steps", "3", "--batch-size", "4", "--train-seq-length", "32", "--max-seq-length", "64"])
        #expect(reindexed.status == 0 && reindexed.err.contains("== index\n"), "\(reindexed.err)")
        #expect(try String(contentsOfFile: "\(ws)/index/jobs.faiss.json", encoding: .utf8).contains("\"model\" : \"\(other)\""))
    }

    /// The rerank stage trains the cross-encoder, measures the three orders on the held-out set and
    /// records the best beside the model; `match` orders by the recorded choice unless asked otherwise.
    @Test func rerankStageRecordsTheMeasuredOrderAndMatchUsesIt() async throws {
        let ws = TestPaths.tempFolder().path
        try FileManager.default.createDirectory(atPath: "\(ws)/models", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(ws)/models/tiny", withDestinationPath: MatchCommandTests.tinyBERT)
        let args = ["pipeline", "--workspace", ws, "--jobs", "150", "--cvs", "40", "--base-model", "tiny", "--train-steps", "2",
                    "--batch-size", "4", "--train-seq-length", "32", "--max-seq-length", "64",
                    "--rerank-steps", "2", "--rerank-seq-length", "48", "--rerank-candidates", "8"]
        let r = try await CLI.run(args)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("order served: "), "\(r.out)")
        let folder = "\(ws)/models/reranker"
        #expect(FileManager.default.fileExists(atPath: "\(folder)/model.safetensors"))
        #expect(!FileManager.default.fileExists(atPath: "\(ws)/models/reranker.staged"))
        let choice = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(folder)/ranking.json"))) as? [String: Any])
        let metrics = try #require(choice["metrics"] as? [String: [String: Any]])
        #expect(Set(metrics.keys) == ["retrieval", "rerank", "fused", "hybrid"])
        for (name, m) in metrics {
            #expect((m["intervals"] as? [String: [Double]])?["NDCG@10"]?.count == 2, "\(name) has an interval")
        }
        #expect(Set((choice["comparisons"] as? [String: Any])?.keys.map { $0 } ?? []) == ["rerank", "fused", "hybrid"])
        #expect(choice["candidates"] as? Int == 8 && (choice["set"] as? String)?.contains("generator's labels") == true)
        // The choice is the order with the best mean NDCG@10.
        let best = metrics.max { a, b in
            ((a.value["values"] as? [String: Double])?["NDCG@10"] ?? 0) < ((b.value["values"] as? [String: Double])?["NDCG@10"] ?? 0)
        }
        let chosen = try #require(choice["ranking"] as? String)
        let bestNDCG = (best?.value["values"] as? [String: Double])?["NDCG@10"]
        #expect((metrics[chosen]?["values"] as? [String: Double])?["NDCG@10"] == bestNDCG, "\(chosen) is a best order")

        // match follows the recorded order when none is asked for.
        struct Response: Decodable { struct R: Decodable { var job_id: String; var rerank_score: Float? }; var results: [R] }
        func match(_ extra: [String]) async throws -> Response {
            let m = try await CLI.run(["match", "--workspace", ws, "--cv-id", "cv-000003", "--top", "8", "--candidates", "8", "--json"] + extra)
            #expect(m.status == 0, "\(m.err)")
            return try JSONDecoder().decode(Response.self, from: Data(m.out.utf8))
        }
        func record(_ ranking: String) throws {
            var c = choice
            c["ranking"] = ranking
            try JSONSerialization.data(withJSONObject: c).write(to: URL(fileURLWithPath: "\(folder)/ranking.json"))
        }
        try record("rerank")
        let service = try MatcherService(workspace: Workspace(ws))
        #expect(try await service.reloadIfChanged() == false)
        let before = try await service.match(MatchQuery(cv: .id("cv-000003"), top: 8))
        #expect(before.results.allSatisfy { $0.rerankScore != nil })
        let fingerprint = try ModelFingerprint.of(modelDirectory: URL(fileURLWithPath: folder))
        #expect(before.rankingVersion == "rerank@\(fingerprint)", "the order and the reranker that made it, as stored with the request")
        try record("retrieval")
        #expect(try await match([]).results.allSatisfy { $0.rerank_score == nil }, "retrieval recorded: no cross-encoder runs")
        // A running server picks the new order up on its next reload check.
        let reloaded = try await service.reloadIfChanged(), again = try await service.reloadIfChanged()
        #expect(reloaded && !again)
        let after = try await service.match(MatchQuery(cv: .id("cv-000003"), top: 8))
        #expect(after.results.allSatisfy { $0.rerankScore == nil } && after.rankingVersion == "retrieval")
        try record("rerank")
        let reranked = try await match(["--ranking", "rerank"]).results.map(\.job_id)
        let byDefault = try await match([]).results.map(\.job_id), byRetrieval = try await match(["--ranking", "retrieval"]).results.map(\.job_id)
        #expect(byDefault == reranked && reranked != byRetrieval)
        // Served as measured: without --candidates, match and the server rerank the 8 candidates
        // the rerank stage measured its orders with, not the 100 of a workspace without a choice.
        func top3(_ extra: [String]) async throws -> (ids: [String], candidates: Int) {
            let m = try await CLI.run(["match", "--workspace", ws, "--cv-id", "cv-000003", "--top", "3", "--json"] + extra)
            #expect(m.status == 0, "\(m.err)")
            let o = try #require(try JSONSerialization.jsonObject(with: Data(m.out.utf8)) as? [String: Any])
            return (try JSONDecoder().decode(Response.self, from: Data(m.out.utf8)).results.map(\.job_id), o["candidates"] as? Int ?? -1)
        }
        let measured = try await top3([]), eight = try await top3(["--candidates", "8"]), wide = try await top3(["--candidates", "100"])
        #expect(measured.candidates == 8 && wide.candidates == 100, "\(measured) \(wide)")
        #expect(measured.ids == eight.ids && eight.ids != wide.ids)
        _ = try await service.reloadIfChanged()
        #expect(try await service.match(MatchQuery(cv: .id("cv-000003"), top: 3)).results.map(\.jobID) == eight.ids)
        // The recorded count was measured for jobs ranked for a CV: CVs for a job keep the default.
        let forJob = try await CLI.run(["match", "--workspace", ws, "--job-id", eight.ids[0], "--top", "3", "--json"])
        let o = try #require(try JSONSerialization.jsonObject(with: Data(forJob.out.utf8)) as? [String: Any], "\(forJob.err)")
        let open = try #require(o["index_cvs"] as? Int)
        #expect(open > 8 && o["candidates"] as? Int == min(100, open), "\(o)")
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: "\(folder)/ranking.json"))
        let broken = try await CLI.run(["match", "--workspace", ws, "--cv-id", "cv-000003"])
        #expect(broken.status != 0 && broken.err.contains("ranking.json"), "\(broken.err)")
    }

    /// `--occupations FILE`: the base is first tuned on the taxonomy's pairs, and every later stage
    /// (mine, train, eval, index) uses the adapted model; a rerun skips it, a changed file reruns it.
    @Test func occupationsAdaptTheBaseBeforeMining() async throws {
        let ws = TestPaths.tempFolder().path
        try FileManager.default.createDirectory(atPath: "\(ws)/models", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(ws)/models/tiny", withDestinationPath: MatchCommandTests.tinyBERT)
        var csv = "conceptType,conceptUri,preferredLabel,altLabels,description\n"
        for (i, o) in ["nurse", "welder", "baker", "data scientist", "accountant", "electrician", "teacher", "pilot"].enumerated() {
            csv += "Occupation,http://data.europa.eu/esco/occupation/o\(i),\(o),,\"\(o.capitalized)s do the work of a \(o) every day.\"\n"
        }
        csv += "Occupation,http://data.europa.eu/esco/occupation/o9,chef,,\n"
        let file = "\(ws)/occupations.csv"
        try csv.write(toFile: file, atomically: true, encoding: .utf8)
        let args = ["pipeline", "--workspace", ws, "--jobs", "150", "--cvs", "40", "--base-model", "tiny", "--occupations", file,
                    "--train-steps", "2", "--batch-size", "4", "--train-seq-length", "32", "--max-seq-length", "64", "--rerank-steps", "0"]
        let r = try await CLI.run(args)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("== occupations\n") && r.out.contains("  occupations ") && r.out.contains("8 pairs from occupations.csv (1 set aside"), "\(r.out)")
        let adapted = try ModelDirectory(URL(fileURLWithPath: "\(ws)/models/tiny-occupations"))
        #expect(adapted.maxSeqLength > 0)
        // The stage's recipe exports the tuned weights averaged with the base's (WiSE-FT, half and half).
        #expect(r.out.contains("weights 0.50 tuned + 0.50 base (WiSE-FT)"), "\(r.out)")
        let card = try String(contentsOfFile: "\(ws)/models/tiny-occupations/README.md", encoding: .utf8)
        #expect(card.contains("WiSE-FT, 0.5 × the tuned weights"), "\(card)")
        let eval = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(ws)/reports/pipeline-eval.json"))) as? [String: Any])
        let scored = (eval["models"] as? [String: Any]).map { Set($0.keys) } ?? []
        #expect(scored == ["tiny-occupations", "tiny", "jobmatch-minilm", "bm25"], "the adapted base, its original, the fine-tune: \(scored)")
        #expect((eval["decision"] as? String)?.contains("over tiny") == true || (eval["decision"] as? String)?.contains("so tiny is the base") == true)
        let again = try await CLI.run(args)
        #expect(again.status == 0 && again.err.contains("== occupations: up to date, skipped") && again.err.contains("== mine: up to date, skipped"), "\(again.err)")
        try (csv + "Occupation,http://data.europa.eu/esco/occupation/o10,gardener,,\"Gardeners tend plants.\"\n").write(toFile: file, atomically: true, encoding: .utf8)
        let changed = try await CLI.run(args)
        #expect(changed.status == 0 && changed.err.contains("== occupations\n") && changed.err.contains("== mine\n"), "\(changed.err)")
        let missing = try await CLI.run(args.map { $0 == file ? "\(ws)/nope.csv" : $0 })
        #expect(missing.status != 0 && missing.err.contains("nope.csv"))
    }
}
