import Evaluation
import Foundation
import Transformers
import JobMatchCore
import Parquet
import Testing
import TestSupport
@testable import Training

/// `jobmatch mine-pairs`, `eval` and `train --eval` on a tiny generated workspace with the tiny
/// random BERT (the built binary).
@Suite("jobmatch mine-pairs / eval (the built binary)", .serialized)
struct MiningCLITests {
    let tiny = TrainingCLIFixtures.tinyBert.path

    func workspace() async throws -> URL {
        let ws = TestPaths.tempFolder()
        let g = try await TestProcess.jobmatch(["generate", "--workspace", ws.path, "--jobs", "80", "--cvs", "40", "--board-jobs", "0"])
        try #require(g.status == 0, "\(g.stderr)")
        let p = try await TestProcess.jobmatch(["process", "--workspace", ws.path])
        try #require(p.status == 0, "\(p.stderr)")
        return ws
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not JSON: \(text)")
    }

    /// The skill scores are sums over a CV's skills; summed in a `Set`'s order they differed in
    /// the last bits between two runs of the same binary (336 of 506 mined rows in one workspace).
    @Test("two mine-pairs runs write the same bytes")
    func miningIsDeterministic() async throws {
        let ws = try await workspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        var files: [Data] = []
        for i in 0..<2 {
            let out = ws.appendingPathComponent("pairs-\(i).parquet").path
            let r = try await TestProcess.jobmatch(["mine-pairs", "--workspace", ws.path, "--model", tiny, "--min-dense=-1",
                                              "--min-skill", "0.05", "--min-score", "0", "--output", out])
            try #require(r.status == 0, "\(r.stderr)")
            files.append(try Data(contentsOf: URL(fileURLWithPath: out)))
        }
        #expect(files[0] == files[1])
    }

    @Test("mine-pairs → pairs.parquet without held-out CVs; eval → metrics per model and a report; train --eval → run report and marker")
    func mineEvalTrain() async throws {
        let ws = try await workspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        let w = Workspace(ws.path)

        // The random tiny model's cosines say little, so positives come from skills here.
        let mined = try await TestProcess.jobmatch(["mine-pairs", "--workspace", ws.path, "--model", tiny, "--min-dense=-1",
                                              "--min-skill", "0.05", "--min-score", "0", "--positives-per-cv", "3", "--max-negative-skill", "0.3"])
        #expect(mined.status == 0, "\(mined.stderr)")
        #expect(mined.stdout.contains("precision of positives (same occupation in labels.jsonl)"), "\(mined.stdout)")
        let reader = try ParquetReader(url: w.pairsTable)
        let names = reader.schema.fields.map(\.name)
        #expect(names == ["cv_id", "job_id", "anchor", "positive", "negative", "negative_job_id", "score", "dense_score",
                          "skill_score", "negative_dense_score", "negative_skill_score"])
        let pairs = try PairsFile.read(w.pairsTable)
        #expect(pairs.count > 10)
        let split = HeldOutSplit()
        let cvs = try TextTable.cvs(w.cvsTable)
        let heldOut = cvs.ids.filter(split.isHeldOut)
        try #require(!heldOut.isEmpty, "the tiny workspace has no held-out CV")
        #expect(!pairs.contains { split.isHeldOut($0.cvID) }, "a held-out CV is in the training pairs")
        #expect(!pairs.contains { split.isHeldOutJob($0.jobID) }, "a held-out job is a training positive")
        #expect(pairs.contains { $0.negative != nil })
        let cvText = Dictionary(uniqueKeysWithValues: zip(cvs.ids, cvs.texts))
        #expect(pairs.allSatisfy { cvText[$0.cvID] == $0.anchor })
        #expect(!pairs.contains { $0.negative == $0.positive })

        let mj = try json(try await TestProcess.jobmatch(["mine-pairs", "--workspace", ws.path, "--model", tiny, "--min-dense=-1",
                                                    "--min-skill", "0.05", "--min-score", "0", "--json"]).stdout)
        #expect((mj["held_out_cvs"] as? Int) == heldOut.count)
        #expect((mj["positive_precision"] as? Double).map { (0...1).contains($0) } == true)

        // A tiny workspace: hold out more jobs and CVs so that some held-out CV has a relevant held-out job.
        let ev = try await TestProcess.jobmatch(["eval", "--workspace", ws.path, "--model", tiny, "--dims", "20,8", "--json",
                                           "--held-out", "0.3", "--held-out-jobs", "0.6"])
        #expect(ev.status == 0, "\(ev.stderr)")
        let metrics = try json(ev.stdout)
        #expect(Set(metrics.keys) == ["tiny-bert", "tiny-bert@8", "bm25"])
        for (model, value) in metrics {
            let m = try #require(value as? [String: Double], "\(model)")
            #expect(Set(m.keys) == Set(RetrievalMetrics.names.flatMap { [$0, "\($0) low", "\($0) high"] }), "\(model)")
            #expect(m.values.allSatisfy { (0...1).contains($0) }, "\(model): \(m)")
        }
        // --candidates: the hybrid order reorders only that many of the model's candidates, so with
        // one it is the model's own order, figure for figure; with all of them it differs.
        func hybrid(_ candidates: String) async throws -> (plain: [String: Double], fused: [String: Double]) {
            let r = try await TestProcess.jobmatch(["eval", "--workspace", ws.path, "--model", tiny, "--hybrid", "--no-bm25", "--json",
                                                   "--candidates", candidates, "--held-out", "0.3", "--held-out-jobs", "0.6"])
            #expect(r.status == 0, "\(r.stderr)")
            let m = try json(r.stdout)
            return (try #require(m["tiny-bert"] as? [String: Double]), try #require(m["tiny-bert+bm25"] as? [String: Double]))
        }
        let one = try await hybrid("1"), all = try await hybrid("100")
        #expect(one.fused == one.plain, "one candidate: nothing to reorder")
        #expect(all.fused["NDCG@10"] != all.plain["NDCG@10"], "100 candidates reordered with BM25")
        let zero = try await TestProcess.jobmatch(["eval", "--workspace", ws.path, "--hybrid", "--candidates", "0"])
        #expect(zero.status != 0 && zero.stderr.contains("--candidates must be in 1...100"), "\(zero.stderr)")
        // Per-role queries: the fused rankings beside the plain one, and the paired differences.
        let roles = try await TestProcess.jobmatch(["eval", "--workspace", ws.path, "--model", tiny, "--role-queries", "--no-bm25",
                                              "--held-out", "0.3", "--held-out-jobs", "0.6"])
        #expect(roles.status == 0, "\(roles.stderr)")
        #expect(roles.stderr.contains("role queries: ") && roles.stdout.contains("tiny-bert+roles(max) vs tiny-bert: NDCG@10 "), "\(roles.stdout)")
        #expect(roles.stdout.contains("tiny-bert+roles(rrf)"))
        let both = try await TestProcess.jobmatch(["eval", "--workspace", ws.path, "--role-queries", "--direction", "cvs"])
        #expect(both.status == 64 && both.stderr.contains("--role-queries needs CVs of the workspace as queries"))
        let reports = try FileManager.default.contentsOfDirectory(atPath: w.reports.path)
        let evalReport = try #require(reports.first { $0.hasPrefix("eval-") && $0.hasSuffix(".html") })
        let html = try String(contentsOf: w.reports.appendingPathComponent(evalReport), encoding: .utf8)
        #expect(html.contains("<svg") && html.contains("<rect") && html.contains("NDCG@10"))

        let tr = try await TestProcess.jobmatch(["train", "--workspace", ws.path, "--base", tiny, "--name", "m", "--batch-size", "4",
                                           "--max-steps", "3", "--matryoshka-dims", "20,8", "--eval",
                                           "--held-out-jobs", "0.6"])
        #expect(tr.status == 0, "\(tr.stderr)")
        #expect(!tr.stderr.contains("warning:"), "\(tr.stderr)")
        #expect(tr.stdout.contains("m@8: Recall@1"), "\(tr.stdout)")
        let info = try #require(TrainedModelInfo.read(w.models.appendingPathComponent("m")))
        #expect(info.matryoshkaDims == [20, 8] && info.steps == 3)
        let trainReport = try #require(try FileManager.default.contentsOfDirectory(atPath: w.reports.path).first { $0.hasPrefix("train-") })
        let th = try String(contentsOf: w.reports.appendingPathComponent(trainReport), encoding: .utf8)
        #expect(th.contains("<polyline") && th.contains("learning rate") && th.contains("MAP@100"))
        let card = try String(contentsOf: w.models.appendingPathComponent("m/README.md"), encoding: .utf8)
        #expect(card.contains("## Evaluation"))
        // Two models: the second's paired differences against the first, alone and fused with BM25.
        let two = try await TestProcess.jobmatch(["eval", "--workspace", ws.path, "--model", tiny, "--model", w.models.appendingPathComponent("m").path,
                                                  "--hybrid", "--no-bm25", "--held-out-jobs", "0.6", "--by-group"])
        #expect(two.status == 0, "\(two.stderr)")
        // --by-group: a row per occupation of the generator's labels, a column per system.
        #expect(two.stdout.contains("Precision@10 / MRR@10 by group (queries):"), "\(two.stdout)")
        let header = try #require(two.stdout.split(separator: "\n").first { $0.hasPrefix("group ") })
        #expect(header.contains("tiny-bert+bm25") && header.hasSuffix("m+bm25"), "\(header)")
        #expect(two.stdout.contains("m vs tiny-bert: NDCG@10 ") && two.stdout.contains("m+bm25 vs tiny-bert+bm25: NDCG@10 "), "\(two.stdout)")
    }

    @Test("bad input is one line naming the file and field")
    func badInput() async throws {
        let ws = try await workspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        let w = Workspace(ws.path)
        let rel = ws.appendingPathComponent("relevance.jsonl")
        let cv = try TextTable.cvs(w.cvsTable).ids[0]
        try "{\"cv_id\": \"\(cv)\", \"relevant_job_ids\": [\"no-such-job\"]}\n".write(to: rel, atomically: true, encoding: .utf8)
        let r = try await TestProcess.jobmatch(["eval", "--workspace", ws.path, "--model", tiny, "--relevance", rel.path])
        #expect(r.status == 1)
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(rel.path) && r.stderr.contains("'relevant_job_ids'")
                && r.stderr.contains("no-such-job"), "\(r.stderr)")

        try FileManager.default.removeItem(at: w.cvsTable)
        let m = try await TestProcess.jobmatch(["mine-pairs", "--workspace", ws.path, "--model", tiny])
        #expect(m.status == 1 && m.stderr.split(separator: "\n").count == 1 && m.stderr.contains(w.cvsTable.path), "\(m.stderr)")
    }

    /// Judged ids the tables do not hold are named, not dropped silently; the judged CVs are the
    /// queries and the judged jobs join the corpus whatever the split.
    @Test("qrels: judged CVs are the queries, ids not in the tables are named")
    func qrelsFile() async throws {
        let ws = try await workspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        let w = Workspace(ws.path)
        let jobs = try TextTable.jobs(w.jobsTable), cvs = try TextTable.cvs(w.cvsTable)
        let qrels = ws.appendingPathComponent("judged.qrels")
        try "\(cvs.ids[0]) 0 \(jobs.ids[0]) 2\n\(cvs.ids[1]) 0 \(jobs.ids[1]) 1\nno-such-cv 0 \(jobs.ids[2]) 1\n\(cvs.ids[1]) 0 no-such-job 1\n"
            .write(to: qrels, atomically: true, encoding: .utf8)
        let r = try await TestProcess.jobmatch(["eval", "--workspace", ws.path, "--model", tiny, "--qrels", qrels.path, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("the CVs judged in qrels") && r.stderr.contains(": 2 queries"), "\(r.stderr)")
        #expect(r.stderr.contains("left out, not in the tables: 1 judged CVs, e.g. no-such-cv; 1 relevant jobs, e.g. no-such-job"), "\(r.stderr)")
    }

    @Test("a labelled set given as JSONL evaluates those CVs")
    func relevanceFile() async throws {
        let ws = try await workspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        let w = Workspace(ws.path)
        let jobs = try TextTable.jobs(w.jobsTable)
        let cvs = try TextTable.cvs(w.cvsTable)
        let rel = ws.appendingPathComponent("relevance.jsonl")
        // Every job is relevant to the first CV: Recall@100 = 80 relevant, 80 retrieved → 1.
        let all = jobs.ids.map { "\"\($0)\"" }.joined(separator: ",")
        try "{\"cv_id\": \"\(cvs.ids[0])\", \"relevant_job_ids\": [\(all)]}\n\n".write(to: rel, atomically: true, encoding: .utf8)
        let r = try await TestProcess.jobmatch(["eval", "--workspace", ws.path, "--model", tiny, "--relevance", rel.path, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let m = try #require(try json(r.stdout)["bm25"] as? [String: Double])
        #expect(jobs.count <= 100 && m["Recall@100"] == 1 && m["MRR@10"] == 1 && m["NDCG@10"] == 1, "\(m)")
    }
}
