import Foundation
import Indexing
import JobMatchCore
import Tables
import TestSupport
import Testing
import Transformers

/// The index stage takes the vectors mining and evaluation left in `tables/encoded/` for the same
/// model and settings, and encodes only the rest: before, it encoded every job again (22 of the 65
/// minutes of a 100,000-posting pipeline run, when the base model served).
@Suite struct JobIndexerCacheTests {
    @Test func theIndexTakesWhatTheCacheHoldsAndEncodesTheRest() throws {
        let ws = try TinyWorkspace.make(precision: .fp32)  // every job encoded, no cache
        let ids = TinyWorkspace.jobs.map(\.jobID), texts = TinyWorkspace.jobs.map(\.embeddingText)
        let encoder = try SentenceEncoder(directory: TinyWorkspace.tinyBert)
        let fingerprint = try ModelFingerprint.of(modelDirectory: TinyWorkspace.tinyBert)
        let d = encoder.dimension
        let plain = try #require(EncodedJobsTable.vectors(ws.jobsEncodedTable, fingerprint: fingerprint, ids: ids, dimension: d))
        // The cache holds the encoder's output as it returned it (the tables are read back normalised).
        let raw = try encoder.encode(texts, role: .passage, maxSeqLength: 32)
        func row(_ i: Int) -> [Float] { raw[i] }

        // j1 and j3 cached as the encoder made them; j2 cached for a text it no longer has; j4 not.
        let cache = EncodedJobsCache(folder: ws.encodedJobsCache)
        let key = EncodedJobsCache.Key(modelFingerprint: fingerprint, maxSeqLength: 32, precision: "fp32",
                                       prefix: encoder.directory.prompt(for: .passage))
        try cache.store(key, ids: ["j1", "j3", "j2"], texts: [texts[0], texts[2], "an older text"], vectors: row(0) + row(2) + row(1),
                        dimension: d, model: "tiny")
        func index(_ name: String) throws -> (JobIndexer.Report, [Float]) {
            var options = JobIndexer.Options()
            options.maxSeqLength = 32
            var indexer = JobIndexer(jobsTable: ws.jobsTable, modelDirectory: TinyWorkspace.tinyBert,
                                     encodedTable: ws.tables.appendingPathComponent("\(name).parquet"),
                                     indexFile: ws.index.appendingPathComponent("\(name).faiss"), options: options)
            indexer.jobsCache = cache
            let r = try indexer.run()
            return (r, try #require(EncodedJobsTable.vectors(indexer.encodedTable, fingerprint: fingerprint, ids: ids, dimension: d)))
        }
        let (r, vectors) = try index("cached")
        #expect(r.reusedFromCache == 2 && r.encodedNow == 2, "\(r)")
        #expect(vectors == plain, "the same bits as encoding every job")

        // What is read is the cache's: a marked vector for j4 ends up in the index.
        let marked = [Float](repeating: 0.5, count: d)
        try cache.store(key, ids: ["j4"], texts: [texts[3]], vectors: marked, dimension: d, model: "tiny")
        let (again, withMark) = try index("marked")
        #expect(again.reusedFromCache == 3 && again.encodedNow == 1, "\(again)")
        var unit = marked  // the table's vectors are read back normalised
        UnitVectors.normalizeRows(&unit, dimension: d)
        #expect(Array(withMark[(3 * d)..<(4 * d)]) == unit && Array(withMark[0..<(3 * d)]) == Array(plain[0..<(3 * d)]))
    }
}
