/// Reads the Thrift compact protocol from untrusted bytes.
///
/// Every length is checked against the bytes left, and nesting is limited, so a corrupt footer
/// or page header throws `ParquetError` instead of trapping or allocating without bound.
struct ThriftCompactReader {
    typealias FieldType = ThriftCompactWriter.FieldType

    private let bytes: [UInt8]
    private(set) var position: Int
    private let end: Int
    private var depth = 0
    /// What the bytes are, for messages ("footer", "page header").
    let what: String

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil, what: String) {
        self.bytes = bytes
        self.position = start
        self.end = end ?? bytes.count
        self.what = what
    }

    func corrupt(_ message: String) -> ParquetError {
        ParquetError(what == "footer" ? .corruptMetadata : .corruptPage,
                     "corrupt \(what): \(message) at byte \(position)")
    }

    mutating func byte() throws -> UInt8 {
        guard position < end else { throw corrupt("unexpected end") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            guard shift < 64 else { throw corrupt("varint too long") }
        }
    }

    mutating func zigzag() throws -> Int64 {
        let v = try varint()
        return Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1)
    }

    mutating func i32() throws -> Int32 {
        let v = try zigzag()
        guard let r = Int32(exactly: v) else { throw corrupt("i32 out of range") }
        return r
    }

    mutating func binary() throws -> [UInt8] {
        let length = try varint()
        guard length <= UInt64(end - position) else {
            throw corrupt("binary of \(length) bytes runs past the end")
        }
        let n = Int(length)
        defer { position += n }
        return Array(bytes[position..<position + n])
    }

    mutating func string() throws -> String {
        String(decoding: try binary(), as: UTF8.self)
    }

    /// Reads a list header: element type and count (count checked against bytes left).
    mutating func listHeader() throws -> (FieldType, Int) {
        let header = try byte()
        var count = Int(header >> 4)
        if count == 15 {
            let c = try varint()
            guard c <= UInt64(end - position) else { throw corrupt("list of \(c) elements is too long") }
            count = Int(c)
        }
        guard let type = FieldType(rawValue: header & 0x0F) else { throw corrupt("bad list element type") }
        return (type, count)
    }

    /// Reads one struct, calling `field` for each field id and type; unknown fields are skipped
    /// when `field` returns false.
    mutating func readStruct(_ field: (inout ThriftCompactReader, Int16, FieldType) throws -> Bool) throws {
        depth += 1
        defer { depth -= 1 }
        guard depth <= 32 else { throw corrupt("structs nested too deep") }
        var lastId: Int16 = 0
        while true {
            let header = try byte()
            if header == 0 { return }
            guard let type = FieldType(rawValue: header & 0x0F) else { throw corrupt("bad field type \(header & 0x0F)") }
            let delta = Int16(header >> 4)
            let id: Int16
            if delta != 0 {
                id = lastId &+ delta
            } else {
                let z = try zigzag()
                guard let i = Int16(exactly: z) else { throw corrupt("bad field id") }
                id = i
            }
            lastId = id
            if try !field(&self, id, type) { try skip(type) }
        }
    }

    /// Reads a list of structs, calling `element` for each.
    mutating func readStructList(_ element: (inout ThriftCompactReader) throws -> Void) throws {
        let (type, count) = try listHeader()
        guard type == .structure else { throw corrupt("expected a list of structs") }
        for _ in 0..<count { try element(&self) }
    }

    mutating func readI32List() throws -> [Int32] {
        let (type, count) = try listHeader()
        guard type == .i32 else { throw corrupt("expected a list of i32") }
        var out: [Int32] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try i32()) }
        return out
    }

    mutating func readStringList() throws -> [String] {
        let (type, count) = try listHeader()
        guard type == .binary else { throw corrupt("expected a list of strings") }
        var out: [String] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try string()) }
        return out
    }

    /// Skips a value of the given type.
    mutating func skip(_ type: FieldType) throws {
        switch type {
        case .boolTrue, .boolFalse, .stop: return
        case .byte: position += 1
        case .i16, .i32, .i64: _ = try varint()
        case .double: position += 8
        case .binary: _ = try binary()
        case .list, .set:
            let (element, count) = try listHeader()
            depth += 1
            defer { depth -= 1 }
            guard depth <= 32 else { throw corrupt("lists nested too deep") }
            for _ in 0..<count {
                if element == .boolTrue || element == .boolFalse { position += 1 } else { try skip(element) }
            }
        case .map:
            let count = try varint()
            guard count <= UInt64(end - position) else { throw corrupt("map too long") }
            if count > 0 {
                let kv = try byte()
                guard let k = FieldType(rawValue: kv >> 4), let v = FieldType(rawValue: kv & 0x0F) else {
                    throw corrupt("bad map types")
                }
                for _ in 0..<count { try skip(k); try skip(v) }
            }
        case .structure:
            try readStruct { _, _, _ in false }
        }
        guard position <= end else { throw corrupt("value runs past the end") }
    }
}
