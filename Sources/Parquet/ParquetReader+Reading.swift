extension ParquetReader {
    /// Reads one row group.
    ///
    /// - Parameters:
    ///   - index: the row group, `0..<rowGroups.count`.
    ///   - columns: the names to read (projection), in the order wanted; nil reads every
    ///     supported column.
    /// - Returns: a batch with one `ColumnData` per requested column.
    /// - Throws: `invalidArgument` for an unknown column or row group, `unsupported` for a
    ///   column this reader cannot decode, `corruptPage` / `truncated` for damaged data.
    public func readRowGroup(_ index: Int, columns: [String]? = nil) throws -> RowBatch {
        let names = columns ?? schema.fields.map(\.name)
        var fields: [ParquetField] = []
        var data: [ColumnData] = []
        for name in names {
            let (field, column) = try readColumnWithField(name, rowGroup: index)
            fields.append(field)
            data.append(column)
        }
        return RowBatch(fields: fields, columns: data, rowCount: rowGroups[index].rowCount)
    }

    /// Streams the file row group by row group: reads the projected `columns` of each row group
    /// in `rowGroups` (all by default) and hands the batch to `body`; only one row group's
    /// columns are in memory at a time.
    ///
    /// ```swift
    /// try reader.forEachRowGroup(columns: ["title", "embedding"]) { batch in
    ///     let vectors = try batch["embedding"]!.floatLists()
    /// }
    /// ```
    public func forEachRowGroup(columns: [String]? = nil, rowGroups selected: [Int]? = nil,
                                _ body: (RowBatch) throws -> Void) throws {
        for index in selected ?? Array(rowGroups.indices) {
            try body(try readRowGroup(index, columns: columns))
        }
    }

    /// Reads one column of one row group.
    public func readColumn(_ name: String, rowGroup index: Int) throws -> ColumnData {
        try readColumnWithField(name, rowGroup: index).1
    }

    private func readColumnWithField(_ name: String, rowGroup index: Int) throws -> (ParquetField, ColumnData) {
        let path = url.path
        guard rowGroups.indices.contains(index) else {
            throw ParquetError(.invalidArgument, "row group \(index) does not exist (the file has \(rowGroups.count))", file: path)
        }
        guard let fieldIndex = schema.index(of: name) else {
            if let why = unsupportedColumns[name] {
                throw ParquetError(.unsupported, "column \(name) cannot be read: \(why)", file: path)
            }
            throw ParquetError(.invalidArgument, "no column named \(name) (columns: \(schema.fields.map(\.name).joined(separator: ", ")))", file: path)
        }
        guard let leafIndex = leafIndex(ofField: fieldIndex), let meta = chunkMetadata(rowGroup: index, leaf: leafIndex) else {
            throw ParquetError(.corruptMetadata, "column \(name) has no column chunk", file: path)
        }
        let field = schema.fields[fieldIndex]
        guard meta.type == field.type.physical else {
            throw ParquetError(.corruptMetadata, "column \(name) chunk type differs from its schema type", file: path)
        }
        let range = ParquetReader.chunkRange(meta)
        let bytes = try ParquetReader.read(fileHandle, path, at: Int(range.lowerBound), count: Int(range.count))
        let reader = ColumnChunkReader(leaf: leaf(leafIndex), meta: meta, codec: pageCodec)
        let column = try naming(path) {
            do {
                return try reader.read(bytes)
            } catch let error as ParquetError {
                throw ParquetError(error.kind, "row group \(index), column \(name): \(error.message)")
            }
        }
        guard column.rowCount == rowGroups[index].rowCount else {
            throw ParquetError(.corruptPage, "row group \(index), column \(name) has \(column.rowCount) rows, row group says \(rowGroups[index].rowCount)", file: path)
        }
        return (field, column)
    }

    /// The row groups whose statistics for `column` may satisfy `mayContain`; row groups
    /// without statistics are always kept (statistics can only rule a row group out).
    ///
    /// - Returns: row group indices in file order; empty when none may match.
    public func rowGroupIndices(where column: String, mayContain: (ColumnStatistics) -> Bool) -> [Int] {
        guard let fieldIndex = schema.index(of: column), let leafIndex = leafIndex(ofField: fieldIndex) else {
            return Array(rowGroups.indices)
        }
        return rowGroups.indices.filter { g in
            guard let stats = rowGroups[g].columns[leafIndex].statistics, stats.min != nil, stats.max != nil else { return true }
            return mayContain(stats)
        }
    }

    /// The row groups whose `column` range may overlap `range` (by min/max statistics).
    public func rowGroupIndices(where column: String, overlaps range: ClosedRange<ParquetValue>) -> [Int] {
        rowGroupIndices(where: column) { stats in
            guard let lo = stats.min, let hi = stats.max else { return true }
            return !(hi < range.lowerBound || range.upperBound < lo)
        }
    }
}

extension ParquetValue: Comparable {
    /// Orders values of the same kind (numbers with numbers, strings by UTF-8 bytes); values of
    /// different kinds order by kind, which never matters for statistics of one column.
    public static func < (a: ParquetValue, b: ParquetValue) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y
        case (.int(let x), .double(let y)): return Double(x) < y
        case (.double(let x), .int(let y)): return x < Double(y)
        case (.double(let x), .double(let y)): return x < y
        case (.date(let x), .date(let y)): return x < y
        case (.timestamp(let x, _, _), .timestamp(let y, _, _)): return x < y
        case (.string(let x), .string(let y)): return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8))
        case (.bytes(let x), .bytes(let y)): return x.lexicographicallyPrecedes(y)
        case (.bool(let x), .bool(let y)): return !x && y
        default: return a.rank < b.rank
        }
    }

    private var rank: Int {
        switch self {
        case .null: 0
        case .bool: 1
        case .int, .double: 2
        case .date: 3
        case .timestamp: 4
        case .string: 5
        case .bytes: 6
        case .list: 7
        }
    }
}
