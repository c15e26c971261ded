import Feedback
import Foundation
import JobMatchCore
import Pipeline
import Tensor
import TestSupport
import Testing
import Training
import Transformers

/// `jobmatch retrain` on a small served workspace (the pipeline fine-tunes the tiny random BERT
/// into `jobmatch-minilm` and indexes with it): promotion, rejection, and feedback changing a
/// ranking.
@Suite(.serialized) struct RetrainTests {
    static let serving = "jobmatch-minilm"
    static let pipelineArgs = ["--jobs", "150", "--cvs", "40", "--base-model", "tiny", "--train-steps", "3", "--batch-size", "4",
                               "--train-seq-length", "32", "--max-seq-length", "64"]

    /// A workspace served by the pipeline's fine-tuned model.
    static func servedWorkspace() throws -> Workspace {
        let ws = Workspace(TestPaths.tempFolder().path)
        try FileManager.default.createDirectory(at: ws.models, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: ws.models.appendingPathComponent("tiny").path, withDestinationPath: MatchCommandTests.tinyBERT)
        let r = try CLI.run(["pipeline", "--workspace", ws.root.path] + pipelineArgs)
        #expect(r.status == 0, "\(r.err)")
        return ws
    }

    static func indexFingerprint(_ ws: Workspace) throws -> String {
        let info = try JSONSerialization.jsonObject(with: Data(contentsOf: ws.jobsIndex.appendingPathExtension("json"))) as? [String: Any]
        return try #require(info?["modelFingerprint"] as? String)
    }

    static func modelFingerprint(_ url: URL) throws -> String { try ModelFingerprint.of(modelDirectory: url) }

    struct Decision: Decodable {
        struct Figures: Decodable { let ndcg10: Double; let recall10: Double }
        let decision: String; let serving: Figures; let candidate: Figures
        let serving_fingerprint: String; let candidate_fingerprint: String
        let feedback_pairs: Int; let mined_pairs: Int; let reindexed_jobs: Int
    }

    static func logLines(_ ws: Workspace) throws -> [Decision] {
        let text = try String(contentsOf: ws.retrainLog, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Decision.self, from: Data($0.utf8)) }
    }

    @Test func promotesACandidateThatIsNotWorseAndReindexesWithIt() throws {
        let ws = try Self.servedWorkspace()
        let servingURL = ws.models.appendingPathComponent(Self.serving)
        let before = try Self.modelFingerprint(servingURL)
        // A learning rate too small to change any ranking: the candidate's figures equal the serving model's.
        let r = try CLI.run(["retrain", "--workspace", ws.root.path, "--steps", "2", "--batch-size", "4", "--train-seq-length", "32", "--lr", "1e-12"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("promoted: candidate NDCG@10") && r.out.contains("jobs re-indexed"), "\(r.out)")
        let log = try Self.logLines(ws)
        let d = try #require(log.last)
        #expect(log.count == 1 && d.decision == "promoted")
        #expect(d.candidate.ndcg10 >= d.serving.ndcg10 && d.candidate.recall10 >= d.serving.recall10)
        #expect(d.serving_fingerprint == before && d.candidate_fingerprint != before, "the candidate's weights differ")
        // The serving folder now holds the candidate, the index was rebuilt with it, the old weights are kept.
        #expect(try Self.modelFingerprint(servingURL) == d.candidate_fingerprint)
        #expect(try Self.indexFingerprint(ws) == d.candidate_fingerprint)
        #expect(try Self.modelFingerprint(ws.previousModel(of: Self.serving)) == before)
        #expect(!FileManager.default.fileExists(atPath: ws.candidateModel(of: Self.serving).path))
        #expect(d.reindexed_jobs > 0 && d.mined_pairs > 0 && d.feedback_pairs == 0)
        #expect(try CLI.run(["match", "--workspace", ws.root.path, "--cv-id", "cv-000001", "--top", "3"]).status == 0)
        // The pipeline keeps the promoted model: training and indexing are up to date, only eval reruns.
        let again = try CLI.run(["pipeline", "--workspace", ws.root.path] + Self.pipelineArgs)
        #expect(again.status == 0, "\(again.err)")
        #expect(again.err.contains("== train: up to date, skipped") && again.err.contains("== index: up to date, skipped") && again.err.contains("== eval\n"))
        #expect(try Self.modelFingerprint(servingURL) == d.candidate_fingerprint)
    }

    @Test func rejectsAWorseCandidateAndLeavesTheServingModelAndIndexAlone() throws {
        let ws = try Self.servedWorkspace()
        let servingURL = ws.models.appendingPathComponent(Self.serving)
        let before = try Self.modelFingerprint(servingURL)
        let indexBefore = try Data(contentsOf: ws.jobsIndex)
        var t = Retrain.defaultTraining
        t.maxSteps = 2; t.batchSize = 4; t.maxSeqLength = 32
        // The worse candidate: its embeddings zeroed, so every text gets the same vector and the ranking is arbitrary.
        let retrain = Retrain(settings: Retrain.Settings(training: t)) { candidate in
            let url = candidate.appendingPathComponent("model.safetensors")
            let file = try SafeTensors(url: url)
            let tensors = try file.entries.keys.sorted().map { key in
                let t = try file.tensor(key)
                return (key: key, tensor: key.contains("embeddings.") && !key.contains("LayerNorm") ? Tensor(zeros: t.shape) : t)
            }
            try SafeTensorsWriter.write(tensors, to: url, metadata: ["format": "pt"])
        }
        let d = try retrain.run(ws)
        #expect(d.decision == "rejected", "\(d.summary)")
        #expect(d.candidate.ndcg10 < d.serving.ndcg10 || d.candidate.recall10 < d.serving.recall10, "\(d.summary)")
        #expect(try Self.modelFingerprint(servingURL) == before && d.servingFingerprint == before)
        #expect(try Data(contentsOf: ws.jobsIndex) == indexBefore && (try Self.indexFingerprint(ws)) == before)
        #expect(!FileManager.default.fileExists(atPath: ws.candidateModel(of: Self.serving).path))
        #expect(!FileManager.default.fileExists(atPath: ws.previousModel(of: Self.serving).path))
        let logged = try #require(try Self.logLines(ws).last)
        #expect(logged.decision == "rejected" && logged.candidate.ndcg10 == d.candidate.ndcg10 && logged.serving.ndcg10 == d.serving.ndcg10)
    }

    struct Match: Decodable {
        struct Result: Decodable { let rank: Int; let job_id: String; let score: Double }
        let model: String; let model_fingerprint: String; let results: [Result]
    }

    static func match(_ ws: Workspace, cv: String, top: Int) throws -> Match {
        let m = try CLI.run(["match", "--workspace", ws.root.path, "--cv-id", cv, "--top", String(top), "--json"])
        #expect(m.status == 0, "\(m.err)")
        return try JSONDecoder().decode(Match.self, from: Data(m.out.utf8))
    }

    /// The loop closed: a match is recorded in the feedback store, the user likes a job shown low,
    /// the feedback is exported and trained on, and the promoted model ranks that job higher.
    @Test func feedbackMovesTheLikedJobUpForThatCV() async throws {
        let ws = try Self.servedWorkspace()
        let split = HeldOutSplit()
        let cv = try #require((1...40).map { String(format: "cv-%06d", $0) }.first { !split.isHeldOut($0) })
        let top = 20
        let shown = try Self.match(ws, cv: cv, top: top)
        let liked = try #require(shown.results.last)
        #expect(shown.results.count == top && liked.rank == top)
        let store = try FeedbackStore(path: ws.feedbackDatabase.path)
        let request = try await store.recordRequest(
            cv: .id(cv), modelVersion: shown.model_fingerprint, indexVersion: "test",
            results: shown.results.map { ShownResult(jobID: $0.job_id, rank: $0.rank, biEncoderScore: $0.score) })
        try await store.recordEvent(requestID: request, jobID: liked.job_id, event: .like)
        let export = try CLI.run(["feedback", "export", "--workspace", ws.root.path])
        #expect(export.status == 0 && export.out.contains("1 positive pairs"), "\(export.out) \(export.err)")

        let r = try CLI.run(["retrain", "--workspace", ws.root.path, "--steps", "20", "--batch-size", "4", "--train-seq-length", "32",
                             "--lr", "1e-3", "--feedback-repeats", "4", "--json"])
        #expect(r.status == 0, "\(r.err)")
        let d = try JSONDecoder().decode(Decision.self, from: Data(r.out.utf8))
        #expect(d.feedback_pairs == top - 1, "one row per job skipped above the liked one")
        #expect(d.decision == "promoted", "\(r.out)")
        let after = try Self.match(ws, cv: cv, top: top)
        #expect(after.model_fingerprint == d.candidate_fingerprint)
        let rank = after.results.first { $0.job_id == liked.job_id }?.rank ?? Int.max
        #expect(rank < liked.rank, "the liked job moved from rank \(liked.rank) to \(rank == Int.max ? "below \(top)" : String(rank))")
    }
}
