import Foundation
import JobMatchCore
import Parquet

/// Every job's vector once per model: `tables/encoded/KEY.parquet`, one file per model and
/// encoding settings (weights fingerprint, tokens per text, precision, prompt), each row keyed by
/// job id and a hash of the text that was encoded. Mining, evaluation and indexing look vectors up
/// here before encoding and add what they encoded, so a pipeline run encodes each job once per
/// model (before, mining and evaluation each encoded every job with the base model, and indexing
/// with the tuned one) and a reprocessed jobs table re-encodes only the jobs whose text changed.
///
/// | column | type |
/// | --- | --- |
/// | job_id | string |
/// | text_hash | int64 (`ContentHash` of the text, as a bit pattern) |
/// | embedding | list<float>, the encoder's output as it returned it |
///
/// A file is replaced whole and durably (temporary file, fsync, rename), so a kill leaves the old
/// file or the new one. It is a cache: deleting `tables/encoded/` only costs encoding time.
public struct EncodedJobsCache: Sendable {
    /// What a vector depends on besides the text.
    public struct Key: Sendable, Hashable, Codable {
        public var modelFingerprint: String
        public var maxSeqLength: Int
        public var precision: String
        /// The prompt prepended to every text (`passage: ` for e5; "" for all-MiniLM-L6-v2).
        public var prefix: String

        public init(modelFingerprint: String, maxSeqLength: Int, precision: String, prefix: String) {
            self.modelFingerprint = modelFingerprint
            self.maxSeqLength = maxSeqLength
            self.precision = precision
            self.prefix = prefix
        }

        /// `FINGERPRINT-SETTINGSHASH.parquet`.
        public var fileName: String {
            let settings = ContentHash.update(ContentHash.seed, Data("\(maxSeqLength)\u{1}\(precision)\u{1}\(prefix)".utf8))
            return "\(modelFingerprint)-\(String(format: "%016llx", settings)).parquet"
        }
    }

    enum Column: String, TableColumn { case jobID = "job_id", textHash = "text_hash", embedding }

    static let schema = ParquetSchema([
        .column(Column.jobID.rawValue, .string, nullable: false),
        .column(Column.textHash.rawValue, .int64, nullable: false),
        .list(Column.embedding.rawValue, of: .float, nullable: false, elementNullable: false),
    ])

    public let folder: URL

    public init(folder: URL) { self.folder = folder }

    public func url(_ key: Key) -> URL { folder.appendingPathComponent(key.fileName) }

    public static func textHash(_ text: String) -> Int64 {
        Int64(bitPattern: ContentHash.update(ContentHash.seed, Data(text.utf8)))
    }

    /// The cached vectors of `ids` whose text is unchanged, flat [n, dimension] with zeros where
    /// none is cached, and the positions that need encoding. An unreadable or foreign file counts
    /// as empty (it is a cache).
    public func lookup(_ key: Key, ids: [String], texts: [String], dimension: Int) -> (vectors: [Float], missing: [Int]) {
        (try? reader(key, dimension: dimension)?.lookup(ids: ids, texts: texts))
            ?? ([Float](repeating: 0, count: ids.count * dimension), Array(ids.indices))
    }

    /// Writes these rows to the file of `key`, keeping the rows already there for other ids (mining
    /// encodes the training jobs, evaluation the held-out ones: each adds its part). A job whose
    /// text changed gets its new row; the file holds one row per job id ever encoded with the key.
    /// - Throws: `TablesError` naming the file.
    public func store(_ key: Key, ids: [String], texts: [String], vectors: [Float], dimension: Int, model: String) throws {
        precondition(ids.count == texts.count && vectors.count == ids.count * dimension, "one text and one vector per id")
        var ids = ids, hashes = texts.map(Self.textHash), vectors = vectors
        if let old = try? read(key, dimension: dimension) {
            let fresh = Set(ids)
            for (id, (hash, row)) in old.rows.sorted(by: { $0.value.1 < $1.value.1 }) where !fresh.contains(id) {
                ids.append(id)
                hashes.append(hash)
                vectors += old.vectors[(row * dimension)..<((row + 1) * dimension)]
            }
        }
        let url = url(key), tmp = DurableFile.temporary(for: url)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var options = ParquetWriterOptions(rowGroupSize: 65_536, metadata: [
                VectorTable.Metadata.model: model, VectorTable.Metadata.modelFingerprint: key.modelFingerprint,
                VectorTable.Metadata.dimension: String(dimension),
                "encoding.max_seq_length": String(key.maxSeqLength), "encoding.precision": key.precision,
                "encoding.prefix": key.prefix,
            ])
            options.dictionary = false
            let w = try ParquetWriter(url: tmp, schema: Self.schema, options: options)
            let chunk = 65_536
            for start in stride(from: 0, to: ids.count, by: chunk) {
                let end = min(ids.count, start + chunk)
                try w.write([
                    .strings(Array(ids[start..<end])), .int64s(Array(hashes[start..<end])),
                    .floatLists(flat: Array(vectors[(start * dimension)..<(end * dimension)]), dimension: dimension),
                ])
            }
            try w.close()
            try DurableFile.commit(tmp, to: url)
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw TablesError(.io, path: url.path, "cannot write the encoded jobs cache: \(error)")
        }
    }

    /// The file of `key` opened for lookups part by part (`JobIndexer`): ids and text hashes are
    /// read up front, vectors one row group at a time when asked; nil when there is no usable file
    /// (it is a cache).
    public func reader(_ key: Key, dimension: Int) -> Reader? { try? Reader(url(key), key: key, dimension: dimension) }

    /// Lookups in one cache file with at most one row group's vectors in memory (65,536 rows:
    /// 100 MB at 384 dimensions), so indexing 1.35M jobs does not hold every cached vector.
    public final class Reader {
        let file: TableFileReader<Column>
        let dimension: Int
        /// job id → (text hash, row)
        let rows: [String: (Int64, Int)]
        /// First row of each row group, and the total last.
        let starts: [Int]
        private var held: (group: Int, vectors: [Float])?

        init?(_ url: URL, key: Key, dimension: Int) throws {
            guard FileManager.default.fileExists(atPath: url.path) else { return nil }
            file = try TableFileReader<Column>(url: url, what: "encoded jobs cache")
            guard file.metadata[VectorTable.Metadata.modelFingerprint] == key.modelFingerprint,
                  file.metadata[VectorTable.Metadata.dimension] == String(dimension) else { return nil }
            self.dimension = dimension
            var rows: [String: (Int64, Int)] = [:], starts = [0]
            rows.reserveCapacity(file.rowCount)
            for g in 0..<file.rowGroupCount {
                let b = try file.batch(g, [.jobID, .textHash])
                let ids = try b.strings(.jobID), hashes = try b.int64s(.textHash)
                for (i, id) in ids.enumerated() {
                    guard let id, let h = hashes[i] else { continue }
                    rows[id] = (h, starts[g] + i)
                }
                starts.append(starts[g] + ids.count)
            }
            self.rows = rows
            self.starts = starts
        }

        /// The cached vectors of `ids` whose text is unchanged, flat [n, dimension] with zeros
        /// where none is cached, and the positions that need encoding.
        public func lookup(ids: [String], texts: [String]) throws -> (vectors: [Float], missing: [Int]) {
            var vectors = [Float](repeating: 0, count: ids.count * dimension)
            var byGroup: [Int: [(position: Int, row: Int)]] = [:], missing: [Int] = []
            for i in ids.indices {
                guard let (hash, row) = rows[ids[i]], hash == EncodedJobsCache.textHash(texts[i]) else {
                    missing.append(i)
                    continue
                }
                byGroup[rowGroup(containing: row, starts: starts), default: []].append((i, row))
            }
            for g in byGroup.keys.sorted() {
                if held?.group != g { held = (g, try file.batch(g, [.embedding]).flatFloats(.embedding, dimension: dimension)) }
                let flat = held!.vectors
                for (i, row) in byGroup[g]! {
                    let r = row - starts[g]
                    vectors.replaceSubrange((i * dimension)..<((i + 1) * dimension), with: flat[(r * dimension)..<((r + 1) * dimension)])
                }
            }
            return (vectors, missing)
        }
    }

    /// Every row of the file: job id → (text hash, row), and the vectors [rows, dimension].
    func read(_ key: Key, dimension: Int) throws -> (rows: [String: (Int64, Int)], vectors: [Float]) {
        let url = url(key)
        guard FileManager.default.fileExists(atPath: url.path) else { return ([:], []) }
        let file = try TableFileReader<Column>(url: url, what: "encoded jobs cache")
        guard file.metadata[VectorTable.Metadata.modelFingerprint] == key.modelFingerprint,
              file.metadata[VectorTable.Metadata.dimension] == String(dimension) else { return ([:], []) }
        var rows: [String: (Int64, Int)] = [:], vectors: [Float] = []
        rows.reserveCapacity(file.rowCount)
        vectors.reserveCapacity(file.rowCount * dimension)
        for g in 0..<file.rowGroupCount {
            let b = try file.batch(g, Column.allCases.map { $0 })
            let ids = try b.strings(.jobID), hashes = try b.int64s(.textHash), flat = try b.flatFloats(.embedding, dimension: dimension)
            for (i, id) in ids.enumerated() {
                guard let id, let h = hashes[i] else { continue }
                rows[id] = (h, vectors.count / dimension + i)
            }
            vectors += flat
        }
        return (rows, vectors)
    }
}
