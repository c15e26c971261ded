import Foundation

/// One segment of a partition: its `.log` file, its `.index` file and the index in memory.
final class LogSegment {
    let baseOffset: Int64
    let file: LogFile
    let indexFile: LogFile
    /// Bytes of valid data (the file's size once recovered).
    var size: Int64 = 0
    /// One entry per batch, in order.
    var entries: [IndexEntry] = []
    /// Damaged ranges found when the segment was scanned.
    var corrupt: [CorruptRange] = []
    /// The offset after the segment's last record.
    var endOffset: Int64

    init(directory: String, baseOffset: Int64, create: Bool = true) throws {
        self.baseOffset = baseOffset
        self.endOffset = baseOffset
        let stem = directory + "/" + LogSegment.fileStem(baseOffset)
        file = try LogFile(path: stem + ".log", create: create)
        // A reader that finds no index file (a writer between creating the two) scans the segment.
        indexFile = try LogFile(path: stem + ".index", create: create || !FileManager.default.fileExists(atPath: stem + ".index"))
        size = try file.size()
    }

    static func fileStem(_ baseOffset: Int64) -> String {
        let digits = String(baseOffset)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    /// Loads the index file of a segment that is no longer written; false if it is missing or
    /// inconsistent (then the caller rebuilds it by scanning). The last batch's record count is
    /// read from its header, so `endOffset` is exact.
    func loadIndex() throws -> Bool {
        let bytes = try indexFile.readAll()
        guard !bytes.isEmpty, bytes.count % 16 == 0 else { return false }
        var loaded: [IndexEntry] = []
        loaded.reserveCapacity(bytes.count / 16)
        bytes.withUnsafeBytes { raw in
            for i in stride(from: 0, to: raw.count, by: 16) {
                loaded.append(IndexEntry(
                    offset: Int64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: Int64.self)),
                    position: Int64(littleEndian: raw.loadUnaligned(fromByteOffset: i + 8, as: Int64.self))))
            }
        }
        guard loaded[0].offset == baseOffset, loaded[0].position == 0 else { return false }
        // Untrusted: every position must lie inside the segment and every offset be sane.
        guard loaded.allSatisfy({ $0.offset >= 0 && $0.position >= 0 && $0.position < size }) else { return false }
        for i in 1..<loaded.count where loaded[i].offset <= loaded[i - 1].offset || loaded[i].position <= loaded[i - 1].position {
            return false
        }
        // The last batch must be whole and end exactly at the end of the file.
        var header = [UInt8](repeating: 0, count: RecordBatch.headerSize + RecordBatch.bodyFixedSize)
        let last = loaded[loaded.count - 1]
        let n = try header.withUnsafeMutableBytes { try file.read(into: $0, at: last.position) }
        guard n == header.count else { return false }
        let (length, count) = header.withUnsafeBytes { raw in
            (Int64(raw.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian),
             Int64(raw.loadUnaligned(fromByteOffset: 20, as: UInt32.self).littleEndian))
        }
        guard last.position + Int64(RecordBatch.headerSize) + length == size else { return false }
        let (end, overflow) = last.offset.addingReportingOverflow(count)
        guard !overflow else { return false }
        entries = loaded
        endOffset = end
        return true
    }

    /// Replaces the index file with the entries in memory.
    func rewriteIndex() throws {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entries.count * 16)
        for entry in entries {
            withUnsafeBytes(of: entry.offset.littleEndian) { bytes.append(contentsOf: $0) }
            withUnsafeBytes(of: entry.position.littleEndian) { bytes.append(contentsOf: $0) }
        }
        try indexFile.truncate(to: 0)
        try bytes.withUnsafeBytes { try indexFile.write($0, at: 0) }
    }

    /// Appends one entry to the index, in memory and in the file.
    func appendIndexEntry(_ entry: IndexEntry) throws {
        var raw = (entry.offset.littleEndian, entry.position.littleEndian)
        try withUnsafeBytes(of: &raw) { try indexFile.write($0, at: Int64(entries.count) * 16) }
        entries.append(entry)
    }
}

/// The result of walking a segment's bytes batch by batch.
///
/// After an invalid or incomplete batch the scan looks for the next position holding a whole
/// valid batch (magic, length, CRC): if there is one, the bytes between are a ``CorruptRange``;
/// if not, they are the segment's `tail` (a write cut short).
struct SegmentScan {
    var entries: [IndexEntry] = []
    var corrupt: [CorruptRange] = []
    var endOffset: Int64
    /// Where the valid data ends, and why, if bytes follow that are not a valid batch.
    var tail: (position: Int64, reason: String)?
    /// A whole batch at `tail` that fails its check although every byte of it was written:
    /// damage to data that was on disk (bit rot), not a write cut short. Its length, how many
    /// offsets it claims (at least 1), and a reason when it is more precise than the tail's.
    var damagedTailBatch: (length: Int64, records: Int64, reason: String?)?

    init(bytes: UnsafeRawBufferPointer, baseOffset: Int64) {
        endOffset = baseOffset
        var position = 0
        while position < bytes.count {
            let reason: String
            switch RecordBatch.parse(bytes, at: position) {
            case .valid(let base, let count, let length) where base == endOffset:
                entries.append(IndexEntry(offset: base, position: Int64(position)))
                position += length
                endOffset += Int64(count)
                continue
            case .valid(let base, _, _):
                reason = "batch has base offset \(base), expected \(endOffset)"
            case .incomplete:
                reason = "incomplete batch"
            case .invalid(let why):
                reason = why
            }
            if let next = SegmentScan.nextValidBatch(bytes, after: position, minimumOffset: endOffset) {
                corrupt.append(CorruptRange(
                    firstOffset: endOffset, endOffset: next.baseOffset, position: Int64(position),
                    length: Int64(next.position - position), reason: reason))
                position = next.position
                endOffset = next.baseOffset
            } else {
                tail = (Int64(position), reason)
                damagedTailBatch = SegmentScan.wholeDamagedBatch(bytes, at: position, expectedBase: endOffset)
                break
            }
        }
    }

    /// The batch at `position` if all of its bytes are there but it is invalid, and it does not
    /// end in zeros (a block that never reached the disk reads back as zeros: a torn write).
    /// nil for a torn write: fewer bytes than the length field says, or a zero-filled end.
    static func wholeDamagedBatch(_ bytes: UnsafeRawBufferPointer, at position: Int, expectedBase: Int64) -> (length: Int64, records: Int64, reason: String?)? {
        let available = bytes.count - position
        guard available >= RecordBatch.headerSize + RecordBatch.bodyFixedSize else { return nil }
        if let intact = intactBodyUnderDamagedHeader(bytes, at: position, expectedBase: expectedBase) {
            return (Int64(RecordBatch.headerSize + intact.length), intact.records, "batch header damaged (magic or length field); its body passes the CRC")
        }
        guard bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self).littleEndian == RecordBatch.magic else { return nil }
        let length = Int(bytes.loadUnaligned(fromByteOffset: position + 4, as: UInt32.self).littleEndian)
        guard length >= RecordBatch.bodyFixedSize, length <= RecordBatch.maxBodyLength,
              RecordBatch.headerSize + length <= available else { return nil }
        let end = position + RecordBatch.headerSize + length
        let zeroTail = (max(position, end - 8)..<end).allSatisfy { bytes[$0] == 0 }
        guard !zeroTail else { return nil }
        let base = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: position + 12, as: Int64.self))
        let count = Int64(bytes.loadUnaligned(fromByteOffset: position + 20, as: UInt32.self).littleEndian)
        // Trust the claimed count only when the base is the expected one and the count fits the body.
        let records = base == expectedBase && count >= 1 && count <= Int64(length / 8) ? count : 1
        return (Int64(RecordBatch.headerSize + length), records, nil)
    }

    /// A batch at `position` whose magic or length field is damaged but whose body is whole: the
    /// records' framing gives the body's length, the stored CRC32C matches it and the base offset
    /// is the expected one. A torn write never alters bytes it wrote, so this is bit rot in an
    /// acknowledged batch. nil when the body does not check out (then the header decides).
    static func intactBodyUnderDamagedHeader(_ bytes: UnsafeRawBufferPointer, at position: Int, expectedBase: Int64) -> (length: Int, records: Int64)? {
        let start = position + RecordBatch.headerSize
        let available = min(bytes.count - start, RecordBatch.maxBodyLength)
        guard available >= RecordBatch.bodyFixedSize else { return nil }
        let count = Int(bytes.loadUnaligned(fromByteOffset: start + 8, as: UInt32.self).littleEndian)
        guard count >= 1, count <= (available - RecordBatch.bodyFixedSize) / 8 else { return nil }
        var cursor = RecordBatch.bodyFixedSize
        for _ in 0..<count {
            guard cursor + 8 <= available else { return nil }
            let keyLength = Int(bytes.loadUnaligned(fromByteOffset: start + cursor, as: UInt32.self).littleEndian)
            let valueLength = Int(bytes.loadUnaligned(fromByteOffset: start + cursor + 4, as: UInt32.self).littleEndian)
            cursor += 8
            guard keyLength <= available - cursor, valueLength <= available - cursor - keyLength else { return nil }
            cursor += keyLength + valueLength
        }
        let base = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: start, as: Int64.self))
        let stored = bytes.loadUnaligned(fromByteOffset: position + 8, as: UInt32.self).littleEndian
        let body = UnsafeRawBufferPointer(rebasing: bytes[start..<(start + cursor)])
        guard base == expectedBase, CRC32C.checksum(body) == stored else { return nil }
        return (cursor, Int64(count))
    }

    /// The first position after `position` where a whole valid batch with base ≥ `minimumOffset` starts.
    static func nextValidBatch(_ bytes: UnsafeRawBufferPointer, after position: Int, minimumOffset: Int64) -> (position: Int, baseOffset: Int64)? {
        var candidate = position + 1
        while candidate + RecordBatch.headerSize <= bytes.count {
            if bytes.loadUnaligned(fromByteOffset: candidate, as: UInt32.self).littleEndian == RecordBatch.magic,
               case .valid(let base, _, _) = RecordBatch.parse(bytes, at: candidate), base >= minimumOffset {
                return (candidate, base)
            }
            candidate += 1
        }
        return nil
    }
}
