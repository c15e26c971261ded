import Foundation
import JobMatchCore
import Parquet

extension EncodedJobsTable {
    /// Copies the encoded table `source` to `destination` a row group at a time (one in memory),
    /// the vector of each id that `replacements` holds taken from it instead, then appends
    /// `appended` in order, in row groups of `VectorTableWriter.rowsPerGroup`; the footer metadata
    /// (model, fingerprint, dimension) is kept. `destination` is written in place (a staged name:
    /// the caller switches it in).
    /// - Returns: the rows written.
    /// - Throws: `TablesError` naming the file: unreadable, or a vector of another dimension.
    @discardableResult
    public static func rewrite(_ source: URL, into destination: URL, replacing replacements: [String: [Float]],
                               appending appended: [(id: String, vector: [Float])]) throws -> Int {
        var table = try VectorTable(url: source, idColumn: idColumn, vectorColumn: vectorColumn)
        let w: ParquetWriter
        do { w = try ParquetWriter(url: destination, schema: schema, options: options(table.metadata)) } catch {
            throw TablesError(.io, path: destination.path, "cannot write: \(error)")
        }
        var rows = 0
        var ids: [String] = [], flat: [Float] = []
        var dimension = 0
        func flush() throws {
            guard !ids.isEmpty else { return }
            do {
                try w.write([.strings(ids), .floatLists(flat: flat, dimension: dimension)])
                try w.flushRowGroup()
            } catch { throw TablesError(.io, path: destination.path, "cannot write: \(error)") }
            rows += ids.count
            ids.removeAll(keepingCapacity: true)
            flat.removeAll(keepingCapacity: true)
        }
        func add(_ id: String, _ v: some Collection<Float>) throws {
            guard v.count == dimension else {
                throw TablesError(.schema, path: source.path, "a vector of \(v.count) values for \(id); the table's are \(dimension)")
            }
            ids.append(id)
            flat.append(contentsOf: v)
        }
        for g in 0..<table.rowGroupCount {
            let b = try table.read(rowGroup: g)
            if dimension == 0 { dimension = table.dimension }
            for (i, id) in b.ids.enumerated() {
                try add(id, replacements[id] ?? Array(b.vectors[(i * dimension)..<((i + 1) * dimension)]))
            }
            try flush()
        }
        if dimension == 0 { dimension = Int(table.metadata[VectorTable.Metadata.dimension] ?? "") ?? appended.first?.vector.count ?? 0 }
        for a in appended {
            try add(a.id, a.vector)
            if ids.count >= VectorTableWriter.rowsPerGroup { try flush() }
        }
        try flush()
        do { try w.close() } catch { throw TablesError(.io, path: destination.path, "cannot write: \(error)") }
        return rows
    }
}

extension JobsTable {
    /// Copies the jobs table `source` to `destination` a row group at a time, each row whose job
    /// id `replacements` holds taken from it instead (same place), then appends `appended` in
    /// order; the footer metadata is kept. `destination` is written in place (a staged name).
    /// - Returns: the rows written.
    @discardableResult
    public static func rewrite(_ source: URL, into destination: URL, replacing replacements: [String: JobRow], appending appended: [JobRow]) throws -> Int {
        let metadata: [String: String]
        do { metadata = try ParquetReader(url: source).metadata } catch { throw TablesError(.io, path: source.path, "cannot read: \(error)") }
        let w = try Writer(url: destination, metadata: metadata)
        try forEachRowGroup(source, columns: Column.allCases) { rows in
            for r in rows { try w.append(replacements[r.jobID] ?? r) }
        }
        for r in appended { try w.append(r) }
        try w.close()
        return w.rows
    }
}
