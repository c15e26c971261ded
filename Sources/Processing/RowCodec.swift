/// The binary encoding of spill records: little-endian integers, length-prefixed UTF-8 strings
/// (`UInt32.max` for nil), lists as a count then their strings.
///
/// Reading checks every length against the bytes left, so a damaged spill file is a one-line
/// error, never a trap.
struct RowEncoder {
    var bytes: [UInt8] = []

    mutating func byte(_ b: UInt8) { bytes.append(b) }

    mutating func int(_ v: Int64) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func length(_ n: UInt32) {
        withUnsafeBytes(of: n.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ s: String?) {
        guard var s else { return length(UInt32.max) }
        s.withUTF8 { utf8 in
            length(UInt32(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func strings(_ list: [String]) {
        length(UInt32(list.count))
        for s in list { string(s) }
    }

    mutating func double(_ d: Double?) {
        guard let d else { return byte(0) }
        byte(1)
        int(Int64(bitPattern: d.bitPattern))
    }

    mutating func raw(_ data: some Collection<UInt8>) {
        length(UInt32(data.count))
        bytes.append(contentsOf: data)
    }
}

/// Reads what `RowEncoder` wrote, from `bytes[offset..<end]`.
struct RowDecoder {
    let bytes: [UInt8]
    var offset: Int
    let end: Int

    struct Truncated: Error {}

    init(_ bytes: [UInt8], from offset: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.offset = offset
        self.end = end ?? bytes.count
    }

    mutating func byte() throws -> UInt8 {
        guard offset < end else { throw Truncated() }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func int() throws -> Int64 {
        guard end - offset >= 8 else { throw Truncated() }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return Int64(bitPattern: v)
    }

    mutating func length() throws -> UInt32 {
        guard end - offset >= 4 else { throw Truncated() }
        let n = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
        offset += 4
        return n
    }

    mutating func string() throws -> String? {
        let n = try length()
        if n == UInt32.max { return nil }
        guard Int(n) <= end - offset else { throw Truncated() }
        defer { offset += Int(n) }
        return String(decoding: bytes[offset..<offset + Int(n)], as: UTF8.self)
    }

    mutating func requiredString() throws -> String {
        guard let s = try string() else { throw Truncated() }
        return s
    }

    mutating func strings() throws -> [String] {
        let n = Int(try length())
        guard n <= (end - offset) / 4 else { throw Truncated() }
        var list: [String] = []
        list.reserveCapacity(n)
        for _ in 0..<n { list.append(try requiredString()) }
        return list
    }

    mutating func double() throws -> Double? {
        guard try byte() == 1 else { return nil }
        return Double(bitPattern: UInt64(bitPattern: try int()))
    }

    mutating func raw() throws -> ArraySlice<UInt8> {
        let n = Int(try length())
        guard n <= end - offset else { throw Truncated() }
        defer { offset += n }
        return bytes[offset..<offset + n]
    }
}
