import Foundation
import JobMatchCore

/// What the footer says about one column chunk.
public struct ColumnChunkInfo: Sendable {
    /// The dotted path of the leaf (`skills.list.element`).
    public var path: String
    public var physicalType: String
    public var codec: String
    public var encodings: [String]
    public var valueCount: Int64
    public var compressedSize: Int64
    public var uncompressedSize: Int64
    public var statistics: ColumnStatistics?
}

/// What the footer says about one row group.
public struct RowGroupInfo: Sendable {
    public var rowCount: Int
    public var compressedSize: Int64
    public var uncompressedSize: Int64
    public var columns: [ColumnChunkInfo]
}

/// The rows of one row group, for the projected columns.
public struct RowBatch: Sendable {
    public var fields: [ParquetField]
    public var columns: [ColumnData]
    public var rowCount: Int

    /// The column named `name`, or nil when it was not read.
    public subscript(name: String) -> ColumnData? {
        fields.firstIndex { $0.name == name }.map { columns[$0] }
    }

    /// The batch as rows of `ParquetValue`s, in field order.
    public func rows() -> [[ParquetValue]] {
        let cells = zip(columns, fields).map { $0.rowValues(as: $1.type) }
        return (0..<rowCount).map { r in cells.map { $0[r] } }
    }
}

/// Reads a Parquet file one row group at a time.
///
/// Opening reads only the footer; `readRowGroup` reads the chunks of the projected columns of
/// one row group, so memory stays bounded by one row group's columns however large the file.
///
/// ```swift
/// let reader = try ParquetReader(url: url)
/// for group in reader.rowGroupIndices(where: "year", mayContain: { $0.max.map { $0 >= .int(2024) } ?? true }) {
///     let batch = try reader.readRowGroup(group, columns: ["title", "skills"])
///     let titles = try batch["title"]!.strings()
/// }
/// ```
public final class ParquetReader {
    public let url: URL
    /// The supported columns, in file order.
    public let schema: ParquetSchema
    /// Key-value metadata of the footer.
    public let metadata: [String: String]
    public let rowCount: Int
    public let rowGroups: [RowGroupInfo]
    public let createdBy: String?
    public let fileSize: Int
    /// Top-level columns this reader cannot decode, with the reason; reading them throws.
    public let unsupportedColumns: [String: String]

    private let file: FileHandle
    private let footer: FileMetadata
    private let mapping: SchemaMapping
    private let codec = PageCodec()

    /// Opens `url` and decodes its footer.
    ///
    /// - Throws: `ParquetError` naming the file: `io` if it cannot be read, `notParquet` for a
    ///   wrong magic, `truncated` or `corruptMetadata` for a damaged footer.
    /// A file-set switch interrupted in the file's folder is finished first
    /// (``DurableFileSet/settle(folder:)``), so tables replaced together are read together.
    public init(url: URL) throws {
        let path = url.path
        self.url = url
        do {
            try DurableFileSet.settle(containing: url)
        } catch {
            throw ParquetError(.io, "cannot finish the interrupted table switch in its folder: \(error)", file: path)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ParquetError(.io, "cannot open the file", file: path)
        }
        file = handle
        let size: Int
        do { size = Int(try handle.seekToEnd()) } catch { throw ParquetError(.io, "cannot read the file size", file: path) }
        fileSize = size
        let head = try ParquetReader.read(handle, path, at: 0, count: min(4, size))
        guard head[...] == Array("PAR1".utf8)[..<head.count] else {
            throw ParquetError(.notParquet, "does not start with the PAR1 magic", file: path)
        }
        guard size >= 12 else { throw ParquetError(.truncated, "file of \(size) bytes is too short for Parquet", file: path) }
        let tail = try ParquetReader.read(handle, path, at: size - 8, count: 8)
        guard Array(tail[4...]) == Array("PAR1".utf8) else {
            throw ParquetError(.notParquet, "does not end with the PAR1 magic (truncated or not Parquet)", file: path)
        }
        let footerLength = Int(UInt32(tail[0]) | UInt32(tail[1]) << 8 | UInt32(tail[2]) << 16 | UInt32(tail[3]) << 24)
        guard footerLength <= size - 12 else {
            throw ParquetError(.truncated, "footer of \(footerLength) bytes does not fit in a file of \(size) bytes", file: path)
        }
        let footerBytes = try ParquetReader.read(handle, path, at: size - 8 - footerLength, count: footerLength)
        let footer = try naming(path) { try FileMetadata(decoding: footerBytes) }
        let mapping = try naming(path) { try SchemaMapping(footer.schema) }
        self.footer = footer
        self.mapping = mapping
        schema = ParquetSchema(mapping.fields)
        unsupportedColumns = Dictionary(mapping.unsupported, uniquingKeysWith: { a, _ in a })
        var kv: [String: String] = [:]
        for (k, v) in footer.keyValues { kv[k] = v ?? "" }
        metadata = kv
        createdBy = footer.createdBy
        guard footer.numRows <= Int64(Int32.max) * 1024 else { throw ParquetError(.corruptMetadata, "implausible row count", file: path) }
        rowCount = Int(footer.numRows)
        let dataEnd = size - 8 - footerLength
        var groups: [RowGroupInfo] = []
        var rowsSeen: Int64 = 0
        for (g, group) in footer.rowGroups.enumerated() {
            guard group.columns.count == mapping.leaves.count else {
                throw ParquetError(.corruptMetadata, "row group \(g) has \(group.columns.count) column chunks, schema has \(mapping.leaves.count) leaves", file: path)
            }
            guard group.numRows >= 0 else { throw ParquetError(.corruptMetadata, "row group \(g) has a negative row count", file: path) }
            let (sum, overflow) = rowsSeen.addingReportingOverflow(group.numRows)
            guard !overflow else { throw ParquetError(.corruptMetadata, "row counts overflow", file: path) }
            rowsSeen = sum
            var infos: [ColumnChunkInfo] = []
            for (c, chunk) in group.columns.enumerated() {
                guard let meta = chunk.meta else {
                    throw ParquetError(.corruptMetadata, "row group \(g) column \(c) has no metadata (encrypted?)", file: path)
                }
                let range = ParquetReader.chunkRange(meta)
                guard range.lowerBound >= 4, range.upperBound <= Int64(dataEnd), meta.numValues >= 0 else {
                    throw ParquetError(.corruptMetadata, "row group \(g) column \(mapping.leaves[c].path.joined(separator: ".")) points outside the data (bytes \(range.lowerBound)..<\(range.upperBound) of \(dataEnd))", file: path)
                }
                let leaf = mapping.leaves[c]
                let field = leaf.fieldIndex.map { mapping.fields[$0] }
                infos.append(ColumnChunkInfo(
                    path: leaf.path.joined(separator: "."),
                    physicalType: SchemaMapping.typeName(SchemaElement(type: meta.type)),
                    codec: ParquetCompression.named(code: meta.codec),
                    encodings: meta.encodings.map(ParquetReader.encodingName),
                    valueCount: meta.numValues, compressedSize: meta.totalCompressedSize,
                    uncompressedSize: meta.totalUncompressedSize,
                    statistics: field.flatMap { f in meta.statistics.map { ParquetReader.statistics($0, f.type) } }))
            }
            groups.append(RowGroupInfo(rowCount: Int(group.numRows), compressedSize: infos.reduce(0) { $0 &+ $1.compressedSize },
                                       uncompressedSize: group.totalByteSize, columns: infos))
        }
        guard rowsSeen == footer.numRows else {
            throw ParquetError(.corruptMetadata, "row groups hold \(rowsSeen) rows, footer says \(footer.numRows)", file: path)
        }
        rowGroups = groups
    }

    deinit { try? file.close() }

    var fileHandle: FileHandle { file }
    var pageCodec: PageCodec { codec }

    func leafIndex(ofField index: Int) -> Int? {
        mapping.leaves.firstIndex { $0.fieldIndex == index }
    }

    func leaf(_ index: Int) -> LeafColumn { mapping.leaves[index] }

    func chunkMetadata(rowGroup: Int, leaf: Int) -> ColumnMetadata? {
        footer.rowGroups[rowGroup].columns[leaf].meta
    }

    static func chunkRange(_ meta: ColumnMetadata) -> Range<Int64> {
        var start = meta.dataPageOffset
        if let d = meta.dictionaryPageOffset, d > 0, d < start { start = d }
        let length = max(0, meta.totalCompressedSize)
        let (end, overflow) = start.addingReportingOverflow(length)
        return overflow ? start..<Int64.max : start..<end
    }

    static func encodingName(_ code: Int32) -> String {
        ["PLAIN", "GROUP_VAR_INT", "PLAIN_DICTIONARY", "RLE", "BIT_PACKED", "DELTA_BINARY_PACKED",
         "DELTA_LENGTH_BYTE_ARRAY", "DELTA_BYTE_ARRAY", "RLE_DICTIONARY", "BYTE_STREAM_SPLIT"][safe: Int(code)] ?? "encoding \(code)"
    }

    /// Reads exactly `count` bytes at `offset` (pread, straight into the array).
    static func read(_ handle: FileHandle, _ path: String, at offset: Int, count: Int) throws -> [UInt8] {
        guard count > 0 else { return [] }
        let fd = handle.fileDescriptor
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var done = 0
            while done < count {
                let n = pread(fd, buffer.baseAddress! + done, count - done, off_t(offset + done))
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if n == 0 { break }
                done += n
            }
            initialized = done
        }
        if failure != 0 {
            throw ParquetError(.io, "read failed at offset \(offset): \(String(cString: strerror(failure)))", file: path)
        }
        guard bytes.count == count else {
            throw ParquetError(.truncated, "wanted \(count) bytes at offset \(offset), got \(bytes.count)", file: path)
        }
        return bytes
    }

    /// Decodes footer statistics as values of `type` (min_value/max_value, or the deprecated
    /// min/max for non-string types).
    static func statistics(_ s: StatisticsMetadata, _ type: ParquetType) -> ColumnStatistics {
        func value(_ bytes: [UInt8]?) -> ParquetValue? {
            guard let b = bytes else { return nil }
            func load<T>(_: T.Type) -> T? {
                b.count == MemoryLayout<T>.size ? b.withUnsafeBytes { $0.loadUnaligned(as: T.self) } : nil
            }
            switch type {
            case .boolean: return b.count == 1 ? .bool(b[0] != 0) : nil
            case .int32: return load(Int32.self).map { .int(Int64($0)) }
            case .date: return load(Int32.self).map { .date($0) }
            case .int64: return load(Int64.self).map { .int($0) }
            case .timestamp(let unit, let utc): return load(Int64.self).map { .timestamp($0, unit, utc: utc) }
            case .float: return load(Float.self).map { .double(Double($0)) }
            case .double: return load(Double.self).map { .double($0) }
            case .string: return .string(String(decoding: b, as: UTF8.self))
            case .binary: return .bytes(b)
            }
        }
        let legacyOK = type != .string && type != .binary
        return ColumnStatistics(nullCount: s.nullCount, min: value(s.minValue ?? (legacyOK ? s.min : nil)),
                                max: value(s.maxValue ?? (legacyOK ? s.max : nil)))
    }
}
