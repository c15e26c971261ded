/// The on-disk record batch of the embedded log: length-prefixed and CRC32C-checked.
///
/// Layout, all integers little-endian:
/// ```
/// offset  size  field
///      0     4  magic  "JMLB"
///      4     4  body length (bytes from offset 12 to the batch end)
///      8     4  CRC32C of the body
///     12     8  base offset (the offset of the first record)        ┐
///     20     4  record count                                       │ body
///     24     …  records: key length u32, value length u32, key, value ┘
/// ```
/// A batch is written with one `pwrite`; a batch that is cut short or fails its CRC is never served.
enum RecordBatch {
    static let magic: UInt32 = 0x424C_4D4A  // bytes "JMLB"
    static let headerSize = 12
    static let bodyFixedSize = 12
    /// Upper bound on one batch's body: a larger length field is damage, not data.
    static let maxBodyLength = 256 << 20

    /// What a look at the bytes at one position found.
    enum Parse {
        /// A whole, valid batch of `totalLength` bytes.
        case valid(baseOffset: Int64, count: Int, totalLength: Int)
        /// The bytes end before the batch does (a torn tail, or damage in the length field).
        case incomplete
        /// A whole batch is there but it is not valid.
        case invalid(reason: String)
    }

    /// Checks the batch starting at `position` in `bytes` (header, length, CRC, record framing).
    static func parse(_ bytes: UnsafeRawBufferPointer, at position: Int) -> Parse {
        let available = bytes.count - position
        guard available >= headerSize else { return .incomplete }
        let magicValue = bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self).littleEndian
        guard magicValue == magic else { return .invalid(reason: "bad magic") }
        let length = Int(bytes.loadUnaligned(fromByteOffset: position + 4, as: UInt32.self).littleEndian)
        guard length >= bodyFixedSize, length <= maxBodyLength else {
            return .invalid(reason: "body length \(length) out of range")
        }
        guard available >= headerSize + length else { return .incomplete }
        let stored = bytes.loadUnaligned(fromByteOffset: position + 8, as: UInt32.self).littleEndian
        let body = UnsafeRawBufferPointer(rebasing: bytes[(position + headerSize)..<(position + headerSize + length)])
        let computed = CRC32C.checksum(body)
        guard stored == computed else { return .invalid(reason: "CRC32C mismatch") }
        let baseOffset = Int64(littleEndian: body.loadUnaligned(fromByteOffset: 0, as: Int64.self))
        let count = Int(body.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian)
        // Framing: the records must fill the body exactly.
        var cursor = bodyFixedSize
        for _ in 0..<count {
            guard cursor + 8 <= length else { return .invalid(reason: "record framing overruns the batch") }
            let keyLength = Int(body.loadUnaligned(fromByteOffset: cursor, as: UInt32.self).littleEndian)
            let valueLength = Int(body.loadUnaligned(fromByteOffset: cursor + 4, as: UInt32.self).littleEndian)
            cursor += 8
            guard keyLength <= length - cursor, valueLength <= length - cursor - keyLength else {
                return .invalid(reason: "record framing overruns the batch")
            }
            cursor += keyLength + valueLength
        }
        guard cursor == length, baseOffset >= 0 else { return .invalid(reason: "record framing does not fill the batch") }
        return .valid(baseOffset: baseOffset, count: count, totalLength: headerSize + length)
    }

    /// Calls `body` with each record of an already-validated batch at `position`.
    static func forEachRecord(
        _ bytes: UnsafeRawBufferPointer, at position: Int,
        _ body: (_ offset: Int64, _ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Void
    ) rethrows {
        let start = position + headerSize
        let baseOffset = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: start, as: Int64.self))
        let count = Int(bytes.loadUnaligned(fromByteOffset: start + 8, as: UInt32.self).littleEndian)
        var cursor = start + bodyFixedSize
        for index in 0..<count {
            let keyLength = Int(bytes.loadUnaligned(fromByteOffset: cursor, as: UInt32.self).littleEndian)
            let valueLength = Int(bytes.loadUnaligned(fromByteOffset: cursor + 4, as: UInt32.self).littleEndian)
            cursor += 8
            let key = UnsafeRawBufferPointer(rebasing: bytes[cursor..<(cursor + keyLength)])
            cursor += keyLength
            let value = UnsafeRawBufferPointer(rebasing: bytes[cursor..<(cursor + valueLength)])
            cursor += valueLength
            try body(baseOffset + Int64(index), key, value)
        }
    }
}

/// Builds one batch in memory, record by record, then seals it with its base offset and CRC.
struct RecordBatchBuilder {
    private(set) var bytes: [UInt8]
    private(set) var count = 0

    init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity + RecordBatch.headerSize + RecordBatch.bodyFixedSize)
        bytes.append(contentsOf: repeatElement(0, count: RecordBatch.headerSize + RecordBatch.bodyFixedSize))
    }

    var isEmpty: Bool { count == 0 }
    var byteCount: Int { bytes.count }

    mutating func append(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        let lengths = (UInt32(key.count).littleEndian, UInt32(value.count).littleEndian)
        withUnsafeBytes(of: lengths) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: key)
        bytes.append(contentsOf: value)
        count += 1
    }

    /// Writes the header: magic, length, base offset, count and the CRC over the body.
    mutating func seal(baseOffset: Int64) {
        let count = self.count
        bytes.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: RecordBatch.magic.littleEndian, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: UInt32(raw.count - RecordBatch.headerSize).littleEndian, toByteOffset: 4, as: UInt32.self)
            raw.storeBytes(of: baseOffset.littleEndian, toByteOffset: 12, as: Int64.self)
            raw.storeBytes(of: UInt32(count).littleEndian, toByteOffset: 20, as: UInt32.self)
            let body = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(raw)[RecordBatch.headerSize...])
            raw.storeBytes(of: CRC32C.checksum(body).littleEndian, toByteOffset: 8, as: UInt32.self)
        }
    }
}
