import Foundation

/// Builds a dictionary of distinct byte arrays and the index of each value, giving up once the
/// dictionary's PLAIN size passes a limit (the writer then falls back to PLAIN).
struct DictionaryBuilder {
    private(set) var dictionary = ByteArrays()
    private(set) var indices: [UInt32] = []
    private var table: [Int32]
    private var mask: Int
    private var plainSize = 0
    let limit: Int

    init(limit: Int, expectedValues: Int) {
        self.limit = limit
        let capacity = max(1024, min(1 << 20, expectedValues).nextPowerOf2)
        table = Array(repeating: -1, count: capacity)
        mask = capacity - 1
        indices.reserveCapacity(expectedValues)
    }

    private static func hash(_ p: UnsafeRawBufferPointer) -> Int {
        var h = Hasher()
        h.combine(bytes: p)
        return h.finalize()
    }

    /// Adds every value of `values`; returns false as soon as the dictionary grows past `limit`.
    mutating func add(_ values: ByteArrays) -> Bool {
        values.bytes.withUnsafeBytes { raw in
            for i in 0..<values.count {
                let s = values.offsets[i], e = values.offsets[i + 1]
                let v = UnsafeRawBufferPointer(rebasing: raw[s..<e])
                var slot = DictionaryBuilder.hash(v) & mask
                while true {
                    let entry = table[slot]
                    if entry < 0 {
                        let index = dictionary.count
                        dictionary.append(bytes: v)
                        table[slot] = Int32(index)
                        indices.append(UInt32(index))
                        plainSize += 4 + v.count
                        if plainSize > limit { return false }
                        if dictionary.count * 2 > table.count { grow() }
                        break
                    }
                    let ds = dictionary.offsets[Int(entry)], de = dictionary.offsets[Int(entry) + 1]
                    if de - ds == v.count && dictionary.bytes.withUnsafeBytes({ d in
                        v.count == 0 || memcmp(d.baseAddress! + ds, v.baseAddress!, v.count) == 0
                    }) {
                        indices.append(UInt32(entry))
                        break
                    }
                    slot = (slot + 1) & mask
                }
            }
            return true
        }
    }

    private mutating func grow() {
        let capacity = table.count * 2
        table = Array(repeating: -1, count: capacity)
        mask = capacity - 1
        dictionary.bytes.withUnsafeBytes { raw in
            for i in 0..<dictionary.count {
                let v = UnsafeRawBufferPointer(rebasing: raw[dictionary.offsets[i]..<dictionary.offsets[i + 1]])
                var slot = DictionaryBuilder.hash(v) & mask
                while table[slot] >= 0 { slot = (slot + 1) & mask }
                table[slot] = Int32(i)
            }
        }
    }
}

extension Int {
    var nextPowerOf2: Int {
        self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount)
    }
}

extension DictionaryBuilder {
    /// Dictionary-encodes a column chunk's values: the distinct values (in first-seen order)
    /// and one index per value, or nil when the dictionary's PLAIN size would pass `limit`
    /// (the writer then writes PLAIN), for booleans, and for empty chunks.
    static func encode(_ values: ColumnValues, limit: Int) -> (ColumnValues, [UInt32])? {
        guard values.count > 0 else { return nil }
        switch values {
        case .boolean: return nil
        case .byteArray(let b):
            var builder = DictionaryBuilder(limit: limit, expectedValues: b.count)
            guard builder.add(b) else { return nil }
            return (.byteArray(builder.dictionary), builder.indices)
        case .int32(let v): return fixed(v, key: { UInt32(bitPattern: $0) }, limit: limit).map { (.int32($0), $1) }
        case .int64(let v): return fixed(v, key: { UInt64(bitPattern: $0) }, limit: limit).map { (.int64($0), $1) }
        // Floats are keyed by bit pattern, so -0.0 and 0.0 (and NaN payloads) stay distinct.
        case .float(let v): return fixed(v, key: { $0.bitPattern }, limit: limit).map { (.float($0), $1) }
        case .double(let v): return fixed(v, key: { $0.bitPattern }, limit: limit).map { (.double($0), $1) }
        }
    }

    private static func fixed<T, Key: Hashable>(_ values: [T], key: (T) -> Key, limit: Int) -> ([T], [UInt32])? {
        let maxEntries = max(1, limit / MemoryLayout<T>.size)
        var positions: [Key: UInt32] = [:]
        positions.reserveCapacity(min(values.count, maxEntries))
        var dictionary: [T] = []
        var indices: [UInt32] = []
        indices.reserveCapacity(values.count)
        for v in values {
            let k = key(v)
            if let i = positions[k] {
                indices.append(i)
            } else {
                guard dictionary.count < maxEntries else { return nil }
                let i = UInt32(dictionary.count)
                positions[k] = i
                dictionary.append(v)
                indices.append(i)
            }
        }
        return (dictionary, indices)
    }
}
