import Evaluation
import Foundation
import Tables
import TestSupport
import Testing
import Transformers
@testable import Training

/// Job vectors go through the workspace's `EncodedJobsCache`: a pipeline run encodes each job once
/// per model, and the cached vectors are the ones a fresh encode gives, bit for bit.
@Suite struct EmbeddingsCacheTests {
    let texts = ["Registered nurse, patient care and triage", "Swift developer", "Forklift operator, warehouse",
                 "Accountant: ledgers, audits and tax returns for small firms", "Cook"]
    var ids: [String] { texts.indices.map { "job-\($0)" } }

    @Test func cachedVectorsEqualAFreshEncodeAndAreReused() throws {
        let encoder = try SentenceEncoder(directory: TrainingFixtures.tinyBert)
        let fingerprint = try ModelFingerprint.of(modelDirectory: TrainingFixtures.tinyBert)
        let cache = EncodedJobsCache(folder: TestPaths.tempFolder().appendingPathComponent("encoded"))
        let fresh = try Embeddings.encode(encoder, texts, role: .passage, maxSeqLength: 32, batchSize: 2)

        let first = try Embeddings.encodeJobs(encoder, ids: ids, texts: texts, maxSeqLength: 32, batchSize: 2, cache: cache,
                                              fingerprint: fingerprint, model: "tiny")
        #expect(first.reused == 0)
        #expect(first.vectors == fresh)

        var encoded = 0
        let second = try Embeddings.encodeJobs(encoder, ids: ids, texts: texts, maxSeqLength: 32, batchSize: 2, cache: cache,
                                               fingerprint: fingerprint, model: "tiny", progress: { encoded = $0 })
        #expect(second.reused == texts.count && encoded == 0, "nothing is encoded the second time")
        #expect(second.vectors == fresh)

        // One text changed: only it is encoded again.
        var changed = texts
        changed[1] = "Senior Swift developer"
        let third = try Embeddings.encodeJobs(encoder, ids: ids, texts: changed, maxSeqLength: 32, batchSize: 2, cache: cache,
                                              fingerprint: fingerprint, model: "tiny")
        #expect(third.reused == texts.count - 1)
        let d = encoder.dimension
        let alone = try Embeddings.encode(encoder, [changed[1]], role: .passage, maxSeqLength: 32)
        let got = Array(third.vectors[d..<(2 * d)])
        #expect(zip(got, alone).allSatisfy { abs($0 - $1) < 1e-5 })

        // Another length is another key: nothing reused.
        let other = try Embeddings.encodeJobs(encoder, ids: ids, texts: texts, maxSeqLength: 16, batchSize: 2, cache: cache,
                                              fingerprint: fingerprint, model: "tiny")
        #expect(other.reused == 0)
    }
}
