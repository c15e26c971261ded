import Foundation
import JobMatchCore
import Parquet

/// `tables/jobs_encoded.parquet`: each job's vector with one model, in jobs-table order — the
/// index stores its row numbers as ids, and mining and evaluation reuse its vectors when its
/// footer names the same weights (`embedding.model_fingerprint`).
///
/// | column | type |
/// | --- | --- |
/// | job_id | string, required |
/// | embedding | list<float>, required, the model's dimension |
public enum EncodedJobsTable {
    public static let idColumn = "job_id"
    public static let vectorColumn = "embedding"

    public static let schema = ParquetSchema([
        .column(idColumn, .string, nullable: false),
        .list(vectorColumn, of: .float, nullable: false, elementNullable: false),
    ])

    /// zstd, no dictionary (ids are unique and floats do not repeat), row groups as written.
    static func options(_ metadata: [String: String]) -> ParquetWriterOptions {
        var o = ParquetWriterOptions(rowGroupSize: Int.max, metadata: metadata)
        o.dictionary = false
        return o
    }

    /// Writes one part of an encoding run (no footer metadata) durably: a temporary file renamed
    /// into place, so a part that exists is complete.
    public static func writePart(_ url: URL, ids: [String], vectors: [Float], dimension: Int) throws {
        let tmp = url.appendingPathExtension("tmp")
        do {
            let w = try ParquetWriter(url: tmp, schema: schema, options: options([:]))
            try w.write([.strings(ids), .floatLists(flat: vectors, dimension: dimension)])
            try w.close()
            try DurableFile.commit(tmp, to: url)
        } catch {
            throw TablesError(.io, path: url.path, "cannot write encoded part: \(error)")
        }
    }

    /// Concatenates `parts` into `table` (one row group per part), durably, with the model's name,
    /// fingerprint and dimension in the footer.
    public static func merge(parts: [URL], into table: URL, model: String, fingerprint: String, dimension: Int) throws {
        let tmp = table.appendingPathExtension("tmp")
        do {
            let w = try ParquetWriter(url: tmp, schema: schema, options: options([
                VectorTable.Metadata.model: model, VectorTable.Metadata.modelFingerprint: fingerprint,
                VectorTable.Metadata.dimension: String(dimension),
            ]))
            for part in parts {
                let r = try ParquetReader(url: part)
                for g in r.rowGroups.indices {
                    try w.write(try r.readRowGroup(g).columns)
                    try w.flushRowGroup()
                }
            }
            try w.close()
            try DurableFile.commit(tmp, to: table)
        } catch {
            throw TablesError(.io, path: table.path, "cannot write the encoded jobs table: \(error)")
        }
    }

    /// The job ids, in row order (the index's ids are these rows); `idColumn` names another id
    /// column of the same layout (`cv_id` in `cvs_encoded.parquet`).
    public static func jobIDs(_ url: URL, idColumn: String = EncodedJobsTable.idColumn) throws -> [String] {
        do {
            let r = try ParquetReader(url: url)
            var out: [String] = []
            out.reserveCapacity(r.rowCount)
            for g in r.rowGroups.indices { out += try r.readColumn(idColumn, rowGroup: g).strings().map { $0 ?? "" } }
            return out
        } catch {
            throw TablesError(.io, path: url.path, "cannot read the encoded jobs table: \(error)")
        }
    }

    /// The unit vectors of `ids`, flat [n, dimension], when the table was made by the weights with
    /// this fingerprint and holds exactly these ids in this order; nil otherwise (or when absent).
    public static func vectors(_ url: URL, fingerprint: String, ids: [String], dimension: Int) -> [Float]? {
        guard FileManager.default.fileExists(atPath: url.path),
              let info = try? VectorTableInfo.read(url, idColumn: idColumn, vectorColumn: vectorColumn),
              info.fingerprint == fingerprint, info.dimension == dimension, info.rows == ids.count,
              let q = try? QueryVectors.read(url, idColumn: idColumn, vectorColumn: vectorColumn, dimension: dimension),
              q.ids == ids
        else { return nil }
        var v = q.vectors
        UnitVectors.normalizeRows(&v, dimension: dimension)
        return v
    }
}

/// Writes a vectors table `ID_COLUMN: string, embedding: list<float>` (zstd) with the model and
/// dimension in the footer, in row groups of 8,192 rows, so memory holds one row group, not the
/// table (with the writer's default of 131,072 rows, embedding 50,250 jobs peaked at 466 MiB).
/// What `jobmatch embed` writes; readable by pyarrow, DuckDB and Spark.
public final class VectorTableWriter {
    private let writer: ParquetWriter
    public let dimension: Int
    private var ids: [String] = []
    private var flat: [Float] = []
    public static let rowsPerGroup = 8_192

    public init(url: URL, idColumn: String = "id", model: String, dimension: Int) throws {
        self.dimension = dimension
        let schema = ParquetSchema([
            .column(idColumn, .string, nullable: false),
            .list("embedding", of: .float, nullable: false, elementNullable: false),
        ])
        writer = try ParquetWriter(url: url, schema: schema, options: ParquetWriterOptions(
            rowGroupSize: Self.rowsPerGroup,
            metadata: [VectorTable.Metadata.model: model, VectorTable.Metadata.dimension: String(dimension)]))
    }

    /// - Throws: `TablesError` when the vector's length is not the table's dimension.
    public func write(id: String, embedding: [Float]) throws {
        guard embedding.count == dimension else {
            throw TablesError(.schema, path: writer.url.path, "embedding of \(embedding.count) values for id \(id), expected \(dimension)")
        }
        ids.append(id)
        flat.append(contentsOf: embedding)
        if ids.count >= Self.rowsPerGroup { try flush() }
    }

    private func flush() throws {
        guard !ids.isEmpty else { return }
        try writer.write([.strings(ids), .floatLists(flat: flat, dimension: dimension)])
        ids.removeAll(keepingCapacity: true)
        flat.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes; the file is complete only after this returns.
    public func finish() throws {
        try flush()
        try writer.close()
    }
}
