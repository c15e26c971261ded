/// Encodes one column of one row group: optional dictionary page, then data pages (v1) each
/// holding whole rows, compressed; returns the bytes and the footer's column metadata.
struct ColumnChunkWriter {
    let field: ParquetField
    let options: ParquetWriterOptions
    let codec: PageCodec

    struct Output {
        var bytes: [UInt8]
        var metadata: ColumnChunkMetadata
        var uncompressedSize: Int
    }

    /// Definition and repetition levels, one entry per leaf slot, null list or empty list.
    func levels(_ data: ColumnData) -> (def: [UInt8], rep: [UInt8]) {
        let maxDef = UInt8(field.maxDefinitionLevel)
        guard let offsets = data.offsets else {
            guard maxDef > 0 else { return ([], []) }
            guard let validity = data.validity else { return (Array(repeating: 1, count: data.rowCount), []) }
            return (validity.map { $0 ? 1 : 0 }, [])
        }
        let listDef: UInt8 = field.nullable ? 1 : 0
        var def: [UInt8] = []
        var rep: [UInt8] = []
        let entries = data.slotCount + data.rowCount
        def.reserveCapacity(entries)
        rep.reserveCapacity(entries)
        for r in 0..<data.rowCount {
            if let lv = data.listValidity, !lv[r] {
                def.append(0); rep.append(0)
                continue
            }
            let s = offsets[r], e = offsets[r + 1]
            if s == e {
                def.append(listDef); rep.append(0)
                continue
            }
            rep.append(0)
            rep.append(contentsOf: repeatElement(1, count: e - s - 1))
            if let validity = data.validity {
                for k in s..<e { def.append(validity[k] ? maxDef : maxDef - 1) }
            } else {
                def.append(contentsOf: repeatElement(maxDef, count: e - s))
            }
        }
        return (def, rep)
    }

    /// Page boundaries as (entry range, value range), each page holding whole rows.
    func pages(_ data: ColumnData, entryCount: Int) -> [(Range<Int>, Range<Int>)] {
        let valueCount = data.values.count
        let totalBytes: Int
        switch data.values {
        case .byteArray(let b): totalBytes = b.bytes.count + 4 * b.count
        case .boolean(let v): totalBytes = v.count / 8
        case .int32(let v): totalBytes = 4 * v.count
        case .float(let v): totalBytes = 4 * v.count
        case .int64(let v): totalBytes = 8 * v.count
        case .double(let v): totalBytes = 8 * v.count
        }
        let pageCount = max(1, (totalBytes + options.dataPageSize - 1) / options.dataPageSize)
        guard pageCount > 1 else { return [(0..<entryCount, 0..<valueCount)] }
        let rowsPerPage = max(1, (data.rowCount + pageCount - 1) / pageCount)
        var result: [(Range<Int>, Range<Int>)] = []
        var entry = 0, value = 0
        var row = 0
        while row < data.rowCount {
            let end = min(data.rowCount, row + rowsPerPage)
            var entries = 0, values = 0
            if let offsets = data.offsets {
                for r in row..<end {
                    let n = offsets[r + 1] - offsets[r]
                    entries += max(1, n)
                }
                values = countPresent(data.validity, offsets[row]..<offsets[end])
                // Null lists hold no slots; present slots are counted above.
            } else {
                entries = end - row
                values = countPresent(data.validity, row..<end)
            }
            result.append((entry..<entry + entries, value..<value + values))
            entry += entries
            value += values
            row = end
        }
        return result
    }

    func countPresent(_ validity: [Bool]?, _ range: Range<Int>) -> Int {
        guard let validity else { return range.count }
        var n = 0
        for i in range where validity[i] { n += 1 }
        return n
    }

    func write(_ data: ColumnData, at fileOffset: Int) throws -> Output {
        let (def, rep) = levels(data)
        let entryCount = field.maxDefinitionLevel > 0 ? def.count : data.rowCount
        var out: [UInt8] = []
        var uncompressed = 0
        var dictionaryOffset: Int?
        var indices: [UInt32]?
        var dictionarySize = 0
        if options.dictionary, let (dictionary, found) = DictionaryBuilder.encode(data.values, limit: options.dictionaryPageSizeLimit) {
            var body: [UInt8] = []
            appendPlain(dictionary, 0..<dictionary.count, to: &body)
            dictionaryOffset = fileOffset
            dictionarySize = dictionary.count
            uncompressed += try appendPage(body, to: &out) { compressed in
                PageHeader(type: PageType.dictionaryPage.rawValue, uncompressedSize: Int32(body.count),
                           compressedSize: Int32(compressed),
                           dictionaryPage: DictionaryPageHeader(numValues: Int32(dictionary.count),
                                                                encoding: Encoding.plain.rawValue))
            }
            indices = found
        }
        let dataOffset = fileOffset + out.count
        let valueEncoding = indices == nil ? Encoding.plain : Encoding.rleDictionary
        for (entries, values) in pages(data, entryCount: entryCount) {
            var body: [UInt8] = []
            let levelWidth = { RleBitPackedEncoder.bitWidth(for: $0) }
            if field.maxRepetitionLevel > 0 { appendLevels(rep[entries], bitWidth: levelWidth(field.maxRepetitionLevel), to: &body) }
            if field.maxDefinitionLevel > 0 { appendLevels(def[entries], bitWidth: levelWidth(field.maxDefinitionLevel), to: &body) }
            if let indices {
                let width = RleBitPackedEncoder.bitWidth(for: dictionarySize - 1)
                body.append(UInt8(width))
                var encoder = RleBitPackedEncoder(bitWidth: width)
                indices[values].withUnsafeBufferPointer { encoder.encode($0) }
                body += encoder.bytes
            } else {
                appendPlain(data.values, values, to: &body)
            }
            uncompressed += try appendPage(body, to: &out) { compressed in
                PageHeader(type: PageType.dataPage.rawValue, uncompressedSize: Int32(body.count),
                           compressedSize: Int32(compressed),
                           dataPage: DataPageHeader(numValues: Int32(entries.count), encoding: valueEncoding.rawValue))
            }
        }
        let nulls = entryCount - data.values.count
        var encodings: [Int32] = [Encoding.plain.rawValue, Encoding.rle.rawValue]
        if indices != nil { encodings.append(Encoding.rleDictionary.rawValue) }
        let meta = ColumnMetadata(
            type: field.type.physical, encodings: encodings,
            path: field.isList ? [field.name, "list", "element"] : [field.name],
            codec: options.compression.code, numValues: Int64(entryCount),
            totalUncompressedSize: Int64(uncompressed), totalCompressedSize: Int64(out.count),
            dataPageOffset: Int64(dataOffset), dictionaryPageOffset: dictionaryOffset.map(Int64.init),
            statistics: StatisticsBuilder.make(data.values, nullCount: nulls))
        return Output(bytes: out, metadata: ColumnChunkMetadata(fileOffset: Int64(fileOffset), meta: meta),
                      uncompressedSize: uncompressed)
    }

    /// Compresses `body`, appends header and body; returns the uncompressed size (header included).
    private func appendPage(_ body: [UInt8], to out: inout [UInt8], header: (Int) -> PageHeader) throws -> Int {
        guard body.count <= Int(Int32.max) else {
            throw ParquetError(.invalidArgument, "column \(field.name): a page of \(body.count) bytes is too large")
        }
        let compressed = try codec.compress(body, with: options.compression)
        let headerBytes = header(compressed.count).encoded()
        out += headerBytes
        out += compressed
        return headerBytes.count + body.count
    }

    private func appendLevels(_ levels: ArraySlice<UInt8>, bitWidth: Int, to body: inout [UInt8]) {
        var encoder = RleBitPackedEncoder(bitWidth: bitWidth)
        levels.withUnsafeBufferPointer { encoder.encode($0) }
        withUnsafeBytes(of: UInt32(encoder.bytes.count).littleEndian) { body.append(contentsOf: $0) }
        body += encoder.bytes
    }

    private func appendPlain(_ values: ColumnValues, _ range: Range<Int>, to body: inout [UInt8]) {
        switch values {
        case .boolean(let v): PlainEncoding.appendBooleans(v[range], to: &body)
        case .int32(let v): PlainEncoding.append(v[range], to: &body)
        case .int64(let v): PlainEncoding.append(v[range], to: &body)
        case .float(let v): PlainEncoding.append(v[range], to: &body)
        case .double(let v): PlainEncoding.append(v[range], to: &body)
        case .byteArray(let b): PlainEncoding.appendByteArrays(b, range: range, to: &body)
        }
    }
}
