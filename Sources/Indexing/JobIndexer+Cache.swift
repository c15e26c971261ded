import Foundation
import JobMatchCore
import Tables
import Transformers

/// Mining's Spark engine (`jobmatch mine-pairs --engine spark`): the jobs the encoded-jobs cache
/// lacks for this model and these settings are encoded on Spark's executors, with the index
/// stage's part runs (`SparkPartEncoder`, `jobmatch index-part`), and added to the cache; mining
/// then finds every job's vector there and only encodes the CVs and searches, which one machine
/// does in seconds where encoding 1.35M jobs takes hours.
extension JobIndexer {
    public struct CacheReport: Sendable {
        /// Jobs of the table.
        public var jobs = 0
        /// Jobs the cache already held (same id, text, model and settings).
        public var cached = 0
        /// Jobs encoded on Spark (whole parts, so a part with a cached job encodes it again).
        public var encoded = 0
        public var parts = 0
    }

    /// Adds every job of `jobsTable` to `cache` under the key mining and evaluation look up
    /// (`options.precision`, the passage prompt, `options.maxSeqLength` or the model's, at most
    /// its positions), encoding on `spark` the parts of `partRows` rows that hold a job the cache
    /// lacks. The part files are the index stage's (resumable the same way: a killed run keeps its
    /// finished parts in `KEY.parquet.parts/` beside the cache file); the cache file is replaced
    /// durably once, with the old rows kept.
    ///
    /// - Throws: `IndexingError` when `spark` is nil, a part is missing after the run, or a part's
    ///   ids are not the table's; table and Spark errors naming their file.
    public func fillCache(_ cache: EncodedJobsCache, progress: @escaping (Int, Int) -> Void = { _, _ in }) throws -> CacheReport {
        guard let spark else { throw IndexingError(.invalidArgument, "filling the encoded-jobs cache on Spark needs a Spark engine") }
        let encoder = try SentenceEncoder(directory: modelDirectory, precision: options.precision)
        let fingerprint = try ModelFingerprint.of(modelDirectory: modelDirectory)
        let d = encoder.dimension
        let tokens = min(options.maxSeqLength ?? encoder.directory.maxSeqLength, encoder.directory.config.maxPositionEmbeddings)
        let key = EncodedJobsCache.Key(modelFingerprint: fingerprint, maxSeqLength: tokens, precision: encoder.precision.vectorsLabel,
                                       prefix: encoder.directory.prompt(for: .passage))
        var ids: [String] = [], texts: [String] = []
        try JobsTable.forEachRowGroup(jobsTable, columns: [.jobID, .embeddingText]) { rows in
            for r in rows {
                try Self.check(r, row: ids.count, table: jobsTable)
                ids.append(r.jobID)
                texts.append(r.embeddingText)
            }
        }
        var (vectors, missing) = cache.lookup(key, ids: ids, texts: texts, dimension: d)
        var report = CacheReport(jobs: ids.count, cached: ids.count - missing.count)
        guard !missing.isEmpty else { return report }

        var o = options
        o.maxSeqLength = tokens
        let parts = try PartFolder(url: cache.url(key).appendingPathExtension("parts"),
                                   settings: partSettings(fingerprint: fingerprint, maxSeqLength: tokens, options: o, tableRows: ids.count))
        let needed = Array(Set(missing.map { $0 / o.partRows })).sorted()
        let todo = needed.filter { !parts.isComplete($0) }
        if !todo.isEmpty {
            try spark.encode(parts: todo, jobsTable: jobsTable, modelDirectory: modelDirectory, options: o, partsFolder: parts.url) {
                progress(needed.filter(parts.isComplete).count, needed.count)
            }
        }
        for p in needed {
            guard parts.isComplete(p) else {
                throw IndexingError(.spark, path: parts.url.path, "the Spark run left part \(p) of \(needed.count) needed parts unencoded")
            }
            let part = try QueryVectors.read(parts.partURL(p), idColumn: EncodedJobsTable.idColumn, vectorColumn: EncodedJobsTable.vectorColumn,
                                             dimension: d)
            let lo = p * o.partRows, hi = min(ids.count, lo + o.partRows)
            guard part.ids == Array(ids[lo..<hi]) else {
                throw IndexingError(.inconsistent, path: parts.partURL(p).path, "the part's job ids are not rows \(lo)..<\(hi) of \(jobsTable.lastPathComponent)")
            }
            vectors.replaceSubrange((lo * d)..<(hi * d), with: part.vectors)
            report.encoded += hi - lo
            report.parts += 1
        }
        try cache.store(key, ids: ids, texts: texts, vectors: vectors, dimension: d, model: modelDirectory.lastPathComponent)
        try parts.remove()
        return report
    }
}
