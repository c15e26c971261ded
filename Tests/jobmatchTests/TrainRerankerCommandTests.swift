import Foundation
import Testing
import TestSupport
import Transformers
@testable import Training

@Suite("jobmatch train-reranker (the built binary)")
struct TrainRerankerCommandTests {
    @Test("trains from a BERT checkpoint, writes a cross-encoder folder that loads back, resumes, and refuses bad pairs in one line")
    func trainAndReload() async throws {
        let ws = TestPaths.tempFolder()
        defer { try? FileManager.default.removeItem(at: ws) }
        try writePairs(ws.appendingPathComponent("tables/pairs.parquet"), copies: 2)
        let args = ["train-reranker", "--workspace", ws.path, "--base", TrainingCLIFixtures.tinyBert.path, "--batch-size", "4",
                    "--max-seq-length", "32", "--lr", "1e-3", "--checkpoint-every", "2"]
        let r = try await TestProcess.jobmatch(args)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("trained 3 steps"), "\(r.stdout)")
        let out = ws.appendingPathComponent("models/reranker")
        let ce = try CrossEncoder(directory: out)
        #expect(ce.maxLength == 32 && ce.model.numLabels == 1 && ce.activation == .sigmoid)
        let scores = try ce.predict([("query: nurse", "passage: ICU nurse"), ("query: nurse", "passage: truck driver")])
        #expect(scores.allSatisfy { $0 > 0 && $0 < 1 })
        let again = try await TestProcess.jobmatch(args + ["--resume"])
        #expect(again.status == 0 && again.stdout.contains("resumed at step 3"), "\(again.stdout) \(again.stderr)")

        try writePairs(ws.appendingPathComponent("tables/pairs.parquet"), copies: 1, drop: "positive")
        let bad = try await TestProcess.jobmatch(args)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("pairs.parquet") && bad.stderr.contains("positive"), "\(bad.stderr)")
        #expect(bad.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1, "\(bad.stderr)")
    }
}
