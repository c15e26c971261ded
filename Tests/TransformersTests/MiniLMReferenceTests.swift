import Foundation
import Testing
@testable import Transformers

/// all-MiniLM-L6-v2 (unpacked by scripts/setup.sh; `make test` exports JOBMATCH_MODEL_DIR) against
/// reference vectors from sentence-transformers for real texts of data/real. Skipped
/// without the model, except under `make test` (JOBMATCH_REQUIRE_MODEL=1), where it fails.
@Suite("all-MiniLM-L6-v2 reference vectors", .enabled(if: Fixtures.runMiniLMTests, "needs the model unpacked by scripts/setup.sh"))
struct MiniLMReferenceTests {
    /// The same texts the fixture script read, in the same order (first rows of each file).
    static func texts(sources: [String: Int]) throws -> [String] {
        let real = Fixtures.packageRoot.appendingPathComponent("data/real")
        let order = ["glassdoor_jobs.csv:Job Description", "UpdatedResumeDataSet.csv:Resume",
                     "job_skills.csv:job_skills", "linkedin_job_postings.csv:job_title"]
        var out: [String] = []
        for key in order {
            let parts = key.split(separator: ":").map(String.init)
            let rows = try SimpleCSV.column(parts[1], in: real.appendingPathComponent(parts[0]), limit: sources[key] ?? 0)
            out += rows
        }
        return out
    }

    @Test("cosine ≥ 0.99999 with sentence-transformers for every text")
    func reference() throws {
        try #require(Fixtures.hasMiniLM, "\(Fixtures.missingMiniLM)")
        let ref = try Fixtures.json("minilm_reference.json")
        let want = Fixtures.floats(ref["embeddings"]!)
        let texts = try Self.texts(sources: (ref["sources"] as! [String: NSNumber]).mapValues(\.intValue))
        #expect(texts.count == want.count, "texts read \(texts.count), reference vectors \(want.count)")
        let encoder = try SentenceEncoder(directory: Fixtures.miniLM)
        #expect(encoder.directory.maxSeqLength == ref["max_seq_length"] as? Int)
        let got = try encoder.encode(texts, batchSize: 16)
        var worst: Float = 1
        for (g, w) in zip(got, want) {
            let dot = zip(g, w).reduce(0) { $0 + $1.0 * $1.1 }
            let n = (g.reduce(0) { $0 + $1 * $1 } * w.reduce(0) { $0 + $1 * $1 }).squareRoot()
            worst = min(worst, dot / n)
        }
        #expect(worst >= 0.99999, "lowest cosine \(worst)")
    }
}
