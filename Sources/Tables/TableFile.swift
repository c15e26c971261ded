import Foundation
import Parquet

/// A column of one of the workspace tables: its name in the file is its raw value.
public protocol TableColumn: RawRepresentable, CaseIterable, Hashable, Sendable where RawValue == String {}

/// One workspace table opened for reading, with typed access to its columns (internal: each
/// table's public API is typed rows).
struct TableFileReader<Column: TableColumn> {
    let url: URL
    let reader: ParquetReader

    /// - Parameters:
    ///   - what: the table's name in messages ("jobs table").
    ///   - hint: what makes the table, added to a missing-file message.
    init(url: URL, what: String, hint: String = "") throws {
        self.url = url
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw TablesError(.io, path: url.path, "no \(what)\(hint.isEmpty ? "" : " (\(hint))")")
        }
        do { reader = try ParquetReader(url: url) } catch {
            throw TablesError(.io, path: url.path, "cannot read the \(what): \(error)\(hint.isEmpty ? "" : " (\(hint))")")
        }
    }

    var rowCount: Int { reader.rowCount }
    var rowGroupCount: Int { reader.rowGroups.count }
    var metadata: [String: String] { reader.metadata }

    func has(_ c: Column) -> Bool { reader.schema.index(of: c.rawValue) != nil }

    /// Throws naming the first of `columns` the file lacks.
    func require(_ columns: [Column]) throws {
        for c in columns where !has(c) {
            throw TablesError(.schema, path: url.path, "no column '\(c.rawValue)'")
        }
    }

    /// The asked columns of row group `g`; `first` is the table row of its first row.
    func batch(_ g: Int, _ columns: [Column]) throws -> TableBatch<Column> {
        do {
            return TableBatch(url: url, group: g, batch: try reader.readRowGroup(g, columns: columns.map(\.rawValue)))
        } catch {
            throw TablesError(.io, path: url.path, "row group \(g): \(error)")
        }
    }
}

/// One row group of a table, read column by column with typed accessors that name the column on
/// a type error.
struct TableBatch<Column: TableColumn> {
    let url: URL
    let group: Int
    let batch: RowBatch
    var count: Int { batch.rowCount }

    func has(_ c: Column) -> Bool { batch[c.rawValue] != nil }

    private func column(_ c: Column) throws -> ColumnData {
        guard let data = batch[c.rawValue] else { throw TablesError(.schema, path: url.path, "column '\(c.rawValue)' was not read") }
        return data
    }

    private func typed<T>(_ c: Column, _ what: String, _ read: (ColumnData) throws -> T) throws -> T {
        let data = try column(c)
        do { return try read(data) } catch {
            throw TablesError(.schema, path: url.path, "column '\(c.rawValue)' is not \(what)")
        }
    }

    func strings(_ c: Column) throws -> [String?] { try typed(c, "strings") { try $0.strings() } }
    func doubles(_ c: Column) throws -> [Double?] { try typed(c, "doubles") { try $0.doubles() } }
    func int64s(_ c: Column) throws -> [Int64?] { try typed(c, "int64s") { try $0.int64s() } }
    func booleans(_ c: Column) throws -> [Bool?] { try typed(c, "booleans") { try $0.booleans() } }

    /// A `list<float>` column of vectors that all have `dimension` values and no nulls, flat [n, dimension].
    func flatFloats(_ c: Column, dimension: Int) throws -> [Float] {
        let data = try column(c)
        guard data.isList, case .float(let flat) = data.values, let offsets = data.offsets,
              data.validity?.contains(false) != true, data.listValidity?.contains(false) != true else {
            throw TablesError(.schema, path: url.path, "column '\(c.rawValue)' is not a list<float> without nulls")
        }
        for r in 0..<count where offsets[r + 1] - offsets[r] != dimension {
            throw TablesError(.schema, path: url.path, "row \(r) of row group \(group) has \(offsets[r + 1] - offsets[r]) values, expected \(dimension)")
        }
        return flat
    }

    /// A list-of-strings column; a null list reads as empty and null elements are dropped.
    func stringLists(_ c: Column) throws -> [[String]] {
        try typed(c, "a list of strings") { try $0.stringLists() }.map { ($0 ?? []).compactMap { $0 } }
    }
}

/// The row group that holds table row `row`, given the first row of each group and the total last
/// (`starts`, as `JobsTable.TextLookup` and `EncodedJobsCache.Reader` keep them): a binary search.
func rowGroup(containing row: Int, starts: [Int]) -> Int {
    var lo = 0, hi = starts.count - 2  // the group g with starts[g] <= row < starts[g + 1]
    while lo < hi {
        let mid = (lo + hi + 1) / 2
        if starts[mid] <= row { lo = mid } else { hi = mid - 1 }
    }
    return lo
}
