extension FileMetadata {
    /// The footer as Thrift compact bytes.
    func encoded() -> [UInt8] {
        var w = ThriftCompactWriter()
        w.i32(1, version)
        w.beginList(2, .structure, count: schema.count)
        for element in schema { element.encode(into: &w) }
        w.i64(3, numRows)
        w.beginList(4, .structure, count: rowGroups.count)
        for group in rowGroups { group.encode(into: &w) }
        if !keyValues.isEmpty {
            w.beginList(5, .structure, count: keyValues.count)
            for (key, value) in keyValues {
                w.beginStructElement()
                w.string(1, key)
                if let value { w.string(2, value) }
                w.endStruct()
            }
        }
        if let createdBy { w.string(6, createdBy) }
        // column_orders: TYPE_ORDER for every leaf, so readers trust min_value / max_value.
        let leaves = schema.filter { $0.numChildren == nil }.count
        w.beginList(7, .structure, count: leaves)
        for _ in 0..<leaves {
            w.beginStructElement()
            w.beginStruct(1)
            w.endStruct()
            w.endStruct()
        }
        w.endStruct()
        return w.bytes
    }
}

extension SchemaElement {
    func encode(into w: inout ThriftCompactWriter) {
        w.beginStructElement()
        if let type { w.i32(1, type.rawValue) }
        if let typeLength { w.i32(2, typeLength) }
        if let repetition { w.i32(3, repetition) }
        w.string(4, name)
        if let numChildren { w.i32(5, numChildren) }
        if let convertedType { w.i32(6, convertedType) }
        if let logicalType {
            w.beginStruct(10)
            switch logicalType {
            case .string: w.beginStruct(1); w.endStruct()
            case .list: w.beginStruct(3); w.endStruct()
            case .date: w.beginStruct(6); w.endStruct()
            case .timestamp(let utc, let unit):
                w.beginStruct(8)
                w.bool(1, utc)
                w.beginStruct(2)
                w.beginStruct(unit == .milliseconds ? 1 : unit == .microseconds ? 2 : 3)
                w.endStruct()
                w.endStruct()
                w.endStruct()
            case .map, .enumeration, .json, .integer, .other:
                break  // never written by this module
            }
            w.endStruct()
        }
        w.endStruct()
    }
}

extension RowGroupMetadata {
    func encode(into w: inout ThriftCompactWriter) {
        w.beginStructElement()
        w.beginList(1, .structure, count: columns.count)
        for column in columns {
            w.beginStructElement()
            w.i64(2, column.fileOffset)
            if let meta = column.meta {
                w.beginStruct(3)
                meta.encode(into: &w)
                w.endStruct()
            }
            w.endStruct()
        }
        w.i64(2, totalByteSize)
        w.i64(3, numRows)
        if let fileOffset { w.i64(5, fileOffset) }
        if let totalCompressedSize { w.i64(6, totalCompressedSize) }
        w.endStruct()
    }
}

extension ColumnMetadata {
    /// Writes the fields of ColumnMetaData (the caller opens and closes the struct).
    func encode(into w: inout ThriftCompactWriter) {
        w.i32(1, type.rawValue)
        w.i32List(2, encodings)
        w.stringList(3, path)
        w.i32(4, codec)
        w.i64(5, numValues)
        w.i64(6, totalUncompressedSize)
        w.i64(7, totalCompressedSize)
        w.i64(9, dataPageOffset)
        if let dictionaryPageOffset { w.i64(11, dictionaryPageOffset) }
        if let statistics {
            w.beginStruct(12)
            if let nullCount = statistics.nullCount { w.i64(3, nullCount) }
            if let maxValue = statistics.maxValue { w.binary(5, maxValue) }
            if let minValue = statistics.minValue { w.binary(6, minValue) }
            w.endStruct()
        }
    }
}

extension PageHeader {
    func encoded() -> [UInt8] {
        var w = ThriftCompactWriter()
        w.i32(1, type)
        w.i32(2, uncompressedSize)
        w.i32(3, compressedSize)
        if let dataPage {
            w.beginStruct(5)
            w.i32(1, dataPage.numValues)
            w.i32(2, dataPage.encoding)
            w.i32(3, dataPage.definitionLevelEncoding)
            w.i32(4, dataPage.repetitionLevelEncoding)
            w.endStruct()
        }
        if let dictionaryPage {
            w.beginStruct(7)
            w.i32(1, dictionaryPage.numValues)
            w.i32(2, dictionaryPage.encoding)
            w.endStruct()
        }
        w.endStruct()
        return w.bytes
    }
}
