import Foundation
import Parquet
import Tables
import TestSupport
import Testing

@Suite struct EncodedJobsCacheTests {
    let key = EncodedJobsCache.Key(modelFingerprint: "00000000000000ab", maxSeqLength: 128, precision: "fp32", prefix: "")

    @Test func vectorsComeBackForUnchangedTextsOnly() throws {
        let cache = EncodedJobsCache(folder: TestPaths.tempFolder().appendingPathComponent("encoded"))
        try cache.store(key, ids: ["a", "b", "c"], texts: ["ta", "tb", "tc"], vectors: [1, 2, 3, 4, 5, 6], dimension: 2, model: "m")
        // b's text changed, d is new, c left the table; order follows the asked ids.
        let (v, missing) = cache.lookup(key, ids: ["d", "b", "a"], texts: ["td", "tb2", "ta"], dimension: 2)
        #expect(missing == [0, 1])
        #expect(v == [0, 0, 0, 0, 1, 2])
        #expect(try ParquetReader(url: cache.url(key)).metadata["embedding.model_fingerprint"] == "00000000000000ab")
    }

    @Test func otherSettingsAndOtherDimensionsMiss() throws {
        let cache = EncodedJobsCache(folder: TestPaths.tempFolder())
        try cache.store(key, ids: ["a"], texts: ["ta"], vectors: [1, 2], dimension: 2, model: "m")
        for other in [
            EncodedJobsCache.Key(modelFingerprint: "00000000000000ac", maxSeqLength: 128, precision: "fp32", prefix: ""),
            EncodedJobsCache.Key(modelFingerprint: "00000000000000ab", maxSeqLength: 256, precision: "fp32", prefix: ""),
            EncodedJobsCache.Key(modelFingerprint: "00000000000000ab", maxSeqLength: 128, precision: "bf16", prefix: ""),
            EncodedJobsCache.Key(modelFingerprint: "00000000000000ab", maxSeqLength: 128, precision: "fp32", prefix: "passage: "),
        ] {
            #expect(other.fileName != key.fileName)
            #expect(cache.lookup(other, ids: ["a"], texts: ["ta"], dimension: 2).missing == [0])
        }
        #expect(cache.lookup(key, ids: ["a"], texts: ["ta"], dimension: 3).missing == [0])
        #expect(cache.lookup(key, ids: ["a"], texts: ["ta"], dimension: 2).missing == [])
    }

    @Test func aDamagedFileIsACacheMiss() throws {
        let cache = EncodedJobsCache(folder: TestPaths.tempFolder())
        try FileManager.default.createDirectory(at: cache.folder, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: cache.url(key).path, contents: Data("PAR1 not parquet".utf8))
        #expect(cache.lookup(key, ids: ["a"], texts: ["ta"], dimension: 2).missing == [0])
        try cache.store(key, ids: ["a"], texts: ["ta"], vectors: [1, 2], dimension: 2, model: "m")
        #expect(cache.lookup(key, ids: ["a"], texts: ["ta"], dimension: 2).vectors == [1, 2])
    }
}
