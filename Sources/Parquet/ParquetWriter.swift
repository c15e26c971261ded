import Foundation
import JobMatchCore

/// The data page header a writer uses.
public enum ParquetDataPageVersion: Sendable, Equatable {
    case v1, v2
}

/// Settings of a `ParquetWriter`.
public struct ParquetWriterOptions: Sendable {
    /// Page compression; zstd level 1 by default, as pyarrow.
    public var compression: ParquetCompression = .zstd()
    /// Rows per row group; the writer buffers one row group in memory.
    public var rowGroupSize: Int = 128 * 1024
    /// Target size of a data page before compression, in bytes.
    public var dataPageSize: Int = 1 << 20
    /// Dictionary-encode columns (RLE_DICTIONARY; all types but boolean, as pyarrow), falling
    /// back to PLAIN for a column chunk whose dictionary would pass `dictionaryPageSizeLimit` bytes.
    public var dictionary: Bool = true
    public var dictionaryPageSizeLimit: Int = 1 << 20
    /// Data page format: v1 (default, what pyarrow writes by default) or v2 (levels kept
    /// uncompressed in front of the values; pages always hold whole rows).
    public var dataPageVersion: ParquetDataPageVersion = .v1
    /// Key-value metadata stored in the footer (e.g. the embedding model and dimension).
    public var metadata: [String: String] = [:]

    public init(compression: ParquetCompression = .zstd(), rowGroupSize: Int = 128 * 1024,
                metadata: [String: String] = [:]) {
        self.compression = compression
        self.rowGroupSize = rowGroupSize
        self.metadata = metadata
    }
}

/// Writes a Parquet file as a stream of row groups.
///
/// Column batches are buffered until a row group is full, then encoded and written to
/// `FILE.partial`; `close()` writes the last row group and the footer and moves the file into
/// place with ``DurableFile/commit(_:to:)`` (fsync, rename, fsync of the folder), so a reader
/// never sees a half-written file, even after a power loss. A writer dropped without `close()`
/// removes its partial file.
///
/// ```swift
/// let writer = try ParquetWriter(url: url, schema: ParquetSchema([
///     .column("title", .string), .list("embedding", of: .float, elementNullable: false),
/// ]), options: ParquetWriterOptions(metadata: ["model": "all-MiniLM-L6-v2"]))
/// try writer.write([.strings(titles), .floatLists(flat: vectors, dimension: 384)])
/// try writer.close()
/// ```
public final class ParquetWriter {
    public let schema: ParquetSchema
    public let options: ParquetWriterOptions
    public let url: URL
    private let handle: FileHandle
    private let partialPath: String
    private var offset = 0
    private var buffered: [ColumnData]?
    private var bufferedRows = 0
    private var rowGroups: [RowGroupMetadata] = []
    private var totalRows: Int64 = 0
    private var extraMetadata: [String: String] = [:]
    private var closed = false
    private var pendingRows: [[ParquetValue]] = []
    /// Rows appended one at a time are converted to a column batch this many at a time.
    private let rowBatchSize = 4096
    private let codec = PageCodec()

    /// Creates (or truncates) the file at `url` and writes the leading magic.
    ///
    /// - Throws: `ParquetError.io` when the file cannot be created; `invalidArgument` for an
    ///   empty schema, duplicate names or a non-positive row group size.
    public init(url: URL, schema: ParquetSchema, options: ParquetWriterOptions = ParquetWriterOptions()) throws {
        let path = url.path
        guard !schema.fields.isEmpty else { throw ParquetError(.invalidArgument, "schema has no columns", file: path) }
        guard Set(schema.fields.map(\.name)).count == schema.fields.count else {
            throw ParquetError(.invalidArgument, "schema has duplicate column names", file: path)
        }
        guard options.rowGroupSize > 0, options.dataPageSize > 0 else {
            throw ParquetError(.invalidArgument, "row group and page sizes must be positive", file: path)
        }
        let partial = path + ".partial"
        guard FileManager.default.createFile(atPath: partial, contents: nil),
              let h = FileHandle(forWritingAtPath: partial) else {
            throw ParquetError(.io, "cannot create the file", file: path)
        }
        partialPath = partial
        self.url = url
        self.schema = schema
        self.options = options
        self.handle = h
        try emit(Array("PAR1".utf8))
    }

    deinit {
        if !closed {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: partialPath)
        }
    }

    /// Adds a key-value pair to the footer (overrides `options.metadata` for the same key).
    public func setMetadata(_ key: String, _ value: String) {
        extraMetadata[key] = value
    }

    /// Appends a batch: one `ColumnData` per schema field, in schema order, all with the same
    /// number of rows.
    ///
    /// - Throws: `typeMismatch` when a column's data does not fit its field, `invalidArgument`
    ///   for differing row counts or nulls in a non-nullable column, `io` on a write failure.
    public func write(_ batch: [ColumnData]) throws {
        if !pendingRows.isEmpty { try flushPendingRows() }
        try naming(url.path) {
            guard !closed else { throw ParquetError(.invalidArgument, "the writer is closed") }
            guard batch.count == schema.fields.count else {
                throw ParquetError(.invalidArgument, "batch has \(batch.count) columns, schema has \(schema.fields.count)")
            }
            let rows = batch[0].rowCount
            for (column, field) in zip(batch, schema.fields) {
                try column.validate(as: field)
                guard column.rowCount == rows else {
                    throw ParquetError(.invalidArgument, "column \(field.name) has \(column.rowCount) rows, \(schema.fields[0].name) has \(rows)")
                }
            }
            var start = 0
            while start < rows {
                let take = min(rows - start, options.rowGroupSize - bufferedRows)
                let part = take == rows ? batch : batch.map { $0.slice(rows: start..<start + take) }
                if var current = buffered {
                    buffered = nil  // keep `current` uniquely referenced while appending
                    for i in current.indices { try current[i].append(part[i]) }
                    buffered = current
                } else {
                    buffered = part
                }
                bufferedRows += take
                start += take
                if bufferedRows >= options.rowGroupSize { try flushRowGroup() }
            }
        }
    }

    /// Appends one row: one value per schema field, in order (`.null`, `.string`, `.int`,
    /// `.double`, `.bool`, `.date`, `.timestamp`, `.list([...])`).
    ///
    /// Rows are gathered and written as column batches; prefer `write(_:)` for bulk data.
    /// - Throws: `invalidArgument` for a wrong value count, `typeMismatch` when a value does not
    ///   fit its field (reported when the gathered rows are converted).
    public func append(row: [ParquetValue]) throws {
        guard row.count == schema.fields.count else {
            throw ParquetError(.invalidArgument, "row has \(row.count) values, schema has \(schema.fields.count) columns", file: url.path)
        }
        pendingRows.append(row)
        if pendingRows.count >= rowBatchSize { try flushPendingRows() }
    }

    private func flushPendingRows() throws {
        guard !pendingRows.isEmpty else { return }
        let rows = pendingRows
        pendingRows = []
        let columns = try naming(url.path) {
            try schema.fields.enumerated().map { c, field in try ColumnData.from(rows.map { $0[c] }, as: field) }
        }
        try write(columns)
    }

    /// Appends a batch given by column name; every schema field must be present.
    public func write(_ batch: [String: ColumnData]) throws {
        let ordered = try schema.fields.map { field in
            guard let column = batch[field.name] else {
                throw ParquetError(.invalidArgument, "batch lacks column \(field.name)", file: url.path)
            }
            return column
        }
        try write(ordered)
    }

    /// Writes the buffered rows as a row group now (no-op when nothing is buffered).
    public func flushRowGroup() throws {
        try flushPendingRows()
        guard let columns = buffered, bufferedRows > 0 else { return }
        buffered = nil
        let rows = bufferedRows
        bufferedRows = 0
        try naming(url.path) {
            let start = offset
            var group = RowGroupMetadata(numRows: Int64(rows), fileOffset: Int64(start))
            var uncompressed = 0
            for (column, field) in zip(columns, schema.fields) {
                let writer = ColumnChunkWriter(field: field, options: options, codec: codec)
                let output = try writer.write(column, at: offset)
                try emit(output.bytes)
                group.columns.append(output.metadata)
                uncompressed += output.uncompressedSize
            }
            group.totalByteSize = Int64(uncompressed)
            group.totalCompressedSize = Int64(offset - start)
            rowGroups.append(group)
            totalRows += Int64(rows)
        }
    }

    /// Writes the last row group and the footer, and closes the file.
    public func close() throws {
        guard !closed else { return }
        do {
            try flushPendingRows()
            try flushRowGroup()
            closed = true
            try finish()
        } catch {
            // A failed close is final: the partial file goes, the target is untouched.
            closed = true
            try? handle.close()
            try? FileManager.default.removeItem(atPath: partialPath)
            throw error
        }
    }

    private func finish() throws {
        try naming(url.path) {
            var meta = FileMetadata(version: 2, schema: schema.schemaElements(), numRows: totalRows,
                                    rowGroups: rowGroups, createdBy: "jobmatch-parquet version 0.1.0")
            let merged = options.metadata.merging(extraMetadata) { $1 }
            meta.keyValues = merged.keys.sorted().map { ($0, merged[$0]) }
            let footer = meta.encoded()
            try emit(footer)
            try emit(withUnsafeBytes(of: UInt32(footer.count).littleEndian) { Array($0) } + Array("PAR1".utf8))
            do {
                try handle.close()
            } catch {
                throw ParquetError(.io, "cannot close the file: \(error.localizedDescription)")
            }
            do {
                try DurableFile.commit(URL(fileURLWithPath: partialPath), to: url)
            } catch {
                throw ParquetError(.io, "cannot commit the file: \(error)")
            }
        }
    }

    private func emit(_ bytes: [UInt8]) throws {
        do {
            try handle.write(contentsOf: bytes)
        } catch {
            throw ParquetError(.io, "write failed at byte \(offset): \(error.localizedDescription)", file: url.path)
        }
        offset += bytes.count
    }
}
