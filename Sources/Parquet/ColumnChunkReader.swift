/// Decodes the pages of one column chunk into a `ColumnData`.
///
/// Reads dictionary pages and data pages v1 and v2; PLAIN, PLAIN_DICTIONARY / RLE_DICTIONARY,
/// RLE booleans, DELTA_BINARY_PACKED integers and BYTE_STREAM_SPLIT values; every size read
/// from the file is checked before use.
struct ColumnChunkReader {
    let leaf: LeafColumn
    let meta: ColumnMetadata
    let codec: PageCodec

    /// The most values one column chunk may decode to: 64 per byte of the chunk, and at least
    /// 16 Mi. RLE lets a few bytes stand for any number of values, so a count from the footer or
    /// a page header is bounded here rather than trusted (a legit chunk needing more is refused
    /// with this message, never allocated blindly).
    static func maxValues(chunkBytes: Int) -> Int { max(chunkBytes.multipliedReportingOverflow(by: 64).partialValue, 1 << 24) }

    /// The most bytes of byte-array values one page may decode to (dictionary gathers and
    /// DELTA_BYTE_ARRAY prefixes copy bytes, so output can outgrow the page): 1 GiB.
    static let maxDecodedBytes = 1 << 30

    func read(_ bytes: [UInt8]) throws -> ColumnData {
        var values = ValueAccumulator(leaf.physical)
        let limit = Self.maxValues(chunkBytes: bytes.count)
        guard meta.numValues <= Int64(limit) else {
            throw ParquetError(.corruptPage, "column \(leaf.path.joined(separator: ".")) claims \(meta.numValues) values in \(bytes.count) bytes, more than the limit of \(limit)")
        }
        values.reserve(min(meta.numValues, Int64(bytes.count) + 1024))
        var defs: [UInt8] = []
        var reps: [UInt8] = []
        var dictionary: ColumnValues?
        var levelsRead = 0
        var pos = 0
        let expected = Int(clamping: meta.numValues)
        let defWidth = RleBitPackedEncoder.bitWidth(for: leaf.maxDefinitionLevel)
        let repWidth = RleBitPackedEncoder.bitWidth(for: leaf.maxRepetitionLevel)
        while pos < bytes.count && levelsRead < expected {
            var r = ThriftCompactReader(bytes, from: pos, what: "page header")
            let header = try PageHeader(from: &r)
            pos = r.position
            let size = Int(header.compressedSize)
            guard size <= bytes.count - pos else {
                throw ParquetError(.corruptPage, "page at byte \(pos) of column \(leaf.path.joined(separator: ".")) claims \(size) bytes, only \(bytes.count - pos) left")
            }
            let body = pos..<pos + size
            pos += size
            guard let type = PageType(rawValue: header.type) else { continue }  // unknown pages are skipped
            switch type {
            case .indexPage: continue
            case .dictionaryPage:
                guard let dict = header.dictionaryPage else { throw ParquetError(.corruptPage, "dictionary page without its header") }
                guard dict.numValues >= 0 else { throw ParquetError(.corruptPage, "negative dictionary size") }
                var acc = ValueAccumulator(leaf.physical)
                try withPage(bytes, body, Int(header.uncompressedSize)) { try acc.appendPlain($0, count: Int(dict.numValues)) }
                dictionary = acc.finish()
            case .dataPage:
                guard let page = header.dataPage else { throw ParquetError(.corruptPage, "data page without its header") }
                let n = Int(page.numValues)
                guard n >= 0, n <= expected - levelsRead else { throw ParquetError(.corruptPage, "data page holds \(n) values, more than the column chunk's \(expected)") }
                try withPage(bytes, body, Int(header.uncompressedSize)) { buf in
                    var p = 0
                    if leaf.maxRepetitionLevel > 0 {
                        p += try readLevelsV1(buf, from: p, width: repWidth, count: n, into: &reps, encoding: page.repetitionLevelEncoding)
                    }
                    if leaf.maxDefinitionLevel > 0 {
                        p += try readLevelsV1(buf, from: p, width: defWidth, count: n, into: &defs, encoding: page.definitionLevelEncoding)
                    }
                    let present = presentCount(defs, last: n)
                    try decodeValues(UnsafeRawBufferPointer(rebasing: buf[p...]), encoding: page.encoding, count: present,
                                     dictionary: dictionary, into: &values)
                }
                levelsRead += n
            case .dataPageV2:
                guard let page = header.dataPageV2 else { throw ParquetError(.corruptPage, "data page v2 without its header") }
                let n = Int(page.numValues)
                let repLength = Int(page.repetitionLevelsByteLength), defLength = Int(page.definitionLevelsByteLength)
                guard n >= 0, n <= expected - levelsRead, repLength >= 0, defLength >= 0, repLength + defLength <= size else {
                    throw ParquetError(.corruptPage, "data page v2 header is inconsistent")
                }
                try bytes.withUnsafeBytes { all in
                    let levelStart = body.lowerBound
                    if leaf.maxRepetitionLevel > 0 {
                        try RleBitPackedDecoder.decode(UnsafeRawBufferPointer(rebasing: all[levelStart..<levelStart + repLength]),
                                                       bitWidth: repWidth, count: n, into: &reps)
                    }
                    if leaf.maxDefinitionLevel > 0 {
                        try RleBitPackedDecoder.decode(UnsafeRawBufferPointer(rebasing: all[levelStart + repLength..<levelStart + repLength + defLength]),
                                                       bitWidth: defWidth, count: n, into: &defs)
                    }
                }
                let valueRange = body.lowerBound + repLength + defLength..<body.upperBound
                let uncompressedValues = Int(header.uncompressedSize) - repLength - defLength
                guard uncompressedValues >= 0 else { throw ParquetError(.corruptPage, "data page v2 sizes are inconsistent") }
                let present = presentCount(defs, last: n)
                try withPage(bytes, valueRange, uncompressedValues, compressed: page.isCompressed) {
                    try decodeValues($0, encoding: page.encoding, count: present, dictionary: dictionary, into: &values)
                }
                levelsRead += n
            }
        }
        guard levelsRead == expected else {
            throw ParquetError(.corruptPage, "column \(leaf.path.joined(separator: ".")) has \(levelsRead) values in its pages, metadata says \(expected)")
        }
        return try assemble(values.finish(), defs: defs, reps: reps, count: levelsRead)
    }

    /// Passes the page body in `range` to `body`, decompressed to `size` bytes when `compressed`.
    private func withPage(_ bytes: [UInt8], _ range: Range<Int>, _ size: Int, compressed: Bool = true,
                          _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard size >= 0, size <= 1 << 30 else { throw ParquetError(.corruptPage, "page claims \(size) uncompressed bytes") }
        // No codec expands beyond its format's ratio: a page claiming more is damaged (and would
        // otherwise make a few bytes allocate up to 1 GiB).
        if compressed, let ratio = PageCodec.maxExpansion(code: meta.codec) {
            let (bound, overflow) = range.count.multipliedReportingOverflow(by: ratio)
            guard overflow || size <= bound + 1024 else {
                throw ParquetError(.corruptPage, "page of \(range.count) \(ParquetCompression.named(code: meta.codec)) bytes claims \(size) uncompressed bytes, beyond the codec's ratio")
            }
        }
        try bytes.withUnsafeBytes { all in
            let input = UnsafeRawBufferPointer(rebasing: all[range])
            if compressed {
                try codec.withDecompressed(input, code: meta.codec, uncompressedSize: size, body)
            } else {
                try body(input)
            }
        }
    }

    /// The number of present values among the last `n` definition levels.
    private func presentCount(_ defs: [UInt8], last n: Int) -> Int {
        guard leaf.maxDefinitionLevel > 0 else { return n }
        let maxDef = UInt8(leaf.maxDefinitionLevel)
        var count = 0
        for i in (defs.count - n)..<defs.count where defs[i] == maxDef { count += 1 }
        return count
    }

    private func readLevelsV1(_ buf: UnsafeRawBufferPointer, from p: Int, width: Int, count: Int,
                              into levels: inout [UInt8], encoding: Int32) throws -> Int {
        guard encoding == Encoding.rle.rawValue else {
            throw ParquetError(.unsupported, "level encoding \(encoding) is not supported (only RLE)")
        }
        guard p + 4 <= buf.count else { throw ParquetError(.corruptPage, "levels length runs past the page") }
        let length = Int(buf.loadUnaligned(fromByteOffset: p, as: UInt32.self).littleEndian)
        guard length <= buf.count - p - 4 else { throw ParquetError(.corruptPage, "levels of \(length) bytes run past the page") }
        try RleBitPackedDecoder.decode(UnsafeRawBufferPointer(rebasing: buf[p + 4..<p + 4 + length]), bitWidth: width,
                                       count: count, into: &levels)
        return 4 + length
    }

    private func decodeValues(_ data: UnsafeRawBufferPointer, encoding: Int32, count: Int, dictionary: ColumnValues?,
                              into values: inout ValueAccumulator) throws {
        switch Encoding(rawValue: encoding) {
        case .plain:
            try values.appendPlain(data, count: count)
        case .plainDictionary, .rleDictionary:
            guard let dictionary else { throw ParquetError(.corruptPage, "dictionary-encoded page without a dictionary page") }
            guard count > 0 else { return }
            guard data.count >= 1 else { throw ParquetError(.corruptPage, "dictionary page data is empty") }
            var indices: [UInt32] = []
            try RleBitPackedDecoder.decode(UnsafeRawBufferPointer(rebasing: data[1...]), bitWidth: Int(data[0]), count: count, into: &indices)
            try values.appendGathered(dictionary, indices)
        case .rle where leaf.physical == .boolean:
            guard data.count >= 4 else { throw ParquetError(.corruptPage, "RLE booleans without length") }
            let length = Int(data.loadUnaligned(as: UInt32.self).littleEndian)
            guard length <= data.count - 4 else { throw ParquetError(.corruptPage, "RLE booleans run past the page") }
            var bits: [UInt8] = []
            try RleBitPackedDecoder.decode(UnsafeRawBufferPointer(rebasing: data[4..<4 + length]), bitWidth: 1, count: count, into: &bits)
            values.booleans += bits.map { $0 != 0 }
        case .deltaBinaryPacked where leaf.physical == .int32 || leaf.physical == .int64:
            var decoded: [Int64] = []
            try DeltaBinaryPackedDecoder.decode(data, count: count, into: &decoded)
            if leaf.physical == .int32 {
                values.int32s += decoded.map { Int32(truncatingIfNeeded: $0) }
            } else {
                values.int64s += decoded
            }
        case .deltaLengthByteArray where leaf.physical == .byteArray:
            try DeltaByteArrayDecoder.decodeLengths(data, count: count, into: &values.byteArrays)
        case .deltaByteArray where leaf.physical == .byteArray:
            try DeltaByteArrayDecoder.decodeIncremental(data, count: count, into: &values.byteArrays)
        case .byteStreamSplit:
            try values.appendByteStreamSplit(data, count: count)
        default:
            throw ParquetError(.unsupported, "encoding \(encoding) for \(leaf.physical) is not supported")
        }
    }

    /// Turns levels and dense values into validity, offsets and list validity.
    private func assemble(_ values: ColumnValues, defs: [UInt8], reps: [UInt8], count: Int) throws -> ColumnData {
        let maxDef = UInt8(leaf.maxDefinitionLevel)
        for d in defs where d > maxDef { throw ParquetError(.corruptPage, "definition level \(d) above the maximum \(maxDef)") }
        guard leaf.maxRepetitionLevel > 0 else {
            guard leaf.maxDefinitionLevel > 0 else { return ColumnData(values: values) }
            let validity = defs.map { $0 == maxDef }
            return ColumnData(values: values, validity: validity.contains(false) ? validity : nil)
        }
        guard leaf.maxRepetitionLevel == 1 else { throw ParquetError(.unsupported, "nested lists are not supported") }
        if defs.allSatisfy({ $0 == maxDef }) {
            // No null or empty lists and no null elements (embeddings): offsets from reps alone.
            var offsets: [Int] = []
            offsets.reserveCapacity(count / 8 + 2)
            reps.withUnsafeBufferPointer { r in
                for i in 0..<count where r[i] == 0 { offsets.append(i) }
            }
            guard offsets.first == 0 || count == 0 else {
                throw ParquetError(.corruptPage, "column chunk starts in the middle of a list")
            }
            offsets.append(count)
            return ColumnData(values: values, offsets: offsets)
        }
        let listDef = UInt8(leaf.listDefinitionLevel)
        var offsets: [Int] = []
        offsets.reserveGrowing(count / 4 + 2)
        var listValidity: [Bool] = []
        var validity: [Bool] = []
        validity.reserveGrowing(count)
        var anyNullList = false, anyNullElement = false
        for i in 0..<count {
            let d = defs.isEmpty ? maxDef : defs[i]
            if reps[i] == 0 {
                offsets.append(validity.count)
                listValidity.append(d >= listDef)
                if d < listDef { anyNullList = true }
            } else if offsets.isEmpty {
                throw ParquetError(.corruptPage, "column chunk starts in the middle of a list")
            }
            if d > listDef {
                validity.append(d == maxDef)
                if d != maxDef { anyNullElement = true }
            }
        }
        offsets.append(validity.count)
        return ColumnData(values: values, validity: anyNullElement ? validity : nil, offsets: offsets,
                          listValidity: anyNullList ? listValidity : nil)
    }
}
