import Foundation
import JobMatchCore
import Parquet

/// A Parquet table of vectors with their ids: the encoded jobs (`job_id`, `embedding`), what
/// `jobmatch embed` writes (`id`, `embedding`), or a user's own file with other column names.
/// Reads a row group at a time.
///
/// Ids: an integer id column is kept as integers; a string id column (job ids such as `li-123`)
/// as strings, and an index built from it stores row numbers instead.
public struct VectorTable {
    /// Footer keys every vectors table we write carries.
    public enum Metadata {
        public static let model = "embedding.model"
        public static let modelFingerprint = "embedding.model_fingerprint"
        public static let dimension = "embedding.dimension"
    }

    public let url: URL
    public let idColumn: String
    public let vectorColumn: String
    let reader: ParquetReader
    /// Vector length, from the footer or the first row group read (every row must agree).
    public private(set) var dimension = 0

    /// - Throws: `TablesError` naming the file when it is unreadable or lacks a column.
    public init(url: URL, idColumn: String, vectorColumn: String = "embedding") throws {
        do { reader = try ParquetReader(url: url) } catch {
            throw TablesError(.io, path: url.path, "cannot read embeddings table: \(error)")
        }
        self.url = url
        self.idColumn = idColumn
        self.vectorColumn = vectorColumn
        let names = Set(reader.schema.fields.map(\.name))
        for c in [idColumn, vectorColumn] where !names.contains(c) {
            throw TablesError(.schema, path: url.path, "no column '\(c)' (columns: \(reader.schema.fields.map(\.name).joined(separator: ", ")))")
        }
        if let m = reader.metadata[Metadata.dimension], let d = Int(m) { dimension = d }
    }

    public var rowCount: Int { reader.rowCount }
    public var rowGroupCount: Int { reader.rowGroups.count }
    public var metadata: [String: String] { reader.metadata }

    /// One row group: its ids (strings or integers) and vectors, flat [n, d].
    public struct Batch: Sendable {
        public var stringIDs: [String]?
        public var intIDs: [Int64]?
        public var vectors: [Float]
        public var count: Int
        /// The ids as strings (integers printed).
        public var ids: [String] { stringIDs ?? (intIDs ?? []).map(String.init) }
    }

    /// - Throws: `TablesError` naming the row group and row for a null or wrongly sized vector or a null id.
    public mutating func read(rowGroup g: Int) throws -> Batch {
        let batch: RowBatch
        do { batch = try reader.readRowGroup(g, columns: [idColumn, vectorColumn]) } catch {
            throw TablesError(.io, path: url.path, "row group \(g): \(error)")
        }
        guard let vc = batch[vectorColumn], vc.isList, case .float(let flat) = vc.values, let offsets = vc.offsets else {
            throw TablesError(.schema, path: url.path, "column '\(vectorColumn)' is not a list<float>")
        }
        let n = batch.rowCount
        if vc.validity?.contains(false) == true || vc.listValidity?.contains(false) == true {
            throw TablesError(.schema, path: url.path, "column '\(vectorColumn)' has null vectors or values in row group \(g)")
        }
        if dimension == 0, n > 0 { dimension = offsets[1] - offsets[0] }
        for r in 0..<n where offsets[r + 1] - offsets[r] != dimension {
            throw TablesError(.schema, path: url.path, "row \(r) of row group \(g) has \(offsets[r + 1] - offsets[r]) values, expected \(dimension)")
        }
        var out = Batch(stringIDs: nil, intIDs: nil, vectors: flat, count: n)
        let ic = batch[idColumn]!
        if let ints = try? ic.int64s() {
            out.intIDs = try ints.enumerated().map { i, v in
                guard let v else { throw TablesError(.schema, path: url.path, "null id in row \(i) of row group \(g)") }
                return v
            }
        } else if let ints = try? ic.int32s() {
            out.intIDs = ints.map { Int64($0 ?? -1) }
        } else if let s = try? ic.strings() {
            out.stringIDs = try s.enumerated().map { i, v in
                guard let v else { throw TablesError(.schema, path: url.path, "null id in row \(i) of row group \(g)") }
                return v
            }
        } else {
            throw TablesError(.schema, path: url.path, "id column '\(idColumn)' is neither integers nor strings")
        }
        return out
    }
}

/// What a vectors table says about itself, for building an index from it.
public struct VectorTableInfo: Sendable {
    public var dimension: Int
    public var rows: Int
    /// `embedding.model` / `embedding.model_fingerprint` from the footer, when present.
    public var model: String?
    public var fingerprint: String?

    public static func read(_ url: URL, idColumn: String, vectorColumn: String = "embedding") throws -> VectorTableInfo {
        var t = try VectorTable(url: url, idColumn: idColumn, vectorColumn: vectorColumn)
        if t.dimension == 0, t.rowGroupCount > 0 { _ = try t.read(rowGroup: 0) }
        guard t.dimension > 0 else { throw TablesError(.schema, path: url.path, "no vectors in the table") }
        return VectorTableInfo(dimension: t.dimension, rows: t.rowCount, model: t.metadata[VectorTable.Metadata.model],
                               fingerprint: t.metadata[VectorTable.Metadata.modelFingerprint])
    }
}

/// Query vectors read from a vectors table, truncated to an index's dimension.
public struct QueryVectors: Sendable {
    public var ids: [String]
    /// [n, dimension]
    public var vectors: [Float]

    public static func read(_ url: URL, idColumn: String, vectorColumn: String = "embedding", dimension: Int) throws -> QueryVectors {
        var t = try VectorTable(url: url, idColumn: idColumn, vectorColumn: vectorColumn)
        var out = QueryVectors(ids: [], vectors: [])
        for g in 0..<t.rowGroupCount {
            let b = try t.read(rowGroup: g)
            guard t.dimension >= dimension else {
                throw TablesError(.schema, path: url.path, "queries have \(t.dimension) values, the index \(dimension)")
            }
            out.ids += b.ids
            out.vectors += UnitVectors.truncate(b.vectors, from: t.dimension, to: dimension, normalize: t.dimension != dimension)
        }
        return out
    }
}
