import Evaluation
import Foundation
import Tensor
import TestSupport
import Testing

/// `jobmatch index`, `search` and `match` on a small generated workspace, with the tiny random
/// BERT of the Transformers fixtures as the model (fast; the pipeline is the same for MiniLM).
@Suite(.serialized) struct MatchCommandTests {
    static let tinyBERT = CLI.packageRoot.appendingPathComponent("Tests/TransformersTests/Fixtures/tiny-bert").path

    /// A processed workspace: 300 LinkedIn and 250 board postings, 20 CVs.
    static func workspace() async throws -> String {
        let ws = TestPaths.tempFolder().path
        #expect(try await CLI.run(["generate", "--workspace", ws, "--jobs", "300", "--cvs", "20", "--seed", "5"]).status == 0)
        let p = try await CLI.run(["process", "--workspace", ws])
        #expect(p.status == 0, "\(p.err)")
        return ws
    }

    struct Response: Decodable {
        struct Skill: Decodable { let id: String; let idf: Double; let cv_spans: [[Int]]? }
        struct Result: Decodable {
            let rank: Int; let job_id: String; let title: String; let score: Float; let rerank_score: Float?
            let country: String?; let matched_skills: [Skill]; let missing_skills: [Skill]
        }
        let cv_id: String?; let model: String; let model_fingerprint: String; let results: [Result]
    }

    @Test func indexSearchAndMatchExplainTheirResults() async throws {
        let ws = try await Self.workspace()
        let idx = try await CLI.run(["index", "--workspace", ws, "--model", Self.tinyBERT, "--part-rows", "64"])
        #expect(idx.status == 0, "\(idx.err)")
        #expect(idx.err.contains("550 vectors"))  // 300 LinkedIn + 250 Indeed/Glassdoor postings
        // The default precision is auto: this CPU's choice, said and recorded in the index.
        let auto = Precision.auto().rawValue
        #expect(idx.err.contains("in \(auto) (auto: "), "\(idx.err)")
        #expect(try String(contentsOfFile: "\(ws)/index/jobs.faiss.json", encoding: .utf8).contains("\"precision\" : \"\(auto)\""))
        for f in ["index/jobs.faiss", "index/jobs.faiss.json", "tables/jobs_encoded.parquet"] {
            #expect(FileManager.default.fileExists(atPath: "\(ws)/\(f)"), "\(f)")
        }
        #expect(!FileManager.default.fileExists(atPath: "\(ws)/tables/jobs_encoded.parquet.parts"))

        let m = try await CLI.run(["match", "--workspace", ws, "--model", Self.tinyBERT, "--cv-id", "cv-000003", "--top", "7", "--json"])
        #expect(m.status == 0, "\(m.err)")
        let r = try JSONDecoder().decode(Response.self, from: Data(m.out.utf8))
        #expect(r.cv_id == "cv-000003" && r.results.count == 7)
        #expect(r.results.map(\.rank) == Array(1...7))
        #expect(r.results.map(\.score) == r.results.map(\.score).sorted(by: >))
        for res in r.results {
            #expect(res.missing_skills.map(\.idf) == res.missing_skills.map(\.idf).sorted(by: >), "missing skills by IDF")
            #expect(Set(res.matched_skills.map(\.id)).isDisjoint(with: res.missing_skills.map(\.id)))
        }
        #expect(r.results.contains { !$0.matched_skills.isEmpty })

        // Human output names every result and its skills.
        let h = try await CLI.run(["match", "--workspace", ws, "--model", Self.tinyBERT, "--text",
                             "Registered nurse with ICU experience, BLS and ACLS certified, patient care and EHR documentation.", "--top", "3"])
        #expect(h.status == 0, "\(h.err)")
        #expect(h.out.contains(" 1. ") && h.out.contains("✓ matched") && h.out.contains("✗ missing"))

        // A filter keeps only its country.
        let f = try await CLI.run(["match", "--workspace", ws, "--model", Self.tinyBERT, "--cv-id", "cv-000003", "--country", "Canada", "--json"])
        let fr = try JSONDecoder().decode(Response.self, from: Data(f.out.utf8))
        #expect(!fr.results.isEmpty && fr.results.allSatisfy { $0.country == "Canada" })

        // gaps: exact counts over the index; opened jobs are among the newly passing and ask for the skill.
        let g = try await CLI.run(["gaps", "--workspace", ws, "--model", Self.tinyBERT, "--cv-id", "cv-000003", "--top-n", "10", "--json"])
        #expect(g.status == 0, "\(g.err)")
        struct Gaps: Decodable {
            struct Advice: Decodable { let skills: [Response.Skill]; let newly_passing: Int; let opened: Int; let examples: [Response.Result] }
            let passing_now: Int; let top_n: Int; let advice: [Advice]
        }
        let gaps = try JSONDecoder().decode(Gaps.self, from: Data(g.out.utf8))
        #expect(gaps.top_n == 10 && gaps.passing_now >= 10)
        for a in gaps.advice {
            #expect(a.opened <= a.newly_passing && !a.skills.isEmpty && a.skills.count <= 2)
            if a.opened > 0 {
                #expect(a.examples.allSatisfy { e in a.skills.allSatisfy { s in !e.missing_skills.contains { $0.id == s.id } } })
            }
        }

        // search: the CVs' own vectors as queries.
        let q = "\(ws)/cvs_encoded.parquet"
        #expect(try await CLI.run(["embed", "--model", Self.tinyBERT, "--input", "\(ws)/tables/cvs.parquet", "--text-field", "embedding_text",
                             "--id-field", "cv_id", "--output", q]).status == 0)
        let s = try await CLI.run(["search", "--index", "\(ws)/index/jobs.faiss", "--queries", q, "--k", "4", "--json"])
        #expect(s.status == 0, "\(s.err)")
        let lines = s.out.split(separator: "\n")
        #expect(lines.count == 20)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect((first["ids"] as? [Int])?.count == 4)
    }

    @Test func anIVFIndexServesMatchAndSearchAsTheFlatOneDoesWhenEveryListIsScanned() async throws {
        let ws = try await Self.workspace()
        func match() async throws -> [String] {
            let m = try await CLI.run(["match", "--workspace", ws, "--model", Self.tinyBERT, "--cv-id", "cv-000003", "--top", "8",
                                 "--country", "United States", "--json"])
            #expect(m.status == 0, "\(m.err)")
            return try JSONDecoder().decode(Response.self, from: Data(m.out.utf8)).results.map(\.job_id)
        }
        let q = "\(ws)/cvs_encoded.parquet"
        #expect(try await CLI.run(["embed", "--model", Self.tinyBERT, "--input", "\(ws)/tables/cvs.parquet", "--text-field", "embedding_text",
                             "--id-field", "cv_id", "--output", q]).status == 0)
        func search(_ extra: [String]) async throws -> [[Int]] {
            let s = try await CLI.run(["search", "--index", "\(ws)/index/jobs.faiss", "--queries", q, "--k", "5", "--json"] + extra)
            #expect(s.status == 0, "\(s.err)")
            return try s.out.split(separator: "\n").map { try #require((try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["ids"] as? [Int]) }
        }
        #expect(try await CLI.run(["index", "--workspace", ws, "--model", Self.tinyBERT]).status == 0)
        let (flatMatch, flatSearch) = (try await match(), try await search([]))
        #expect(!flatMatch.isEmpty && flatSearch.count == 20)

        let i = try await CLI.run(["index", "--workspace", ws, "--model", Self.tinyBERT, "--ivf", "6", "--nprobe", "6"])
        #expect(i.status == 0, "\(i.err)")
        #expect(i.err.contains("IVF6,Flat"))
        let side = try String(contentsOfFile: "\(ws)/index/jobs.faiss.json", encoding: .utf8)
        #expect(side.contains("\"structure\" : \"IVF6,Flat\""), "\(side)")
        #expect(try await match() == flatMatch)
        #expect(try await search([]) == flatSearch)
        #expect(try await search(["--nprobe", "1"]).count == 20)
        // gaps over an IVF index scanning one list of six (its search widens until a score falls
        // below the threshold or the hits run out, which with IVF comes before the index's size).
        #expect(try await CLI.run(["index", "--workspace", ws, "--model", Self.tinyBERT, "--ivf", "6", "--nprobe", "1"]).status == 0)
        let g = try await CLI.run(["gaps", "--workspace", ws, "--model", Self.tinyBERT, "--cv-id", "cv-000003", "--top-n", "5", "--json"])
        #expect(g.status == 0, "\(g.err)")
        // SQ8 residuals (IndexIVFScalarQuantizer): at full probe nearly the flat float32 index's
        // top 5 (the codes round each residual to one of 256 levels), match serves from it, and
        // the side file names the structure.
        #expect(try await CLI.run(["index", "--workspace", ws, "--model", Self.tinyBERT, "--ivf", "6", "--nprobe", "6", "--encoding", "int8"]).status == 0)
        #expect(try String(contentsOfFile: "\(ws)/index/jobs.faiss.json", encoding: .utf8).contains("\"structure\" : \"IVF6,SQ8\""))
        let sq8 = try await search([])
        let found = zip(sq8, flatSearch).map { Set($0).intersection($1).count }.reduce(0, +)
        #expect(sq8.count == 20 && Double(found) >= 0.9 * 100, "SQ8 recall@5 against float32: \(found) of 100")
        #expect(try await match().count == flatMatch.count)
        let bad = try await CLI.run(["index", "--workspace", ws, "--model", Self.tinyBERT, "--ivf", "6", "--encoding", "float16"])
        #expect(bad.status != 0 && bad.err.contains("float16"), "\(bad.err)")
    }

    static let tinyCrossEncoder = CLI.packageRoot.appendingPathComponent("Tests/TransformersTests/Fixtures/tiny-cross-encoder").path

    @Test func aRerankerRescoresTheCandidatesAndEveryRankingKeepsTheJSONKeys() async throws {
        let ws = try await Self.workspace()
        #expect(try await CLI.run(["index", "--workspace", ws, "--model", Self.tinyBERT]).status == 0)
        func match(_ extra: [String]) async throws -> Response {
            let m = try await CLI.run(["match", "--workspace", ws, "--model", Self.tinyBERT, "--cv-id", "cv-000004", "--top", "6",
                                 "--candidates", "15", "--json"] + extra)
            #expect(m.status == 0, "\(m.err)")
            let keys = try #require(try JSONSerialization.jsonObject(with: Data(m.out.utf8)) as? [String: Any])
            #expect(Set(keys.keys) == ["cv_id", "model", "model_fingerprint", "index", "index_created", "candidates", "ranking",
                                       "reranker_fingerprint", "results"])
            // The order used and, with a reranker, which one made it.
            let ranking = keys["ranking"] as? String
            if let i = extra.firstIndex(of: "--ranking") { #expect(ranking == extra[i + 1], "\(keys)") }
            #expect((ranking == "retrieval" || ranking == "hybrid") == (keys["reranker_fingerprint"] is NSNull), "\(keys)")
            return try JSONDecoder().decode(Response.self, from: Data(m.out.utf8))
        }
        let plain = try await match([])
        #expect(plain.results.allSatisfy { $0.rerank_score == nil })
        let reranked = try await match(["--reranker", Self.tinyCrossEncoder, "--ranking", "rerank"])
        let scores = reranked.results.compactMap(\.rerank_score)
        #expect(scores.count == 6 && scores == scores.sorted(by: >), "ordered by the cross-encoder")
        #expect(reranked.results.map(\.job_id) != plain.results.map(\.job_id), "the random cross-encoder reorders")
        let retrieval = try await match(["--reranker", Self.tinyCrossEncoder, "--ranking", "retrieval"])
        #expect(retrieval.results.map(\.job_id) == plain.results.map(\.job_id))
        let fused = try await match(["--reranker", Self.tinyCrossEncoder, "--ranking", "fused"])
        #expect(fused.results.allSatisfy { $0.rerank_score != nil })

        // Hybrid needs no cross-encoder: the 15 candidates in retrieval's order, fused with their
        // BM25 order, BM25 weighing terms over every job's embedding text (computed here from
        // the tables as `jobmatch cat` prints them, with the whole-corpus BM25).
        let all = try await match(["--top", "15"]), hybrid = try await match(["--ranking", "hybrid", "--top", "15"])
        #expect(hybrid.results.allSatisfy { $0.rerank_score == nil })
        #expect(Set(hybrid.results.map(\.job_id)) == Set(all.results.map(\.job_id)))
        func rows(_ table: String) async throws -> [[String: Any]] {
            let c = try await CLI.run(["cat", "\(ws)/tables/\(table)"])
            return c.out.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }
        let jobs = try await rows("jobs.parquet"), cvs = try await rows("cvs.parquet")
        let texts = jobs.map { $0["embedding_text"] as? String ?? "" }
        let row = Dictionary(jobs.enumerated().map { ($0.element["job_id"] as? String ?? "", $0.offset) }, uniquingKeysWith: { a, _ in a })
        let cvText = try #require(cvs.first { $0["cv_id"] as? String == "cv-000004" }?["embedding_text"] as? String)
        let bm25 = BM25(documents: texts).scores(cvText)
        let expected = LexicalFusion.order(bm25: all.results.map { bm25[row[$0.job_id]!] }).map { all.results[$0].job_id }
        #expect(hybrid.results.map(\.job_id) == expected)
        #expect(hybrid.results.map(\.job_id) != all.results.map(\.job_id), "BM25 reorders these candidates")

        // The workspace's own reranker is used by default, and --no-rerank skips it.
        try FileManager.default.copyItem(atPath: Self.tinyCrossEncoder, toPath: "\(ws)/models/reranker")
        #expect(try await match(["--ranking", "rerank"]).results.map(\.job_id) == reranked.results.map(\.job_id))
        #expect(try await match(["--no-rerank"]).results.allSatisfy { $0.rerank_score == nil })

        // A folder that is not a cross-encoder is one line naming it.
        let bad = try await CLI.run(["match", "--workspace", ws, "--model", Self.tinyBERT, "--cv-id", "cv-000004", "--reranker", Self.tinyBERT])
        #expect(bad.status != 0 && bad.err.contains("tiny-bert") && bad.err.contains("architectures"), "\(bad.err)")
        #expect(bad.err.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1)

        // evaluate-rerank: the four orders on the held-out set, each with an interval; retrieval's
        // figures are the bi-encoder's own (ranks past the candidates keep retrieval's order).
        let e = try await CLI.run(["evaluate-rerank", "--workspace", ws, "--model", Self.tinyBERT, "--candidates", "10", "--held-out", "0.5",
                             "--held-out-jobs", "0.5", "--json"])
        #expect(e.status == 0, "\(e.err)")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(e.out.utf8)) as? [String: Any])
        let metrics = try #require(o["metrics"] as? [String: [String: Double]])
        #expect(Set(metrics.keys) == ["retrieval", "rerank", "fused", "hybrid"] && metrics.values.allSatisfy { ($0["NDCG@10"] ?? -1) >= 0 && $0["NDCG@10 high"] != nil })
        #expect(["retrieval", "rerank", "fused", "hybrid"].contains(o["best"] as? String ?? ""))
        let evalRun = try await CLI.run(["eval", "--workspace", ws, "--model", Self.tinyBERT, "--held-out", "0.5", "--held-out-jobs", "0.5", "--no-bm25", "--json"])
        let dense = try #require((try JSONSerialization.jsonObject(with: Data(evalRun.out.utf8)) as? [String: [String: Double]])?["tiny-bert"])
        for k in ["NDCG@10", "MRR@10", "Recall@100"] { #expect(abs((dense[k] ?? -1) - (metrics["retrieval"]?[k] ?? -2)) < 1e-9, "\(k)") }
    }

    @Test func aKilledIndexRunResumesAndEndsWithTheSameFiles() async throws {
        let ws = try await Self.workspace()
        let whole = try await CLI.run(["index", "--workspace", ws, "--model", Self.tinyBERT, "--part-rows", "50"])
        #expect(whole.status == 0)
        let expected = try Data(contentsOf: URL(fileURLWithPath: "\(ws)/tables/jobs_encoded.parquet"))
        let expectedIndex = try Data(contentsOf: URL(fileURLWithPath: "\(ws)/index/jobs.faiss"))
        try FileManager.default.removeItem(atPath: "\(ws)/tables/jobs_encoded.parquet")
        try FileManager.default.removeItem(atPath: "\(ws)/index/jobs.faiss")

        // SIGKILL after 3 durable parts of 50 rows.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: TestPaths.jobmatchBinary)
        p.arguments = ["index", "--workspace", ws, "--model", Self.tinyBERT, "--part-rows", "50"]
        p.environment = ProcessInfo.processInfo.environment.merging(["JOBMATCH_TEST_KILL_AFTER_PARTS": "3"]) { $1 }
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGKILL)
        let parts = try FileManager.default.contentsOfDirectory(atPath: "\(ws)/tables/jobs_encoded.parquet.parts")
        #expect(parts.filter { $0.hasSuffix(".parquet") }.count == 3)
        #expect(!FileManager.default.fileExists(atPath: "\(ws)/index/jobs.faiss"))

        let resumed = try await CLI.run(["index", "--workspace", ws, "--model", Self.tinyBERT, "--part-rows", "50"])
        #expect(resumed.status == 0, "\(resumed.err)")
        #expect(resumed.err.contains("encoded 400 jobs") && resumed.err.contains("reused 3 finished parts"), "\(resumed.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(ws)/tables/jobs_encoded.parquet")) == expected)
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(ws)/index/jobs.faiss")) == expectedIndex)
    }

    @Test func mismatchesAndBadInputAreOneLineErrors() async throws {
        let ws = try await Self.workspace()
        let none = try await CLI.run(["match", "--workspace", ws, "--model", Self.tinyBERT, "--cv-id", "cv-000001"])
        #expect(none.status == 1 && none.err.hasPrefix("error: ") && none.err.contains("no index"))
        #expect(try await CLI.run(["index", "--workspace", ws, "--model", Self.tinyBERT, "--encoding", "int8", "--dim", "16"]).status == 0)
        let unknown = try await CLI.run(["match", "--workspace", ws, "--model", Self.tinyBERT, "--cv-id", "cv-999999"])
        #expect(unknown.status == 1 && unknown.err.contains("no CV with id 'cv-999999'"))
        let empty = try await CLI.run(["match", "--workspace", ws, "--model", Self.tinyBERT, "--text", "   "])
        #expect(empty.status == 1 && empty.err.contains("has no text"))
        // Another model's weights: refused, naming both.
        let other = TestPaths.tempFolder().appendingPathComponent("other-bert")
        try FileManager.default.copyItem(atPath: Self.tinyBERT, toPath: other.path)
        var weights = try Data(contentsOf: other.appendingPathComponent("model.safetensors"))
        weights[weights.count - 1] ^= 0x01
        try weights.write(to: other.appendingPathComponent("model.safetensors"))
        let wrong = try await CLI.run(["match", "--workspace", ws, "--model", other.path, "--cv-id", "cv-000001"])
        #expect(wrong.status == 1 && wrong.err.contains("index was built with model"), "\(wrong.err)")
        #expect(wrong.err.split(separator: "\n").count == 1)
        // A truncated index file.
        let idx = "\(ws)/index/jobs.faiss"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: idx))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: idx))
        let cut = try await CLI.run(["match", "--workspace", ws, "--model", Self.tinyBERT, "--cv-id", "cv-000001"])
        #expect(cut.status == 1 && cut.err.contains("jobs.faiss") && cut.err.split(separator: "\n").count == 1, "\(cut.err)")
    }
}
