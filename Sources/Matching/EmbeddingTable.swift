import Foundation
import Parquet

/// Reads a Parquet table of vectors (`list<float>` column) with their ids, a row group at a time.
///
/// Ids: an integer id column is used as is; a string id column (job ids such as `li-123`) is kept
/// as strings and the index stores row numbers instead.
struct EmbeddingTable {
    let reader: ParquetReader
    let url: URL
    let idColumn: String
    let vectorColumn: String
    /// Vector length, from the first row group (every row must agree).
    private(set) var dimension = 0

    init(url: URL, idColumn: String, vectorColumn: String = "embedding") throws {
        do {
            reader = try ParquetReader(url: url)
        } catch {
            throw MatchingError(.io, path: url.path, "cannot read embeddings table: \(error)")
        }
        self.url = url
        self.idColumn = idColumn
        self.vectorColumn = vectorColumn
        let names = Set(reader.schema.fields.map(\.name))
        for c in [idColumn, vectorColumn] where !names.contains(c) {
            throw MatchingError(.inconsistent, path: url.path, "no column '\(c)' (columns: \(reader.schema.fields.map(\.name).joined(separator: ", ")))")
        }
        if let m = reader.metadata["embedding.dimension"], let d = Int(m) { dimension = d }
    }

    var rowCount: Int { reader.rowCount }

    /// One row group: its ids (strings or integers) and vectors, flat [n, d].
    struct Batch {
        var stringIDs: [String]?
        var intIDs: [Int64]?
        var vectors: [Float]
        var count: Int
    }

    mutating func read(rowGroup g: Int) throws -> Batch {
        let batch: RowBatch
        do {
            batch = try reader.readRowGroup(g, columns: [idColumn, vectorColumn])
        } catch {
            throw MatchingError(.io, path: url.path, "row group \(g): \(error)")
        }
        guard let vc = batch[vectorColumn], vc.isList, case .float(let flat) = vc.values, let offsets = vc.offsets else {
            throw MatchingError(.inconsistent, path: url.path, "column '\(vectorColumn)' is not a list<float>")
        }
        let n = batch.rowCount
        if vc.validity?.contains(false) == true || vc.listValidity?.contains(false) == true {
            throw MatchingError(.inconsistent, path: url.path, "column '\(vectorColumn)' has null vectors or values in row group \(g)")
        }
        if dimension == 0, n > 0 { dimension = offsets[1] - offsets[0] }
        for r in 0..<n where offsets[r + 1] - offsets[r] != dimension {
            throw MatchingError(.inconsistent, path: url.path, "row \(r) of row group \(g) has \(offsets[r + 1] - offsets[r]) values, expected \(dimension)")
        }
        var out = Batch(stringIDs: nil, intIDs: nil, vectors: flat, count: n)
        let ic = batch[idColumn]!
        if let ints = try? ic.int64s() {
            out.intIDs = try ints.enumerated().map { i, v in
                guard let v else { throw MatchingError(.inconsistent, path: url.path, "null id in row \(i) of row group \(g)") }
                return v
            }
        } else if let ints = try? ic.int32s() {
            out.intIDs = ints.map { Int64($0 ?? -1) }
        } else if let s = try? ic.strings() {
            out.stringIDs = try s.enumerated().map { i, v in
                guard let v else { throw MatchingError(.inconsistent, path: url.path, "null id in row \(i) of row group \(g)") }
                return v
            }
        } else {
            throw MatchingError(.inconsistent, path: url.path, "id column '\(idColumn)' is neither integers nor strings")
        }
        return out
    }
}

/// Matryoshka: keeps the first `d` values of each vector [n, D] and renormalises to unit length.
func truncateAndNormalize(_ flat: [Float], from big: Int, to d: Int, normalize: Bool) -> [Float] {
    if d == big && !normalize { return flat }
    let n = big == 0 ? 0 : flat.count / big
    var out = [Float](repeating: 0, count: n * d)
    for i in 0..<n {
        var norm: Float = 0
        for j in 0..<d {
            let v = flat[i * big + j]
            out[i * d + j] = v
            norm += v * v
        }
        if normalize, norm > 0 {
            let inv = 1 / norm.squareRoot()
            for j in 0..<d { out[i * d + j] *= inv }
        }
    }
    return out
}

/// What a vectors table says about itself, for building an index from it.
public struct EmbeddingTableInfo: Sendable {
    public var dimension: Int
    public var rows: Int
    /// `embedding.model` / `embedding.model_fingerprint` from the footer, when present.
    public var model: String?
    public var fingerprint: String?

    public static func read(_ url: URL, idColumn: String, vectorColumn: String) throws -> EmbeddingTableInfo {
        var t = try EmbeddingTable(url: url, idColumn: idColumn, vectorColumn: vectorColumn)
        if t.dimension == 0, !t.reader.rowGroups.isEmpty { _ = try t.read(rowGroup: 0) }
        guard t.dimension > 0 else { throw MatchingError(.inconsistent, path: url.path, "no vectors in the table") }
        return EmbeddingTableInfo(dimension: t.dimension, rows: t.rowCount, model: t.reader.metadata["embedding.model"],
                                  fingerprint: t.reader.metadata["embedding.model_fingerprint"])
    }

    /// Rows of any Parquet table (for progress totals).
    public static func rowCount(_ url: URL) throws -> Int {
        do { return try ParquetReader(url: url).rowCount } catch {
            throw MatchingError(.io, path: url.path, "cannot read: \(error)")
        }
    }
}

/// Query vectors read from a Parquet table, truncated to an index's dimension.
public struct QueryVectors: Sendable {
    public var ids: [String]
    /// [n, dimension]
    public var vectors: [Float]

    public static func read(_ url: URL, idColumn: String, vectorColumn: String, dimension: Int) throws -> QueryVectors {
        var t = try EmbeddingTable(url: url, idColumn: idColumn, vectorColumn: vectorColumn)
        var out = QueryVectors(ids: [], vectors: [])
        for g in t.reader.rowGroups.indices {
            let b = try t.read(rowGroup: g)
            guard t.dimension >= dimension else {
                throw MatchingError(.invalidArgument, path: url.path, "queries have \(t.dimension) values, the index \(dimension)")
            }
            out.ids += b.stringIDs ?? b.intIDs!.map(String.init)
            out.vectors += truncateAndNormalize(b.vectors, from: t.dimension, to: dimension, normalize: t.dimension != dimension)
        }
        return out
    }
}
