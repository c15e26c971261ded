import Foundation
import JobMatchCore
import Tables
import Tensor
import Transformers
import VectorIndex

/// The indexing stage: re-encodes every job of `tables/jobs.parquet` with a model into
/// `tables/jobs_encoded.parquet` (job_id, embedding at the model's dimension) and builds
/// `index/jobs.faiss` (+ its side file) from it.
///
/// Encoding is resumable: texts are encoded in parts of `partRows` rows, each written durably to
/// `jobs_encoded.parquet.parts/` as it completes; a rerun after a kill (same model, same table,
/// same settings) skips the finished parts. The index stores row numbers of the encoded table as
/// its ids.
public struct JobIndexer {
    public struct Options: Sendable, Codable, Equatable {
        public var encoding: VectorEncoding = .float32
        /// Matryoshka dimension of the index; nil keeps the model's.
        public var dimension: Int?
        public var batchSize = 32
        /// The precision of the encoder's linear layers (`Precision`); part of the parts' settings.
        public var precision: Precision = .fp32
        /// Tokens per text; nil uses the model's max_seq_length.
        public var maxSeqLength: Int?
        public var partRows = 2_048
        /// Build FAISS's `IndexIVFFlat` with these lists instead of the flat index; nil: flat.
        public var ivf: IVFSettings?
        public init() {}
    }

    public struct Report: Sendable {
        public var rows = 0
        public var encodedNow = 0
        /// Jobs whose vectors came from the encoded-jobs cache (`jobsCache`), not the encoder.
        public var reusedFromCache = 0
        public var partsReused = 0
        public var dimension = 0
        public var indexBytes = 0
        public var encodeSeconds = 0.0
    }

    public let jobsTable: URL
    public let modelDirectory: URL
    public let encodedTable: URL
    public let indexFile: URL
    public var options: Options
    /// The workspace's encoded-jobs cache (`tables/encoded/`): vectors mining or evaluation made
    /// with the same weights, tokens, precision and prompt are taken from it, part by part, and
    /// only the other jobs encoded (the same bits: a vector does not depend on its batch). nil:
    /// every job is encoded.
    public var jobsCache: EncodedJobsCache?
    /// Encode the missing parts on Spark first (`--engine spark`); nil encodes them here.
    public var spark: SparkPartEncoder?

    public init(jobsTable: URL, modelDirectory: URL, encodedTable: URL, indexFile: URL, options: Options = Options()) {
        self.jobsTable = jobsTable
        self.modelDirectory = modelDirectory
        self.encodedTable = encodedTable
        self.indexFile = indexFile
        self.options = options
    }

    /// The settings a finished part depends on; parts made under other settings are discarded.
    struct PartSettings: Codable, Equatable {
        var modelFingerprint: String
        var maxSeqLength: Int
        var precision: Precision
        var partRows: Int
        var textColumn = JobsTable.Column.embeddingText.rawValue
        var tableRows: Int
        var tableBytes: Int
        var tableModified: Double
    }

    /// The settings parts of `jobsTable` encoded now depend on (the table's size and modification
    /// time stand for its contents).
    func partSettings(fingerprint: String, maxSeqLength: Int, options: Options, tableRows: Int) -> PartSettings {
        let attrs = try? FileManager.default.attributesOfItem(atPath: jobsTable.path)
        return PartSettings(modelFingerprint: fingerprint, maxSeqLength: maxSeqLength, precision: options.precision,
                            partRows: options.partRows, tableRows: tableRows, tableBytes: (attrs?[.size] as? Int) ?? 0,
                            tableModified: (attrs?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)
    }

    /// Encodes what is not encoded yet, then writes the encoded table and the index.
    ///
    /// - Parameter progress: (rows done, total rows), after each batch.
    public func run(progress: @escaping (Int, Int) -> Void = { _, _ in }) throws -> Report {
        let encoder = try SentenceEncoder(directory: modelDirectory, precision: options.precision)
        let fingerprint = try ModelFingerprint.of(modelDirectory: modelDirectory)
        let tableRows = try JobsTable.rowCount(jobsTable)
        if let d = options.dimension, d < 1 || d > encoder.dimension {
            throw IndexingError(.invalidArgument, "--dim \(d) not in 1...\(encoder.dimension) (the model's dimension)")
        }
        let settings = partSettings(fingerprint: fingerprint, maxSeqLength: options.maxSeqLength ?? encoder.directory.maxSeqLength,
                                    options: options, tableRows: tableRows)
        let parts = try PartFolder(url: encodedTable.appendingPathExtension("parts"), settings: settings)
        var report = Report()
        report.rows = tableRows
        report.dimension = options.dimension ?? encoder.dimension
        let started = Date()

        // 0. With the Spark engine, its executors encode the missing parts (the same code, in
        //    `jobmatch index-part`); the loop below then finds every part finished.
        var encodedRemotely = Set<Int>()
        if let spark {
            let partCount = (tableRows + options.partRows - 1) / options.partRows
            let missing = (0..<partCount).filter { !parts.isComplete($0) }
            if !missing.isEmpty {
                try spark.encode(parts: missing, jobsTable: jobsTable, modelDirectory: modelDirectory, options: options,
                                 partsFolder: parts.url) {
                    let finished = (0..<partCount).filter(parts.isComplete).count
                    progress(min(tableRows, finished * options.partRows), tableRows)
                }
            }
            let left = (0..<partCount).filter { !parts.isComplete($0) }
            guard left.isEmpty else {
                throw IndexingError(.spark, path: parts.url.path, "the Spark run left \(left.count) of \(partCount) parts unencoded (first: \(left[0]))")
            }
            encodedRemotely = Set(missing)
        }

        // 1. Encode, part by part: what the cache holds for this model and these settings is
        //    read back (one row group of it in memory at a time), the rest encoded.
        let d = encoder.dimension
        let cached = jobsCache?.reader(EncodedJobsCache.Key(
            modelFingerprint: fingerprint, maxSeqLength: settings.maxSeqLength, precision: encoder.precision.vectorsLabel,
            prefix: encoder.directory.prompt(for: .passage)), dimension: d)
        var ids: [String] = [], texts: [String] = []
        var part = 0, done = 0
        func flushPart() throws {
            defer { ids.removeAll(keepingCapacity: true); texts.removeAll(keepingCapacity: true); part += 1 }
            if parts.isComplete(part) {
                if encodedRemotely.contains(part) { report.encodedNow += ids.count } else { report.partsReused += 1 }
                done += ids.count
                progress(done, tableRows)
                return
            }
            let base = done
            var (flat, missing) = try cached?.lookup(ids: ids, texts: texts) ?? ([Float](repeating: 0, count: ids.count * d), Array(ids.indices))
            if !missing.isEmpty {
                let fresh = try Self.encode(missing.map { texts[$0] }, with: encoder, options: options,
                                            progress: { progress(base + ids.count - missing.count + $0, tableRows) })
                for (i, v) in zip(missing, fresh) { flat.replaceSubrange((i * d)..<((i + 1) * d), with: v) }
            }
            try parts.write(part, ids: ids, vectors: flat, dimension: d)
            report.encodedNow += missing.count
            report.reusedFromCache += ids.count - missing.count
            done += ids.count
            HeapSettings.releaseFreeMemory()  // bounds peak RSS over the whole table
            #if JOBMATCH_TEST_HOOKS
            // Crash-safety tests stop the process here, as a kill -9 would, after N durable parts
            // (debug builds only: the release binary has no such hook).
            if let n = ProcessInfo.processInfo.environment["JOBMATCH_TEST_KILL_AFTER_PARTS"].flatMap(Int.init), report.encodedNow >= n * options.partRows {
                kill(getpid(), SIGKILL)
            }
            #endif
        }
        var row = 0
        try JobsTable.forEachRowGroup(jobsTable, columns: [.jobID, .embeddingText]) { rows in
            for r in rows {
                try Self.check(r, row: row, table: jobsTable)
                ids.append(r.jobID)
                texts.append(r.embeddingText)
                row += 1
                if ids.count == options.partRows { try flushPart() }
            }
        }
        if !ids.isEmpty { try flushPart() }
        report.encodeSeconds = Date().timeIntervalSince(started)

        // 2. The encoded table (all parts, in order), then the index from it.
        try parts.merge(count: part, into: encodedTable, model: modelDirectory.lastPathComponent, fingerprint: fingerprint,
                        dimension: encoder.dimension)
        let info = IndexInfo(
            model: modelDirectory.lastPathComponent, modelFingerprint: fingerprint, dimension: report.dimension,
            modelDimension: encoder.dimension, normalized: true, encoding: options.encoding,
            sourceTable: encodedTable.lastPathComponent, count: tableRows, documentPrompt: encoder.directory.prompt(for: .passage),
            precision: options.precision.rawValue, maxSeqLength: options.maxSeqLength)
        report.indexBytes = try IndexBuilder.build(from: encodedTable, idColumn: EncodedJobsTable.idColumn, into: indexFile,
                                                   info: info, normalize: encoder.directory.normalize || options.dimension != nil,
                                                   ivf: options.ivf)
        try parts.remove()
        return report
    }
}
