extension FileMetadata {
    /// Decodes the footer; throws `corruptMetadata` on anything malformed.
    init(decoding bytes: [UInt8]) throws {
        var r = ThriftCompactReader(bytes, what: "footer")
        var meta = FileMetadata()
        var sawSchema = false
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .i32): meta.version = try r.i32()
            case (2, .list):
                sawSchema = true
                try r.readStructList { r in meta.schema.append(try SchemaElement(from: &r)) }
            case (3, .i64): meta.numRows = try r.zigzag()
            case (4, .list):
                try r.readStructList { r in meta.rowGroups.append(try RowGroupMetadata(from: &r)) }
            case (5, .list):
                try r.readStructList { r in
                    var key = ""
                    var value: String?
                    try r.readStruct { r, id, type in
                        switch (id, type) {
                        case (1, .binary): key = try r.string()
                        case (2, .binary): value = try r.string()
                        default: return false
                        }
                        return true
                    }
                    meta.keyValues.append((key, value))
                }
            case (6, .binary): meta.createdBy = try r.string()
            default: return false
            }
            return true
        }
        guard sawSchema, !meta.schema.isEmpty else { throw r.corrupt("no schema") }
        guard meta.numRows >= 0 else { throw r.corrupt("negative row count") }
        self = meta
    }
}

extension SchemaElement {
    init(from r: inout ThriftCompactReader) throws {
        var e = SchemaElement()
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .i32):
                let raw = try r.i32()
                guard let t = PhysicalType(rawValue: raw) else { throw r.corrupt("unknown physical type \(raw)") }
                e.type = t
            case (2, .i32): e.typeLength = try r.i32()
            case (3, .i32): e.repetition = try r.i32()
            case (4, .binary): e.name = try r.string()
            case (5, .i32): e.numChildren = try r.i32()
            case (6, .i32): e.convertedType = try r.i32()
            case (10, .structure): e.logicalType = try LogicalTypeMeta.decode(&r)
            default: return false
            }
            return true
        }
        self = e
    }
}

extension LogicalTypeMeta {
    static func decode(_ r: inout ThriftCompactReader) throws -> LogicalTypeMeta? {
        var result: LogicalTypeMeta?
        try r.readStruct { r, id, type in
            guard type == .structure else { return false }
            switch id {
            case 1: result = .string
            case 2: result = .map
            case 3: result = .list
            case 4: result = .enumeration
            case 6: result = .date
            case 12: result = .json
            case 8:
                var utc = false
                var unit = ParquetTimeUnit.milliseconds
                try r.readStruct { r, id, type in
                    switch (id, type) {
                    case (1, .boolTrue): utc = true
                    case (1, .boolFalse): utc = false
                    case (2, .structure):
                        try r.readStruct { r, id, _ in
                            unit = id == 1 ? .milliseconds : id == 2 ? .microseconds : .nanoseconds
                            return false
                        }
                    default: return false
                    }
                    return true
                }
                result = .timestamp(utc: utc, unit: unit)
                return true
            case 10:
                var bits: Int8 = 32
                var signed = true
                try r.readStruct { r, id, type in
                    switch (id, type) {
                    case (1, .byte): bits = Int8(bitPattern: try r.byte())
                    case (2, .boolTrue): signed = true
                    case (2, .boolFalse): signed = false
                    default: return false
                    }
                    return true
                }
                result = .integer(bits: bits, signed: signed)
                return true
            default: result = .other(id)
            }
            return false  // skip the (mostly empty) inner struct
        }
        return result
    }
}

extension RowGroupMetadata {
    init(from r: inout ThriftCompactReader) throws {
        var g = RowGroupMetadata()
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .list):
                try r.readStructList { r in
                    var chunk = ColumnChunkMetadata()
                    try r.readStruct { r, id, type in
                        switch (id, type) {
                        case (1, .binary):
                            _ = try r.binary()
                            throw ParquetError(.unsupported, "column chunks in other files (file_path) are not supported")
                        case (2, .i64): chunk.fileOffset = try r.zigzag()
                        case (3, .structure): chunk.meta = try ColumnMetadata(from: &r)
                        default: return false
                        }
                        return true
                    }
                    g.columns.append(chunk)
                }
            case (2, .i64): g.totalByteSize = try r.zigzag()
            case (3, .i64): g.numRows = try r.zigzag()
            case (5, .i64): g.fileOffset = try r.zigzag()
            case (6, .i64): g.totalCompressedSize = try r.zigzag()
            default: return false
            }
            return true
        }
        self = g
    }
}

extension ColumnMetadata {
    init(from r: inout ThriftCompactReader) throws {
        var m = ColumnMetadata()
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .i32):
                let raw = try r.i32()
                guard let t = PhysicalType(rawValue: raw) else { throw r.corrupt("unknown physical type \(raw)") }
                m.type = t
            case (2, .list): m.encodings = try r.readI32List()
            case (3, .list): m.path = try r.readStringList()
            case (4, .i32): m.codec = try r.i32()
            case (5, .i64): m.numValues = try r.zigzag()
            case (6, .i64): m.totalUncompressedSize = try r.zigzag()
            case (7, .i64): m.totalCompressedSize = try r.zigzag()
            case (9, .i64): m.dataPageOffset = try r.zigzag()
            case (11, .i64): m.dictionaryPageOffset = try r.zigzag()
            case (12, .structure): m.statistics = try StatisticsMetadata(from: &r)
            default: return false
            }
            return true
        }
        self = m
    }
}

extension StatisticsMetadata {
    init(from r: inout ThriftCompactReader) throws {
        var s = StatisticsMetadata()
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .binary): s.max = try r.binary()
            case (2, .binary): s.min = try r.binary()
            case (3, .i64): s.nullCount = try r.zigzag()
            case (4, .i64): s.distinctCount = try r.zigzag()
            case (5, .binary): s.maxValue = try r.binary()
            case (6, .binary): s.minValue = try r.binary()
            default: return false
            }
            return true
        }
        self = s
    }
}

extension PageHeader {
    /// Decodes a page header starting at `reader`'s position.
    init(from r: inout ThriftCompactReader) throws {
        var h = PageHeader()
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .i32): h.type = try r.i32()
            case (2, .i32): h.uncompressedSize = try r.i32()
            case (3, .i32): h.compressedSize = try r.i32()
            case (5, .structure):
                var d = DataPageHeader()
                try r.readStruct { r, id, type in
                    switch (id, type) {
                    case (1, .i32): d.numValues = try r.i32()
                    case (2, .i32): d.encoding = try r.i32()
                    case (3, .i32): d.definitionLevelEncoding = try r.i32()
                    case (4, .i32): d.repetitionLevelEncoding = try r.i32()
                    default: return false
                    }
                    return true
                }
                h.dataPage = d
            case (7, .structure):
                var d = DictionaryPageHeader()
                try r.readStruct { r, id, type in
                    switch (id, type) {
                    case (1, .i32): d.numValues = try r.i32()
                    case (2, .i32): d.encoding = try r.i32()
                    default: return false
                    }
                    return true
                }
                h.dictionaryPage = d
            case (8, .structure):
                var d = DataPageHeaderV2()
                try r.readStruct { r, id, type in
                    switch (id, type) {
                    case (1, .i32): d.numValues = try r.i32()
                    case (2, .i32): d.numNulls = try r.i32()
                    case (3, .i32): d.numRows = try r.i32()
                    case (4, .i32): d.encoding = try r.i32()
                    case (5, .i32): d.definitionLevelsByteLength = try r.i32()
                    case (6, .i32): d.repetitionLevelsByteLength = try r.i32()
                    case (7, .boolTrue): d.isCompressed = true
                    case (7, .boolFalse): d.isCompressed = false
                    default: return false
                    }
                    return true
                }
                h.dataPageV2 = d
            default: return false
            }
            return true
        }
        guard h.compressedSize >= 0, h.uncompressedSize >= 0 else { throw r.corrupt("negative page size") }
        self = h
    }
}
