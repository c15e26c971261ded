extension PartitionLog {
    /// Reads records from `offset` on, from one segment, up to about `configuration.fetchBytes`.
    ///
    /// - Parameters:
    ///   - offset: the first offset wanted; records before it in the same batch are skipped.
    ///   - maxRecords: at most this many records are passed to `body`.
    ///   - body: called with each record's offset, key and value (valid only during the call).
    /// - Returns: the offset after the last record passed to `body` (`offset` when none: at the end).
    /// - Throws: `EventLogError.corruptBatch` when the batch holding `offset` is damaged.
    func read(
        from offset: Int64, maxRecords: Int,
        _ body: (_ offset: Int64, _ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Void
    ) throws -> Int64 {
        guard offset < endOffset, maxRecords > 0 else { return offset }
        guard let segmentIndex = segments.lastIndex(where: { $0.baseOffset <= offset }) else { return offset }
        let segment = segments[segmentIndex]
        guard offset < segment.endOffset else {
            // Past this segment's records: the next segment (or the damaged tail of this one).
            if let range = segment.corrupt.last, offset >= range.firstOffset {
                throw corruptError(segment, offset: offset, position: range.position, reason: range.reason)
            }
            return offset
        }
        if let range = segment.corrupt.first(where: { offset >= $0.firstOffset && offset < $0.endOffset }) {
            throw corruptError(segment, offset: offset, position: range.position, reason: range.reason)
        }
        // The last batch starting at or before `offset`.
        var low = 0, high = segment.entries.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if segment.entries[mid].offset <= offset { low = mid } else { high = mid - 1 }
        }
        let entry = segment.entries[low]
        let available = Int(segment.size - entry.position)
        // Read at least the first whole batch, then as many more as fit in fetchBytes.
        var header = (UInt32(0), UInt32(0), UInt32(0))
        let headerRead = try withUnsafeMutableBytes(of: &header) { try segment.file.read(into: $0, at: entry.position) }
        guard headerRead == RecordBatch.headerSize else {
            throw corruptError(segment, offset: entry.offset, position: entry.position, reason: "batch header past end of file")
        }
        let firstLength = RecordBatch.headerSize + Int(UInt32(littleEndian: header.1))
        let want = min(available, max(configuration.fetchBytes, firstLength))
        if readBuffer.count < want { readBuffer = [UInt8](repeating: 0, count: want) }
        var next = offset
        var delivered = 0
        try readBuffer.withUnsafeMutableBytes { buffer in
            let n = try segment.file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]), at: entry.position)
            let bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[0..<n])
            var position = 0
            var expected = entry.offset
            while position < bytes.count, delivered < maxRecords {
                switch RecordBatch.parse(bytes, at: position) {
                case .valid(let base, let count, let length):
                    guard base == expected else {
                        throw corruptError(segment, offset: expected, position: entry.position + Int64(position),
                                           reason: "batch has base offset \(base), expected \(expected)")
                    }
                    try RecordBatch.forEachRecord(bytes, at: position) { recordOffset, key, value in
                        guard recordOffset >= next, delivered < maxRecords else { return }
                        try body(recordOffset, key, value)
                        next = recordOffset + 1
                        delivered += 1
                    }
                    position += length
                    expected = base + Int64(count)
                case .incomplete where position > 0:
                    return  // the fetch window ends inside the next batch: read it next time
                case .incomplete:
                    throw corruptError(segment, offset: expected, position: entry.position, reason: "incomplete batch")
                case .invalid(let reason):
                    if position > 0 && delivered > 0 { return }  // serve what came before; the next read throws
                    throw corruptError(segment, offset: expected, position: entry.position + Int64(position), reason: reason)
                }
            }
        }
        return next
    }

    private func corruptError(_ segment: LogSegment, offset: Int64, position: Int64, reason: String) -> EventLogError {
        .corruptBatch(topic: topic, partition: partition, offset: offset, file: segment.file.path, position: position, reason: reason)
    }
}
