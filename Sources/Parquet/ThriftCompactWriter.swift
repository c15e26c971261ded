/// Writes the Thrift compact protocol, the encoding of Parquet's footer and page headers.
///
/// Only what Parquet needs: structs, lists, i16/i32/i64, binary and bool fields. Field ids are
/// delta-encoded against the previous field of the same struct, so nested structs keep a stack.
struct ThriftCompactWriter {
    /// Compact type ids (thrift/doc/specs/thrift-compact-protocol.md).
    enum FieldType: UInt8 {
        case stop = 0, boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6
        case double = 7, binary = 8, list = 9, set = 10, map = 11, structure = 12
    }

    private(set) var bytes: [UInt8] = []
    private var lastFieldIds: [Int16] = [0]

    init() { bytes.reserveCapacity(256) }

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func zigzag(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func fieldHeader(_ id: Int16, _ type: FieldType) {
        let delta = Int(id) - Int(lastFieldIds[lastFieldIds.count - 1])
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta << 4) | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            zigzag(Int64(id))
        }
        lastFieldIds[lastFieldIds.count - 1] = id
    }

    mutating func i32(_ id: Int16, _ value: Int32) {
        fieldHeader(id, .i32)
        zigzag(Int64(value))
    }

    mutating func i64(_ id: Int16, _ value: Int64) {
        fieldHeader(id, .i64)
        zigzag(value)
    }

    mutating func bool(_ id: Int16, _ value: Bool) {
        fieldHeader(id, value ? .boolTrue : .boolFalse)
    }

    mutating func binary(_ id: Int16, _ value: [UInt8]) {
        fieldHeader(id, .binary)
        rawBinary(value)
    }

    mutating func string(_ id: Int16, _ value: String) {
        binary(id, Array(value.utf8))
    }

    mutating func rawBinary(_ value: [UInt8]) {
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Opens a struct-valued field; close it with `endStruct()`.
    mutating func beginStruct(_ id: Int16) {
        fieldHeader(id, .structure)
        lastFieldIds.append(0)
    }

    /// Opens a struct that is a list element (no field header).
    mutating func beginStructElement() {
        lastFieldIds.append(0)
    }

    /// Writes the stop byte of the innermost struct.
    mutating func endStruct() {
        bytes.append(FieldType.stop.rawValue)
        lastFieldIds.removeLast()
    }

    /// Opens a list field of `count` elements of type `element`; elements follow directly.
    mutating func beginList(_ id: Int16, _ element: FieldType, count: Int) {
        fieldHeader(id, .list)
        if count < 15 {
            bytes.append(UInt8(count << 4) | element.rawValue)
        } else {
            bytes.append(0xF0 | element.rawValue)
            varint(UInt64(count))
        }
    }

    mutating func i32List(_ id: Int16, _ values: [Int32]) {
        beginList(id, .i32, count: values.count)
        for v in values { zigzag(Int64(v)) }
    }

    mutating func stringList(_ id: Int16, _ values: [String]) {
        beginList(id, .binary, count: values.count)
        for v in values { rawBinary(Array(v.utf8)) }
    }
}
